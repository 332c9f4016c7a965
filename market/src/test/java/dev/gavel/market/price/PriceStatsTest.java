package dev.gavel.market.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.market.price.Bars.Observation;
import dev.gavel.market.price.PriceStats.Window;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PriceStatsTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Instant NOW = Instant.parse("2026-03-31T12:30:00Z");
    private static final long SEED = 0x57A7_2026L;

    private static PriceBar hour(Instant start, long... prices) {
        var bars = Bars.of(
                java.util.Arrays.stream(prices)
                        .mapToObj(p -> new Observation(start, p))
                        .toList(),
                HOUR);
        return bars.get(0);
    }

    private static Instant ago(Duration d) {
        return Bars.floor(NOW.minus(d), HOUR);
    }

    private static PriceStats stats(List<PriceBar> bars) {
        return PriceStats.of(bars, NOW).orElseThrow();
    }

    @Test
    void no_bars_no_stats() {
        assertThat(PriceStats.of(List.of(), NOW)).isEmpty();
        assertThat(PriceStats.of(List.of(PriceBar.of(NOW.plusSeconds(1), 100)), NOW))
                .as("only a price from the future")
                .isEmpty();
    }

    @Test
    void the_latest_price_is_the_close_of_the_last_bar_at_or_before_now() {
        var bars = List.of(
                hour(ago(Duration.ofHours(3)), 100),
                hour(ago(Duration.ZERO), 120, 110),
                PriceBar.of(NOW.plusSeconds(60), 999));
        var s = stats(bars);
        assertThat(s.latest()).isEqualTo(110);
        assertThat(s.latestAt()).isEqualTo(Instant.parse("2026-03-31T12:00:00Z"));
    }

    @Test
    void a_window_holds_min_max_weighted_average_change_and_observations() {
        var bars = List.of(
                hour(ago(Duration.ofDays(40)), 1), // before every window, not the 30-day reference either
                hour(ago(Duration.ofDays(31)), 1000), // the 30-day reference
                hour(ago(Duration.ofDays(8)), 800), // the 7-day reference
                hour(ago(Duration.ofDays(5)), 900, 700, 950), // in 7 d and 30 d
                hour(ago(Duration.ofHours(25)), 1100), // the 24-hour reference
                hour(ago(Duration.ofHours(2)), 1200),
                hour(ago(Duration.ZERO), 1250, 1210));
        var s = stats(bars);
        assertThat(s.latest()).isEqualTo(1210);

        assertThat(s.day())
                .isEqualTo(new Window(
                        PriceStats.DAY,
                        3,
                        OptionalLong.of(1200),
                        OptionalLong.of(1250),
                        OptionalLong.of(1220), // (1200 + 1250 + 1210) / 3
                        Optional.of(new BigDecimal("10.00")))); // 1100 → 1210
        assertThat(s.week())
                .isEqualTo(new Window(
                        PriceStats.WEEK,
                        7,
                        OptionalLong.of(700),
                        OptionalLong.of(1250),
                        OptionalLong.of(1044), // 7310 / 7 = 1044.29, weighted by observations
                        Optional.of(new BigDecimal("51.25")))); // 800 → 1210
        assertThat(s.month())
                .isEqualTo(new Window(
                        PriceStats.MONTH,
                        8,
                        OptionalLong.of(700),
                        OptionalLong.of(1250),
                        OptionalLong.of(1014), // 8110 / 8 = 1013.75
                        Optional.of(new BigDecimal("21.00")))); // 1000 → 1210
        assertThat(List.of(s.day(), s.week(), s.month())).noneMatch(Window::thin);
    }

    @Test
    void the_reference_is_the_last_bar_ending_at_or_before_the_window_opens() {
        Instant open = Instant.parse("2026-03-30T12:00:00Z");
        Instant now = open.plus(PriceStats.DAY);
        // [11:00, 12:00) ends as the window opens: the reference; [12:00, 13:00) starts in the window
        var bars = List.of(
                new PriceBar(open.minus(HOUR), HOUR, 200, 200, 200, 200, 200, 1),
                new PriceBar(open, HOUR, 300, 300, 300, 300, 300, 1),
                PriceBar.of(now, 250));
        var day = PriceStats.of(bars, now).orElseThrow().day();
        assertThat(day.changePercent()).contains(new BigDecimal("25.00"));
        assertThat(day.observations()).isEqualTo(2);
        // a bar straddling the opening is neither
        var straddling =
                List.of(new PriceBar(open.minusSeconds(1800), HOUR, 200, 200, 200, 200, 200, 1), PriceBar.of(now, 250));
        var d2 = PriceStats.of(straddling, now).orElseThrow().day();
        assertThat(d2.changePercent()).isEmpty();
        assertThat(d2.observations()).isEqualTo(1);
    }

    @Test
    void a_gap_in_the_last_day_leaves_it_empty_but_still_changed_against_its_reference() {
        var bars = List.of(hour(ago(Duration.ofDays(3)), 500), hour(ago(Duration.ofDays(2)), 400, 450, 420));
        var s = stats(bars);
        assertThat(s.latest()).isEqualTo(420);
        assertThat(s.day().observations()).isZero();
        assertThat(s.day().min()).isEmpty();
        assertThat(s.day().max()).isEmpty();
        assertThat(s.day().average()).isEmpty();
        assertThat(s.day().changePercent()).contains(new BigDecimal("0.00"));
        assertThat(s.day().thin()).isTrue();
        assertThat(s.week().changePercent()).isEmpty(); // no bar is a week old
        assertThat(s.week().observations()).isEqualTo(4);
        assertThat(s.week().thin()).isFalse();
    }

    @Test
    void a_zero_reference_has_no_change() {
        var bars = List.of(hour(ago(Duration.ofDays(2)), 0), hour(ago(Duration.ZERO), 100, 100, 100));
        assertThat(stats(bars).day().changePercent()).isEmpty();
        assertThat(stats(bars).day().min()).hasValue(100);
    }

    @Test
    void a_drop_to_zero_is_minus_one_hundred_per_cent() {
        var bars = List.of(hour(ago(Duration.ofDays(2)), 100), hour(ago(Duration.ZERO), 0));
        assertThat(stats(bars).day().changePercent()).contains(new BigDecimal("-100.00"));
    }

    @Test
    void a_single_observation_is_a_thin_market() {
        var s = stats(List.of(hour(ago(Duration.ofMinutes(10)), 4200)));
        assertThat(s.latest()).isEqualTo(4200);
        for (Window w : List.of(s.day(), s.week(), s.month())) {
            assertThat(w.observations()).isEqualTo(1);
            assertThat(w.thin()).isTrue();
            assertThat(w.changePercent()).isEmpty();
            assertThat(w.average()).hasValue(4200);
        }
    }

    @Test
    void one_sale_after_a_quiet_day_is_a_thin_drop() {
        var bars = List.of(hour(ago(Duration.ofDays(3)), 1000, 1000, 1000, 1000), hour(ago(Duration.ofHours(1)), 500));
        var day = stats(bars).day();
        assertThat(day.changePercent()).contains(new BigDecimal("-50.00"));
        assertThat(day.thin()).isTrue();
    }

    @Test
    void three_observations_are_enough() {
        assertThat(PriceStats.MIN_OBSERVATIONS).isEqualTo(3);
        assertThat(PriceStats.isThin(2)).isTrue();
        assertThat(PriceStats.isThin(3)).isFalse();
        assertThat(stats(List.of(hour(ago(Duration.ZERO), 1, 2))).day().thin()).isTrue();
        assertThat(stats(List.of(hour(ago(Duration.ZERO), 1, 2, 3))).day().thin())
                .isFalse();
    }

    @Test
    void change_percent_rounds_to_two_places_half_even() {
        assertThat(PriceStats.changePercent(1, 3)).contains(new BigDecimal("-66.67"));
        assertThat(PriceStats.changePercent(2, 3)).contains(new BigDecimal("-33.33"));
        // 1.125 % and 1.135 %: halves to the even digit
        assertThat(PriceStats.changePercent(100_001_125, 100_000_000)).contains(new BigDecimal("0.00"));
        assertThat(PriceStats.changePercent(101_125, 100_000)).contains(new BigDecimal("1.12"));
        assertThat(PriceStats.changePercent(101_135, 100_000)).contains(new BigDecimal("1.14"));
        assertThat(PriceStats.changePercent(300, 100)).contains(new BigDecimal("200.00"));
        assertThat(PriceStats.changePercent(5, 0)).isEmpty();
    }

    @Test
    void bars_out_of_order_are_refused() {
        var bars = List.of(hour(ago(Duration.ZERO), 1), hour(ago(Duration.ofHours(1)), 1));
        assertThatThrownBy(() -> PriceStats.of(bars, NOW)).hasMessageContaining("time order");
    }

    /**
     * Seeded random histories (dense, sparse, bursty, with zeros, prices after {@code now}) as hourly bars
     * and as raw points: the stats match a naive recomputation from the observations themselves.
     */
    @Test
    void stats_match_a_naive_recomputation_from_the_observations() {
        var random = new SplittableRandom(SEED);
        for (int run = 0; run < 500; run++) {
            Instant base = Instant.parse("2026-01-01T00:00:00Z");
            Instant now = base.plusSeconds(random.nextLong(0, 40 * 86_400L));
            if (random.nextBoolean()) {
                now = Bars.floor(now, HOUR);
            }
            var observations = observations(random, base, now);
            String as = "seed %x run %d now %s".formatted(SEED, run, now);

            var hourly = Bars.of(observations, HOUR);
            assertThat(PriceStats.of(hourly, now)).as(as + " hourly").isEqualTo(naive(observations, now, HOUR));

            var points = sorted(observations).stream()
                    .map(o -> PriceBar.of(o.at(), o.amount()))
                    .toList();
            assertThat(PriceStats.of(points, now))
                    .as(as + " points")
                    .isEqualTo(naive(observations, now, Duration.ZERO));
        }
    }

    private static List<Observation> observations(SplittableRandom random, Instant base, Instant now) {
        int n =
                switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0, 4); // next to nothing: thin everywhere
                    case 1 -> random.nextInt(4, 40);
                    default -> random.nextInt(40, 1500);
                };
        long span = now.getEpochSecond() - base.getEpochSecond() + 3 * 3600; // a few after now
        var list = new ArrayList<Observation>(n);
        long price = random.nextLong(0, 20_000);
        for (int i = 0; i < n; i++) {
            Instant at = random.nextInt(8) == 0 && !list.isEmpty()
                    ? list.get(random.nextInt(list.size())).at()
                    : base.plusSeconds(random.nextLong(0, span + 1));
            if (random.nextInt(20) == 0) {
                price = random.nextInt(3) == 0 ? 0 : random.nextLong(0, 20_000);
            } else {
                price = Math.max(0, price + random.nextLong(-500, 501));
            }
            list.add(new Observation(at, price));
        }
        return list;
    }

    private static List<Observation> sorted(List<Observation> observations) {
        return observations.stream()
                .sorted(Comparator.comparing(Observation::at))
                .toList();
    }

    /** The stats straight from the definition, observation by observation, for bars of {@code width}. */
    private static Optional<PriceStats> naive(List<Observation> observations, Instant now, Duration width) {
        var seen = sorted(observations).stream()
                .filter(o -> !bucket(o, width).isAfter(now))
                .toList();
        if (seen.isEmpty()) {
            return Optional.empty();
        }
        Observation last = seen.get(seen.size() - 1);
        return Optional.of(new PriceStats(
                last.amount(),
                bucket(last, width),
                naiveWindow(seen, now, width, PriceStats.DAY, last.amount()),
                naiveWindow(seen, now, width, PriceStats.WEEK, last.amount()),
                naiveWindow(seen, now, width, PriceStats.MONTH, last.amount())));
    }

    private static Window naiveWindow(
            List<Observation> seen, Instant now, Duration width, Duration length, long latest) {
        Instant from = now.minus(length);
        var in = seen.stream().filter(o -> !bucket(o, width).isBefore(from)).toList();
        var before = seen.stream()
                .filter(o -> !bucket(o, width).plus(width).isAfter(from))
                .toList();
        Optional<BigDecimal> change = Optional.empty();
        if (!before.isEmpty()) {
            long reference = before.get(before.size() - 1).amount();
            if (reference != 0) {
                change = Optional.of(new BigDecimal(latest - reference)
                        .scaleByPowerOfTen(2)
                        .divide(new BigDecimal(reference), 2, RoundingMode.HALF_EVEN));
            }
        }
        if (in.isEmpty()) {
            return new Window(length, 0, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), change);
        }
        long sum = in.stream().mapToLong(Observation::amount).sum();
        long average = new BigDecimal(sum)
                .divide(new BigDecimal(in.size()), 0, RoundingMode.HALF_UP)
                .longValueExact();
        return new Window(
                length,
                in.size(),
                in.stream().mapToLong(Observation::amount).min(),
                in.stream().mapToLong(Observation::amount).max(),
                OptionalLong.of(average),
                change);
    }

    private static Instant bucket(Observation o, Duration width) {
        return width.isZero() ? o.at() : Bars.floor(o.at(), width);
    }
}
