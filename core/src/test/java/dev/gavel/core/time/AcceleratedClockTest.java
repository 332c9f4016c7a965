package dev.gavel.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AcceleratedClockTest {

    @Test
    void rehearsal_time_runs_speed_times_faster_from_now() {
        var real = MutableClock.at(Instant.parse("2026-11-21T19:00:00Z"));
        Clock fast = AcceleratedClock.of(real, 60);

        assertThat(fast.instant()).isEqualTo(Instant.parse("2026-11-21T19:00:00Z"));
        real.advance(Duration.ofMinutes(2));
        assertThat(fast.instant()).isEqualTo(Instant.parse("2026-11-21T21:00:00Z"));
    }

    @Test
    void normal_speed_is_the_base_clock_itself_and_nonsense_speeds_are_refused() {
        var real = Clock.systemUTC();
        assertThat(AcceleratedClock.of(real, 1.0)).isSameAs(real);
        assertThatThrownBy(() -> AcceleratedClock.of(real, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AcceleratedClock.of(real, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
