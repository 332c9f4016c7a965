package dev.gavel.app;

import static dev.gavel.app.CliTest.gavel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.sim.m26.M26Simulator;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code gavel auth pool import-har|list}, {@code gavel auth refresh} and {@code gavel market collect} against the M26 simulator. */
@WithPostgresAndRedis
class MarketCommandIT {

    @Test
    void import_a_capture_list_the_pool_refresh_and_collect_pages_with_a_summary(TestDatabase db, TestRedis redis)
            throws Exception {
        try (var sim = M26Simulator.start(0, Clock.systemUTC(), 3)) {
            Path home = Files.createTempDirectory("gavel-cli");
            var env = new HashMap<String, String>(Map.of(
                    "GAVEL_DB_URL", db.url(),
                    "GAVEL_DB_USER", db.user(),
                    "GAVEL_REDIS_URL", redis.uri(),
                    "GAVEL_HOME", home.toString(),
                    "GAVEL_M26_BASE_URL", sim.baseUrl(),
                    "GAVEL_M26_ACCOUNTS_URL", sim.baseUrl(),
                    "GAVEL_M26_REQUESTS_PER_SECOND", "50"));

            // a broken capture names the file and the path, and imports nothing
            Path broken = home.resolve("broken.har");
            Files.writeString(
                    broken,
                    "{\"log\":{\"entries\":[{\"request\":{\"method\":\"POST\"},\"response\":{\"status\":200}}]}}");
            var refused = gavel(env, "auth", "pool", "import-har", broken.toString());
            assertThat(refused.code()).isEqualTo(2);
            assertThat(refused.err())
                    .contains(broken.toString())
                    .contains("/log/entries/0/request/url")
                    .contains("nothing was imported");
            assertThat(gavel(env, "auth", "pool", "list").out()).contains("the pool is empty");

            sim.addAccount("cli-1");
            Path capture = home.resolve("capture.har");
            Files.writeString(capture, sim.har("cli-1"));
            var imported = gavel(env, "auth", "pool", "import-har", capture.toString());
            assertThat(imported.code()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("imported 2 credential(s)").contains("search.json");
            assertThat(home.resolve("templates/m26/search.json")).exists();

            var list = gavel(env, "auth", "pool", "list");
            assertThat(list.out()).contains("cli-1").contains("SESSION_TICKET").contains("REFRESH_TOKEN");

            var refreshed = gavel(env, "auth", "refresh");
            assertThat(refreshed.code()).as(refreshed.err()).isZero();
            assertThat(refreshed.out()).contains("minted a session ticket for cli-1");

            var collected =
                    gavel(env, "market", "collect", "--source", "m26", "--query", "pageSize=20", "--pages", "3");
            assertThat(collected.code()).as(collected.err()).isZero();
            assertThat(collected.out())
                    .contains("page 3/3")
                    .contains("pages:         3 of 3")
                    .contains("fetched:       60 items")
                    .contains("soft failures: 0");

            var bad = gavel(env, "market", "collect", "--query", "team=Dallas Cowboys");
            assertThat(bad.code()).isEqualTo(2);
            assertThat(bad.err()).contains("--query team must be a team abbreviation");

            var noSuchWatch = gavel(env, "market", "watch", "--resume", "999");
            assertThat(noSuchWatch.code()).isEqualTo(2);
            assertThat(noSuchWatch.err()).contains("--resume 999: no such watch");
            var badInterval = gavel(env, "market", "watch", "--interval", "soon");
            assertThat(badInterval.code()).isEqualTo(2);
            assertThat(badInterval.err()).contains("--interval soon is not a duration");

            // a live watch in the foreground prints each committed change until it is stopped
            var out = new java.io.StringWriter();
            var err = new java.io.StringWriter();
            int[] code = {-1};
            var watching = new Thread(() -> code[0] = Main.run(
                    env,
                    new java.io.PrintWriter(out, true),
                    new java.io.PrintWriter(err, true),
                    "market",
                    "watch",
                    "--query",
                    "team=KC",
                    "--interval",
                    "2s"));
            watching.start();
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> out.toString().contains("polling m26") && cycles(db) >= 2);
            watching.interrupt();
            watching.join(15_000);
            assertThat(watching.isAlive()).isFalse();
            assertThat(code[0]).as(err.toString()).isZero();
            assertThat(out.toString()).contains("stays stored (resume with --resume");

            sim.injectFault(M26Simulator.Fault.BLAZE_ERROR, 10);
            var failed = gavel(env, "market", "collect", "--pages", "2");
            assertThat(failed.code()).isEqualTo(1);
            assertThat(failed.err()).contains("MUT_ERR_SEARCH_UNAVAILABLE");
        }
    }

    /** Full polls the foreground watch has committed (its checkpoint's cycle). */
    private static long cycles(TestDatabase db) throws Exception {
        try (var c = db.connect();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT coalesce(max(cycle), 0) FROM market_checkpoints")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
