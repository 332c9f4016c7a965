package dev.gavel.server.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.core.Secret;
import dev.gavel.market.auth.CredentialCipher;
import dev.gavel.sim.m26.M26Simulator;
import dev.gavel.sources.m26.M26HarImport;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.market.CredentialStore;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An import lands whole or not at all: when the pool cannot be stored, the template files it wrote go back. */
@WithPostgresAndRedis
class HarImportIT {

    @Test
    void a_pool_that_cannot_be_stored_puts_the_template_files_back_and_a_good_import_replaces_them(TestDatabase db)
            throws Exception {
        try (var sim = M26Simulator.start(0, Clock.systemUTC(), 4)) {
            sim.addAccount("imp");
            var capture = List.of(new M26HarImport.Capture("imp.har", sim.har("imp")));
            var dir = Files.createTempDirectory("gavel-templates");
            Files.writeString(
                    dir.resolve("search.json"),
                    Files.readString(
                            java.nio.file.Path.of("../sources/src/main/resources/dev/gavel/sources/m26/search.json")));
            String before = Files.readString(dir.resolve("search.json"));
            var cipher = CredentialCipher.fromSecretKey(Secret.of("a test key that is long enough to use"));

            var closed = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
            closed.migrate();
            closed.close();
            assertThatThrownBy(() -> MarketRuntime.importHar(
                            capture, new CredentialStore(closed.jdbi(), cipher, Clock.systemUTC()), dir))
                    .isInstanceOf(RuntimeException.class);
            assertThat(Files.readString(dir.resolve("search.json"))).isEqualTo(before);
            try (var files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("search.json");
            }

            try (var open = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()))) {
                var store = new CredentialStore(open.jdbi(), cipher, Clock.systemUTC());
                var imported = MarketRuntime.importHar(capture, store, dir);
                assertThat(imported.credentials()).isEqualTo(2);
                assertThat(Files.readString(dir.resolve("search.json")))
                        .isNotEqualTo(before)
                        .contains("imported from imp.har");
                assertThat(store.list("m26")).hasSize(2);
            }
        }
    }
}
