package dev.gavel.market.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PriceBarTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void a_point_is_a_bar_of_width_zero_holding_one_price() {
        var p = PriceBar.of(T0, 1250);
        assertThat(p).isEqualTo(new PriceBar(T0, Duration.ZERO, 1250, 1250, 1250, 1250, 1250, 1));
        assertThat(p.end()).isEqualTo(T0);
        assertThat(p.average()).isEqualTo(1250);
    }

    @Test
    void the_average_is_the_sum_over_the_count_to_the_nearest_cent_halves_up() {
        assertThat(new PriceBar(T0, HOUR, 100, 200, 100, 200, 300, 2).average()).isEqualTo(150);
        assertThat(new PriceBar(T0, HOUR, 100, 101, 100, 101, 201, 2).average()).isEqualTo(101); // 100.5
        assertThat(new PriceBar(T0, HOUR, 100, 101, 100, 100, 301, 3).average()).isEqualTo(100); // 100.33
        assertThat(new PriceBar(T0, HOUR, 100, 101, 100, 101, 302, 3).average()).isEqualTo(101); // 100.67
        assertThat(new PriceBar(T0, HOUR, 0, 0, 0, 0, 0, 5).average()).isZero();
    }

    @Test
    void the_end_is_start_plus_width() {
        assertThat(new PriceBar(T0, HOUR, 1, 1, 1, 1, 1, 1).end()).isEqualTo(T0.plus(HOUR));
    }

    @Test
    void an_impossible_bar_is_refused() {
        assertThatThrownBy(() -> new PriceBar(T0, HOUR, 1, 1, 1, 1, 1, 0)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new PriceBar(T0, HOUR.negated(), 1, 1, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PriceBar(T0, HOUR, 5, 4, 1, 2, 7, 2)).hasMessageContaining("low <= open");
        assertThatThrownBy(() -> new PriceBar(T0, HOUR, 1, 4, 2, 2, 6, 2)).hasMessageContaining("low <= open");
        assertThatThrownBy(() -> new PriceBar(T0, HOUR, -1, 4, -1, 2, 1, 2)).hasMessageContaining("low <= open");
        assertThatThrownBy(() -> new PriceBar(T0, HOUR, 1, 4, 1, 4, 9, 2)).hasMessageContaining("cannot be 9");
        assertThatThrownBy(() -> new PriceBar(T0, HOUR, 2, 4, 2, 4, 3, 2)).hasMessageContaining("cannot be 3");
        assertThatThrownBy(() -> PriceBar.of(T0, -5)).isInstanceOf(IllegalArgumentException.class);
    }
}
