package dev.gavel.market.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final PageOutcome DRIFT = new PageOutcome.Drift(List.of("m26: nothing at /a"));
    private static final PageOutcome PAGE = new PageOutcome.Page("m26.legacy", List.of(), List.of(), false);

    private final MutableClock clock = MutableClock.at(T0);
    private final DriftMonitor monitor = new DriftMonitor(3, clock);

    @Test
    void an_alert_is_raised_exactly_once_per_streak_at_the_threshold() {
        assertThat(monitor.record("m26", DRIFT)).isEmpty();
        assertThat(monitor.record("m26", DRIFT)).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        var alert = monitor.record("m26", DRIFT);
        assertThat(alert)
                .contains(new DriftMonitor.DriftAlert("m26", 3, List.of("m26: nothing at /a"), T0.plusSeconds(30)));
        for (int i = 0; i < 10; i++) {
            assertThat(monitor.record("m26", DRIFT)).isEmpty();
        }
        assertThat(monitor.streak("m26")).isEqualTo(13);
    }

    @Test
    void a_page_ends_the_streak_and_a_new_streak_alerts_again() {
        monitor.record("m26", DRIFT);
        monitor.record("m26", DRIFT);
        monitor.record("m26", PAGE);
        assertThat(monitor.streak("m26")).isZero();
        assertThat(monitor.lastStrategy("m26")).contains("m26.legacy");
        assertThat(monitor.record("m26", DRIFT)).isEmpty();
        assertThat(monitor.record("m26", DRIFT)).isEmpty();
        assertThat(monitor.record("m26", DRIFT)).isPresent();
        monitor.record("m26", PAGE);
        assertThat(monitor.record("m26", DRIFT)).isEmpty();
        assertThat(monitor.record("m26", DRIFT)).isEmpty();
        assertThat(monitor.record("m26", DRIFT)).isPresent();
    }

    @Test
    void other_outcomes_neither_count_nor_end_a_streak() {
        monitor.record("m26", DRIFT);
        monitor.record("m26", new PageOutcome.SoftFailure("m26", 3, "busy"));
        monitor.record("m26", new PageOutcome.Malformed("not JSON"));
        monitor.record("m26", new PageOutcome.Unavailable(PageOutcome.Failure.TIMEOUT, "slow", Optional.empty()));
        monitor.record("m26", DRIFT);

        assertThat(monitor.streak("m26")).isEqualTo(2);
        assertThat(monitor.record("m26", DRIFT)).isPresent();
        assertThat(monitor.lastStrategy("m26")).isEmpty();
    }

    @Test
    void sources_have_their_own_streaks() {
        monitor.record("m26", DRIFT);
        monitor.record("m26", DRIFT);
        assertThat(monitor.record("ebay", DRIFT)).isEmpty();
        monitor.record("ebay", PAGE);
        assertThat(monitor.record("m26", DRIFT)).isPresent();
        assertThat(monitor.streak("ebay")).isZero();
    }

    @Test
    void a_threshold_of_one_alerts_on_the_first_drift() {
        var one = new DriftMonitor(1, clock);

        assertThat(one.record("m26", DRIFT)).isPresent();
        assertThat(one.record("m26", DRIFT)).isEmpty();
        assertThatThrownBy(() -> new DriftMonitor(0, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
