package dev.gavel.store.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.jobs.JobRunStore.NewRun;
import dev.gavel.store.jobs.JobRunStore.Outcome;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runs' history: counts, the newest run and the newest success per job, newest runs first. */
@WithPostgresAndRedis
class JobRunStoreIT {
    private static final Instant T0 = Instant.parse("2026-12-01T03:00:00Z");

    private final Database database;
    private final JobRunStore runs;

    JobRunStoreIT(TestDatabase db) {
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        database.jdbi().useHandle(h -> h.execute("TRUNCATE job_runs"));
        runs = new JobRunStore(database.jdbi());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static NewRun run(String job, int minute, Outcome outcome, String message, long items) {
        Instant start = T0.plus(Duration.ofMinutes(minute));
        return new NewRun(job, "node-a", start, start.plusMillis(1500), outcome, message, items);
    }

    @Test
    void each_job_has_its_counts_its_newest_run_and_its_newest_success() {
        runs.record(run("prices", 0, Outcome.OK, "fetched", 250));
        runs.record(run("prices", 60, Outcome.FAILED, "source down", 0));
        runs.record(run("cleanup", 5, Outcome.OK, "removed", 12));

        var summaries = runs.summaries();

        assertThat(summaries).containsOnlyKeys("cleanup", "prices");
        var prices = summaries.get("prices");
        assertThat(prices.runs()).isEqualTo(2);
        assertThat(prices.failures()).isEqualTo(1);
        assertThat(prices.last().orElseThrow().message()).isEqualTo("source down");
        assertThat(prices.last().orElseThrow().duration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(prices.lastSuccess()).contains(T0.plusMillis(1500));
        assertThat(summaries.get("cleanup").failures()).isZero();
        assertThat(runs.recent("prices", 10))
                .extracting(JobRunStore.JobRun::outcome)
                .containsExactly(Outcome.FAILED, Outcome.OK);
        assertThat(runs.recent("prices", 1)).hasSize(1);
    }

    @Test
    void a_long_message_is_cut_and_a_job_that_never_succeeded_has_no_last_success() {
        var recorded = runs.record(run("sync", 0, Outcome.FAILED, "x".repeat(5_000), 0));

        assertThat(recorded.message()).hasSize(JobRunStore.MAX_MESSAGE).endsWith("…");
        assertThat(runs.summaries().get("sync").lastSuccess()).isEmpty();
        assertThat(runs.summaries().get("sync").last()).contains(recorded);
    }
}
