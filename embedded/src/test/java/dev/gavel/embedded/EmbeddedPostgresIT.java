package dev.gavel.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIT {
    private static final Path CACHE = Path.of(System.getProperty("java.io.tmpdir"), "gavel-postgres-binaries");

    @TempDir
    Path home;

    @Test
    void data_written_before_a_stop_is_there_after_a_restart_on_another_port() throws Exception {
        Path data = home.resolve("postgres");
        try (var first = EmbeddedPostgres.start(data, CACHE, Ports.free())) {
            try (var c = DriverManager.getConnection(first.jdbcUrl("postgres"), first.user(), "");
                    var s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        try (var second = EmbeddedPostgres.start(data, CACHE, Ports.free());
                var c = DriverManager.getConnection(second.jdbcUrl("postgres"), second.user(), "");
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void a_second_server_on_the_same_data_is_refused_with_a_clear_reason() {
        Path data = home.resolve("shared");
        try (var first = EmbeddedPostgres.start(data, CACHE, Ports.free())) {
            assertThatThrownBy(() -> EmbeddedPostgres.start(data, CACHE, Ports.free()))
                    .isInstanceOf(EmbeddedServerException.class)
                    .hasMessageContaining("in use by another Gavel process");
            assertThat(first.port()).isPositive();
        }
    }
}
