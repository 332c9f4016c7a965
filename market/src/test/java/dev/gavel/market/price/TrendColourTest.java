package dev.gavel.market.price;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrendColourTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-03-31");
    private static final long SEED = 0x7C01_2026L;

    /** A daily bar {@code daysAgo} days before today holding {@code prices}. */
    private static PriceBar day(int daysAgo, long... prices) {
        long sum = 0, min = Long.MAX_VALUE, max = 0;
        for (long p : prices) {
            sum += p;
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        return new PriceBar(
                TODAY.minusDays(daysAgo).atStartOfDay(ZoneOffset.UTC).toInstant(),
                Duration.ofDays(1),
                prices[0],
                max,
                min,
                prices[prices.length - 1],
                sum,
                prices.length);
    }

    @Test
    void twenty_per_cent_up_is_up_and_just_under_is_flat() {
        assertThat(TrendColour.of(List.of(day(13, 1000), day(0, 1200)), TODAY)).isEqualTo(TrendColour.UP);
        assertThat(TrendColour.of(List.of(day(13, 1000), day(0, 1199)), TODAY)).isEqualTo(TrendColour.FLAT);
        assertThat(TrendColour.of(List.of(day(11, 1000), day(2, 5000)), TODAY)).isEqualTo(TrendColour.UP);
    }

    @Test
    void twenty_per_cent_down_is_down_and_just_above_is_flat() {
        assertThat(TrendColour.of(List.of(day(12, 1000), day(1, 800)), TODAY)).isEqualTo(TrendColour.DOWN);
        assertThat(TrendColour.of(List.of(day(12, 1000), day(1, 801)), TODAY)).isEqualTo(TrendColour.FLAT);
        assertThat(TrendColour.of(List.of(day(12, 1000), day(1, 0)), TODAY)).isEqualTo(TrendColour.DOWN);
    }

    @Test
    void the_means_are_weighted_by_observations_across_the_three_days() {
        // first: (100 + 100 + 100 + 400) / 4 = 175; a mean of daily means would be (100 + 400) / 2 = 250
        // last: 210 = 175 × 1.2 → UP (against 250 it would be down)
        var bars = List.of(day(13, 100, 100, 100), day(11, 400), day(0, 210));
        assertThat(TrendColour.of(bars, TODAY)).isEqualTo(TrendColour.UP);
    }

    @Test
    void the_days_in_between_and_outside_the_fourteen_do_not_count() {
        var bars = List.of(
                day(20, 1), // before the period
                day(13, 1000),
                day(10, 1), // between the sides
                day(5, 99_999),
                day(3, 1),
                day(0, 1100),
                day(-1, 99_999)); // tomorrow
        assertThat(TrendColour.of(bars, TODAY)).isEqualTo(TrendColour.FLAT);
    }

    @Test
    void a_side_without_observations_is_flat() {
        assertThat(TrendColour.of(List.of(), TODAY)).isEqualTo(TrendColour.FLAT);
        assertThat(TrendColour.of(List.of(day(0, 5000)), TODAY)).isEqualTo(TrendColour.FLAT);
        assertThat(TrendColour.of(List.of(day(13, 5000)), TODAY)).isEqualTo(TrendColour.FLAT);
        assertThat(TrendColour.of(List.of(day(10, 100), day(0, 5000)), TODAY)).isEqualTo(TrendColour.FLAT);
    }

    @Test
    void a_first_side_at_zero_is_flat() {
        assertThat(TrendColour.of(List.of(day(13, 0), day(0, 5000)), TODAY)).isEqualTo(TrendColour.FLAT);
    }

    @Test
    void hourly_bars_count_on_the_day_they_start() {
        var bars = Bars.of(
                List.of(
                        new Bars.Observation(Instant.parse("2026-03-18T23:59:59Z"), 1000), // today - 13
                        new Bars.Observation(Instant.parse("2026-03-29T00:00:00Z"), 1300)), // today - 2
                Duration.ofHours(1));
        assertThat(TrendColour.of(bars, TODAY)).isEqualTo(TrendColour.UP);
        assertThat(TrendColour.of(bars, TODAY.plusDays(1)))
                .as("the first day has left")
                .isEqualTo(TrendColour.FLAT);
    }

    @Test
    void the_exact_rule_matches_a_decimal_recomputation() {
        var random = new SplittableRandom(SEED);
        for (int run = 0; run < 2000; run++) {
            var bars = new ArrayList<PriceBar>();
            for (int ago = 15; ago >= -1; ago--) {
                if (random.nextInt(3) > 0) {
                    int n = random.nextInt(1, 4);
                    long[] prices = new long[n];
                    for (int i = 0; i < n; i++) {
                        prices[i] = random.nextLong(0, 200);
                    }
                    bars.add(day(ago, prices));
                }
            }
            assertThat(TrendColour.of(bars, TODAY))
                    .as("seed %x run %d %s", SEED, run, bars)
                    .isEqualTo(decimal(bars));
        }
    }

    /**
     * The rule with the means as 40-digit decimals. Prices and counts here are small, so a ratio that is not
     * exactly 1.2 or 0.8 differs from it long before the 30th digit, and rounding to 30 digits only turns
     * 1.1999…9 back into the 1.2 it is.
     */
    private static TrendColour decimal(List<PriceBar> bars) {
        BigDecimal firstSum = BigDecimal.ZERO, firstCount = BigDecimal.ZERO;
        BigDecimal lastSum = BigDecimal.ZERO, lastCount = BigDecimal.ZERO;
        for (PriceBar b : bars) {
            long ago = TODAY.toEpochDay()
                    - LocalDate.ofInstant(b.start(), ZoneOffset.UTC).toEpochDay();
            if (ago >= 11 && ago <= 13) {
                firstSum = firstSum.add(BigDecimal.valueOf(b.sum()));
                firstCount = firstCount.add(BigDecimal.valueOf(b.count()));
            } else if (ago >= 0 && ago <= 2) {
                lastSum = lastSum.add(BigDecimal.valueOf(b.sum()));
                lastCount = lastCount.add(BigDecimal.valueOf(b.count()));
            }
        }
        if (firstCount.signum() == 0 || lastCount.signum() == 0 || firstSum.signum() == 0) {
            return TrendColour.FLAT;
        }
        var mc = new MathContext(40);
        var ratio = lastSum.divide(lastCount, mc)
                .divide(firstSum.divide(firstCount, mc), mc)
                .round(new MathContext(30));
        if (ratio.compareTo(new BigDecimal("1.2")) >= 0) {
            return TrendColour.UP;
        }
        if (ratio.compareTo(new BigDecimal("0.8")) <= 0) {
            return TrendColour.DOWN;
        }
        return TrendColour.FLAT;
    }
}
