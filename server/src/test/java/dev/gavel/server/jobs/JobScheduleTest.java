package dev.gavel.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** Schedules as written, as shown, as db-scheduler runs them, and sped up for the demo. */
class JobScheduleTest {
    private static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");

    @Test
    void an_interval_is_written_with_or_without_every() {
        assertThat(JobSchedule.parse("every 1h")).isEqualTo(JobSchedule.every(Duration.ofHours(1)));
        assertThat(JobSchedule.parse("1h")).isEqualTo(JobSchedule.every(Duration.ofHours(1)));
        assertThat(JobSchedule.parse("  Every   90s ")).isEqualTo(JobSchedule.every(Duration.ofSeconds(90)));
        assertThat(JobSchedule.parse("PT6H")).isEqualTo(JobSchedule.every(Duration.ofHours(6)));
        assertThat(JobSchedule.parse("every 7d").describe()).isEqualTo("every 7d");
    }

    @Test
    void a_daily_time_is_utc_with_or_without_at() {
        assertThat(JobSchedule.parse("daily 03:00")).isEqualTo(JobSchedule.dailyAt(LocalTime.of(3, 0)));
        assertThat(JobSchedule.parse("daily at 03:00 UTC")).isEqualTo(JobSchedule.dailyAt(LocalTime.of(3, 0)));
        assertThat(JobSchedule.parse("daily 03:00").describe()).isEqualTo("daily at 03:00 UTC");
        assertThat(JobSchedule.parse("daily 23:59:30").describe()).isEqualTo("daily at 23:59:30 UTC");
    }

    @Test
    void a_cron_expression_has_six_fields_seconds_first() {
        var weekly = JobSchedule.parse("cron 0 0 4 * * MON");

        assertThat(weekly).isEqualTo(JobSchedule.cron("0 0 4 * * MON"));
        assertThat(weekly.describe()).isEqualTo("cron 0 0 4 * * MON UTC");
        // 2026-12-02 is a Wednesday: the next Monday 04:00 UTC
        assertThat(weekly.dbSchedule().getNextExecutionTime(ExecutionComplete.simulatedSuccess(NOW)))
                .isEqualTo(Instant.parse("2026-12-07T04:00:00Z"));
        assertThat(weekly.period(NOW)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void what_is_not_a_schedule_says_what_is_expected() {
        assertThatThrownBy(() -> JobSchedule.parse("weekly"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("every <duration>")
                .hasMessageContaining("daily <HH:MM>")
                .hasMessageContaining("cron <six fields>")
                .hasMessageEndingWith("not: weekly");
        assertThatThrownBy(() -> JobSchedule.parse("daily 25:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("such as daily 03:00");
        assertThatThrownBy(() -> JobSchedule.parse("cron every monday"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("six fields, seconds first");
        assertThatThrownBy(() -> JobSchedule.parse("cron -"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must run it sometime");
        assertThatThrownBy(() -> JobSchedule.parse("every 500ms"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most every second, not every 500ms");
    }

    @Test
    void at_speed_one_the_schedule_runs_as_written() {
        var daily = JobSchedule.dailyAt(LocalTime.of(3, 0));

        assertThat(daily.spedUpDelay(1, NOW)).isEmpty();
        assertThat(daily.at(1, NOW).getNextExecutionTime(ExecutionComplete.simulatedSuccess(NOW)))
                .isEqualTo(Instant.parse("2026-12-03T03:00:00Z"));
        assertThat(daily.at(1, NOW).isDeterministic()).isTrue();
        assertThat(JobSchedule.every(Duration.ofHours(1)).at(1, NOW)).isEqualTo(FixedDelay.ofHours(1));
    }

    @Test
    void a_speed_divides_the_period_into_a_fixed_delay() {
        assertThat(JobSchedule.every(Duration.ofHours(1)).spedUpDelay(60, NOW)).contains(Duration.ofMinutes(1));
        assertThat(JobSchedule.dailyAt(LocalTime.of(3, 0)).spedUpDelay(60, NOW)).contains(Duration.ofMinutes(24));
        assertThat(JobSchedule.cron("0 0 4 * * MON").spedUpDelay(60, NOW))
                .contains(Duration.ofHours(2).plusMinutes(48));
        assertThat(JobSchedule.dailyAt(LocalTime.of(3, 0)).at(60, NOW)).isEqualTo(FixedDelay.ofMinutes(24));
    }

    @Test
    void a_sped_up_delay_is_whole_seconds_and_at_least_one() {
        assertThat(JobSchedule.every(Duration.ofHours(1)).spedUpDelay(7, NOW))
                .contains(Duration.ofMinutes(8).plusSeconds(34));
        assertThat(JobSchedule.every(Duration.ofSeconds(5)).spedUpDelay(10_000, NOW))
                .contains(Duration.ofSeconds(1));
        assertThat(JobSchedule.compact(Duration.ofMinutes(8).plusSeconds(34))).isEqualTo("8m34s");
        assertThat(JobSchedule.compact(Duration.ofHours(26))).isEqualTo("1d2h");
        assertThat(JobSchedule.compact(Duration.ofMillis(1500))).isEqualTo("1s500ms");
    }
}
