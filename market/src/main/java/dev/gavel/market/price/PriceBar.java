package dev.gavel.market.price;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The prices observed over {@code [start, start + width)}: the first ({@code open}), highest, lowest and last
 * ({@code close}) of them, their {@code sum} and how many there were ({@code count}). Amounts are in the
 * currency's smallest unit (cents). A raw observation is a bar of width zero and count one; {@link Bars}
 * rolls fine bars into wider ones.
 */
public record PriceBar(Instant start, Duration width, long open, long high, long low, long close, long sum, int count) {
    public PriceBar {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(width, "width");
        if (width.isNegative()) {
            throw new IllegalArgumentException("a bar cannot be narrower than nothing: " + width);
        }
        if (count < 1) {
            throw new IllegalArgumentException("a bar holds at least one observation: " + count);
        }
        if (low < 0 || low > Math.min(open, close) || high < Math.max(open, close)) {
            throw new IllegalArgumentException(
                    "a bar needs 0 <= low <= open, close <= high: " + open + " " + high + " " + low + " " + close);
        }
        // the sum of count prices between low and high; overflow would be a caller's error long before
        if (sum < low * (double) count || sum > high * (double) count) {
            throw new IllegalArgumentException(
                    "the sum of " + count + " prices between " + low + " and " + high + " cannot be " + sum);
        }
    }

    /** One observed price: a bar of width zero. */
    public static PriceBar of(Instant at, long amount) {
        return new PriceBar(at, Duration.ZERO, amount, amount, amount, amount, amount, 1);
    }

    /** When the bar ends (exclusive): {@code start + width}. */
    public Instant end() {
        return start.plus(width);
    }

    /** The mean observed price, to the nearest cent (halves up). */
    public long average() {
        return mean(sum, count);
    }

    /** {@code sum / count} to the nearest whole unit, halves up; for non-negative sums and a positive count. */
    static long mean(long sum, long count) {
        return sum / count + (sum % count * 2 >= count ? 1 : 0);
    }
}
