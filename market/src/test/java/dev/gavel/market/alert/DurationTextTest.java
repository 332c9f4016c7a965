package dev.gavel.market.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void spans_read_minutes_hours_and_days() {
        assertThat(DurationText.parse("30m")).contains(Duration.ofMinutes(30));
        assertThat(DurationText.parse("24h")).contains(Duration.ofHours(24));
        assertThat(DurationText.parse("7d")).contains(Duration.ofDays(7));
        assertThat(DurationText.parse(" 1h ")).contains(Duration.ofHours(1));
    }

    @Test
    void anything_else_is_no_span() {
        for (String text : new String[] {"", "h", "24", "1.5h", "-1h", "1w", "24 h", "1H", "9999999d", null}) {
            assertThat(DurationText.parse(text)).as(String.valueOf(text)).isEmpty();
        }
    }

    @Test
    void the_day_window_stays_in_hours_and_longer_ones_are_days() {
        assertThat(DurationText.format(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(DurationText.format(Duration.ofDays(1))).isEqualTo("24h");
        assertThat(DurationText.format(Duration.ofHours(48))).isEqualTo("2d");
        assertThat(DurationText.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(DurationText.format(Duration.ofMinutes(60))).isEqualTo("1h");
    }

    @Test
    void formatting_and_parsing_give_the_same_span() {
        long seed = 7L;
        var random = new SplittableRandom(seed);
        for (int i = 0; i < 5_000; i++) {
            var span = Duration.ofMinutes(1 + random.nextLong(999_999));
            assertThat(DurationText.parse(DurationText.format(span)))
                    .as("seed %d", seed)
                    .contains(span);
        }
    }
}
