package dev.gavel.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void the_clock_moves_only_when_told_and_zone_views_share_the_instant() {
        var clock = MutableClock.at(Instant.parse("2026-03-08T06:59:00Z"));
        var eastern = clock.withZone(ZoneId.of("America/New_York"));

        clock.advance(Duration.ofMinutes(2));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-08T07:01:00Z"));
        assertThat(eastern.instant()).isEqualTo(clock.instant());
        // 07:01Z on the spring-forward day is 03:01 EDT: the view really is in that zone.
        assertThat(eastern.getZone().getRules().getOffset(eastern.instant()).getTotalSeconds())
                .isEqualTo(-4 * 3600);
    }
}
