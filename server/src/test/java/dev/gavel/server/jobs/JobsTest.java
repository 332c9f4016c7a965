package dev.gavel.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.store.jobs.JobRunStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Registering jobs: names, duplicates and settings are checked before anything reaches the database. */
class JobsTest {
    private final PGSimpleDataSource nowhere = new PGSimpleDataSource();
    private final Jobs jobs = new Jobs(
            nowhere,
            new JobRunStore(Jdbi.create(nowhere)),
            new SimpleMeterRegistry(),
            new Jobs.Settings(true, 2, 1.0, Duration.ofSeconds(5), "node-a"),
            Clock.systemUTC());

    @Test
    void a_job_name_is_lower_case_letters_digits_and_dashes() {
        jobs.register("hourly-prices", "prices", Duration.ofHours(1), ctx -> JobResult.nothing("ok"));

        assertThat(jobs.names()).containsExactly("hourly-prices");
        for (String bad : new String[] {"", "Hourly", "hourly prices", "-x", "a".repeat(64), "prices/hourly"}) {
            assertThatThrownBy(() -> jobs.register(bad, "x", Duration.ofHours(1), ctx -> JobResult.nothing("ok")))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lower-case letters, digits and dashes");
        }
    }

    @Test
    void a_name_is_registered_once() {
        jobs.register("cleanup", "weekly cleanup", JobSchedule.parse("cron 0 0 4 * * MON"), ctx -> null);

        assertThatThrownBy(() -> jobs.register("cleanup", "again", Duration.ofHours(1), ctx -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a job named cleanup is already registered");
    }

    @Test
    void settings_need_a_thread_and_a_speed_of_at_least_one() {
        assertThatThrownBy(() -> new Jobs.Settings(true, 0, 1.0, Duration.ofSeconds(5), "n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Jobs.Settings(true, 1, 0.5, Duration.ofSeconds(5), "n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Jobs.Settings.of(new dev.gavel.server.config.GavelConfig.Jobs(true, 4, 60), "n")
                        .pollInterval())
                .isEqualTo(Duration.ofSeconds(1));
    }
}
