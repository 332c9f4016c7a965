package dev.gavel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@WithPostgresAndRedis
class DatabaseIT {

    @Test
    void migrations_build_the_schema_once_and_a_second_run_changes_nothing(TestDatabase db) throws Exception {
        try (var database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()))) {
            assertThat(database.migrate()).isGreaterThanOrEqualTo(1);
            assertThat(database.migrate()).isZero();

            var tables = database.jdbi().withHandle(h -> h.createQuery(
                            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                    .mapTo(String.class)
                    .list());
            assertThat(tables).contains("users", "roles", "user_roles", "api_keys", "flyway_schema_history");
            database.ping(2);
        }
    }

    @Test
    void an_unreachable_server_is_named_in_the_error() {
        var settings = new DatabaseSettings(
                "jdbc:postgresql://127.0.0.1:1/nowhere", "gavel", Optional.empty(), 2, Duration.ofSeconds(1));
        assertThatThrownBy(() -> Database.open(settings))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere");
    }
}
