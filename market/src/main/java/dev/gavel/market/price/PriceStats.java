package dev.gavel.market.price;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a card's recent price history says: the latest price, and for the last 24 hours, 7 days and 30 days
 * the lowest, highest and average price, the change in per cent and how many observations there were.
 *
 * <p>Made by {@link #of} from bars in time order (hourly bars of the last 30 days and a little more, so that
 * the 30-day change has a reference; gaps are fine) as of {@code now}:
 *
 * <ul>
 *   <li>{@code latest} is the close of the last bar that starts at or before {@code now}; {@code latestAt} is
 *       that bar's start (for raw points, when the price was seen). Bars that start after {@code now} are
 *       ignored.
 *   <li>A window of length {@code L} holds the bars that start in {@code [now - L, now]}; its minimum and
 *       maximum are their lows and highs, its average their total sum over their total count (so weighted by
 *       observations), to the nearest cent.
 *   <li>Its change is {@code (latest - reference) / reference × 100}, rounded to 2 places (half even), where
 *       {@code reference} is the close of the last bar that ends at or before {@code now - L}: the price as
 *       it stood when the window opened. There is none when no bar is that old or the reference is 0.
 *   <li>A window is {@linkplain Window#thin() thin} when it holds fewer than {@link #MIN_OBSERVATIONS}
 *       observations.
 * </ul>
 */
public record PriceStats(long latest, Instant latestAt, Window day, Window week, Window month) {
    /**
     * Fewer observations than this in a window make it thin: a price moved by one or two sales is noise, so
     * a thin window's change must not top trending lists nor fire per-cent-drop alerts.
     */
    public static final int MIN_OBSERVATIONS = 3;

    public static final Duration DAY = Duration.ofHours(24);
    public static final Duration WEEK = Duration.ofDays(7);
    public static final Duration MONTH = Duration.ofDays(30);

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public PriceStats {
        Objects.requireNonNull(latestAt, "latestAt");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(week, "week");
        Objects.requireNonNull(month, "month");
    }

    /**
     * One window's figures; {@code min}, {@code max} and {@code average} are empty when the window holds no
     * observation, {@code changePercent} when it has no reference (or a reference of 0).
     */
    public record Window(
            Duration length,
            long observations,
            OptionalLong min,
            OptionalLong max,
            OptionalLong average,
            Optional<BigDecimal> changePercent) {
        public Window {
            Objects.requireNonNull(length, "length");
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            Objects.requireNonNull(average, "average");
            Objects.requireNonNull(changePercent, "changePercent");
        }

        /** Fewer than {@link #MIN_OBSERVATIONS} observations: too few for the change to mean much. */
        public boolean thin() {
            return isThin(observations);
        }
    }

    /** Whether a window of {@code observations} is thin: fewer than {@link #MIN_OBSERVATIONS}. */
    public static boolean isThin(long observations) {
        return observations < MIN_OBSERVATIONS;
    }

    /**
     * The stats of {@code bars} (in time order) as of {@code now}; empty when no bar starts at or before
     * {@code now}, an empty list included.
     */
    public static Optional<PriceStats> of(List<PriceBar> bars, Instant now) {
        PriceBar last = null;
        Instant previous = Instant.MIN;
        for (PriceBar bar : bars) {
            previous = Bars.next(previous, bar);
            if (!bar.start().isAfter(now)) {
                last = bar;
            }
        }
        if (last == null) {
            return Optional.empty();
        }
        long latest = last.close();
        return Optional.of(new PriceStats(
                latest,
                last.start(),
                window(bars, now, DAY, latest),
                window(bars, now, WEEK, latest),
                window(bars, now, MONTH, latest)));
    }

    /**
     * {@code (latest - reference) / reference × 100} rounded to 2 places, half even; empty when the reference
     * is 0.
     */
    public static Optional<BigDecimal> changePercent(long latest, long reference) {
        if (reference == 0) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(latest)
                .subtract(BigDecimal.valueOf(reference))
                .multiply(HUNDRED)
                .divide(BigDecimal.valueOf(reference), 2, RoundingMode.HALF_EVEN));
    }

    private static Window window(List<PriceBar> bars, Instant now, Duration length, long latest) {
        Instant from = now.minus(length);
        long observations = 0;
        long sum = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        OptionalLong reference = OptionalLong.empty();
        for (PriceBar bar : bars) {
            if (bar.start().isAfter(now)) {
                break;
            }
            if (!bar.end().isAfter(from)) {
                reference = OptionalLong.of(bar.close());
            }
            if (!bar.start().isBefore(from)) {
                observations += bar.count();
                sum = Math.addExact(sum, bar.sum());
                min = Math.min(min, bar.low());
                max = Math.max(max, bar.high());
            }
        }
        boolean any = observations > 0;
        return new Window(
                length,
                observations,
                any ? OptionalLong.of(min) : OptionalLong.empty(),
                any ? OptionalLong.of(max) : OptionalLong.empty(),
                any ? OptionalLong.of(PriceBar.mean(sum, observations)) : OptionalLong.empty(),
                reference.isPresent() ? changePercent(latest, reference.getAsLong()) : Optional.empty());
    }
}
