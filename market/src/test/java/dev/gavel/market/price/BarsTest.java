package dev.gavel.market.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.market.price.Bars.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BarsTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final long SEED = 0x8A25_2026L;

    private static Instant t(String s) {
        return Instant.parse(s);
    }

    private static Observation o(String at, long amount) {
        return new Observation(t(at), amount);
    }

    @Test
    void observations_become_hourly_bars_on_the_hour() {
        var bars = Bars.of(
                List.of(
                        o("2026-03-01T10:05:00Z", 100),
                        o("2026-03-01T10:59:59Z", 90),
                        o("2026-03-01T10:30:00Z", 130),
                        o("2026-03-01T11:00:00Z", 120)),
                HOUR);
        assertThat(bars)
                .containsExactly(
                        new PriceBar(t("2026-03-01T10:00:00Z"), HOUR, 100, 130, 90, 90, 320, 3),
                        new PriceBar(t("2026-03-01T11:00:00Z"), HOUR, 120, 120, 120, 120, 120, 1));
    }

    @Test
    void a_gap_stays_a_gap() {
        var bars = Bars.of(List.of(o("2026-03-01T10:05:00Z", 100), o("2026-03-01T14:05:00Z", 200)), HOUR);
        assertThat(bars)
                .extracting(PriceBar::start)
                .containsExactly(t("2026-03-01T10:00:00Z"), t("2026-03-01T14:00:00Z"));
    }

    @Test
    void no_observations_no_bars() {
        assertThat(Bars.of(List.of(), HOUR)).isEmpty();
        assertThat(Bars.roll(List.of(), DAY)).isEmpty();
    }

    @Test
    void days_start_at_utc_midnight_whatever_the_time_zone_does() {
        // the night US Eastern springs forward: UTC days are still 24 hours from midnight to midnight
        var bars = Bars.of(
                List.of(
                        o("2026-03-07T23:59:59.999Z", 100),
                        o("2026-03-08T00:00:00Z", 200),
                        o("2026-03-08T06:59:00Z", 210),
                        o("2026-03-08T23:59:59Z", 220),
                        o("2026-03-09T00:00:00Z", 300)),
                DAY);
        assertThat(bars)
                .containsExactly(
                        new PriceBar(t("2026-03-07T00:00:00Z"), DAY, 100, 100, 100, 100, 100, 1),
                        new PriceBar(t("2026-03-08T00:00:00Z"), DAY, 200, 220, 200, 220, 630, 3),
                        new PriceBar(t("2026-03-09T00:00:00Z"), DAY, 300, 300, 300, 300, 300, 1));
    }

    @Test
    void times_before_the_epoch_floor_down_too() {
        assertThat(Bars.floor(t("1969-12-31T23:30:00Z"), HOUR)).isEqualTo(t("1969-12-31T23:00:00Z"));
        assertThat(Bars.floor(t("1969-12-31T23:30:00Z"), DAY)).isEqualTo(t("1969-12-31T00:00:00Z"));
        assertThat(Bars.floor(t("2026-03-01T00:00:00Z"), DAY)).isEqualTo(t("2026-03-01T00:00:00Z"));
    }

    @Test
    void observations_at_the_same_instant_close_in_the_order_given() {
        var bars = Bars.of(List.of(o("2026-03-01T10:05:00Z", 100), o("2026-03-01T10:05:00Z", 80)), HOUR);
        assertThat(bars.get(0).open()).isEqualTo(100);
        assertThat(bars.get(0).close()).isEqualTo(80);
    }

    @Test
    void hourly_bars_roll_into_days() {
        var hourly = List.of(
                new PriceBar(t("2026-03-01T00:00:00Z"), HOUR, 100, 150, 90, 140, 500, 4),
                new PriceBar(t("2026-03-01T23:00:00Z"), HOUR, 140, 160, 130, 135, 290, 2),
                new PriceBar(t("2026-03-02T05:00:00Z"), HOUR, 200, 200, 200, 200, 200, 1));
        assertThat(Bars.roll(hourly, DAY))
                .containsExactly(
                        new PriceBar(t("2026-03-01T00:00:00Z"), DAY, 100, 160, 90, 135, 790, 6),
                        new PriceBar(t("2026-03-02T00:00:00Z"), DAY, 200, 200, 200, 200, 200, 1));
    }

    @Test
    void a_bar_that_does_not_fit_in_one_wider_bar_is_refused() {
        var daily = List.of(new PriceBar(t("2026-03-01T00:00:00Z"), DAY, 1, 1, 1, 1, 1, 1));
        assertThatThrownBy(() -> Bars.roll(daily, HOUR)).hasMessageContaining("does not fit");
        var skewed = List.of(new PriceBar(t("2026-03-01T00:30:00Z"), HOUR, 1, 1, 1, 1, 1, 1));
        assertThatThrownBy(() -> Bars.roll(skewed, HOUR)).hasMessageContaining("does not fit");
        // ending exactly on the boundary fits
        var flush = List.of(new PriceBar(t("2026-03-01T23:00:00Z"), HOUR, 1, 1, 1, 1, 1, 1));
        assertThat(Bars.roll(flush, DAY)).hasSize(1);
    }

    @Test
    void bars_out_of_order_are_refused() {
        var bars = List.of(PriceBar.of(t("2026-03-01T10:00:00Z"), 1), PriceBar.of(t("2026-03-01T09:00:00Z"), 1));
        assertThatThrownBy(() -> Bars.roll(bars, HOUR)).hasMessageContaining("time order");
    }

    @Test
    void a_width_must_be_a_positive_whole_number_of_seconds() {
        assertThatThrownBy(() -> Bars.of(List.of(), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bars.of(List.of(), HOUR.negated())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bars.of(List.of(), Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rolling_hours_into_days_equals_making_days_from_the_observations() {
        var random = new SplittableRandom(SEED);
        for (int run = 0; run < 200; run++) {
            var observations = observations(random, random.nextInt(0, 300));
            var viaHours = Bars.roll(Bars.of(observations, HOUR), DAY);
            assertThat(viaHours).as("seed %x run %d", SEED, run).isEqualTo(Bars.of(observations, DAY));
            var viaPoints = Bars.roll(
                    observations.stream()
                            .sorted(java.util.Comparator.comparing(Observation::at))
                            .map(x -> PriceBar.of(x.at(), x.amount()))
                            .toList(),
                    DAY);
            assertThat(viaPoints).as("seed %x run %d", SEED, run).isEqualTo(viaHours);
            assertThat(viaHours.stream().mapToLong(PriceBar::count).sum()).isEqualTo(observations.size());
        }
    }

    /** Observations over about ten days, unordered, with bursts, gaps and repeated instants. */
    static List<Observation> observations(SplittableRandom random, int n) {
        Instant base = t("2026-02-20T00:00:00Z");
        var list = new ArrayList<Observation>(n);
        for (int i = 0; i < n; i++) {
            Instant at = random.nextInt(10) == 0 && !list.isEmpty()
                    ? list.get(random.nextInt(list.size())).at()
                    : base.plusSeconds(random.nextLong(0, 10 * 86_400L));
            list.add(new Observation(at, random.nextLong(0, 50_000)));
        }
        return list;
    }
}
