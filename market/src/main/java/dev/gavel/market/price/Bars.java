package dev.gavel.market.price;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Price history at a coarser resolution: raw observations into bars, fine bars (raw points, hourly bars)
 * into wider ones (hourly, daily). Bars are aligned on multiples of their width since the epoch, which for an
 * hour or a day are UTC's hour and midnight boundaries ({@link Instant} has no leap seconds and UTC no
 * daylight saving). Only buckets that hold observations become bars: a gap stays a gap.
 */
public final class Bars {
    private Bars() {}

    /** One observed price at one time. */
    public record Observation(Instant at, long amount) {
        public Observation {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Observations, in any order, as bars of {@code width}, in time order. Observations at the same instant
     * keep the order they were given in (the last of them closes the bar).
     */
    public static List<PriceBar> of(List<Observation> observations, Duration width) {
        var points = observations.stream()
                .sorted(Comparator.comparing(Observation::at))
                .map(o -> PriceBar.of(o.at(), o.amount()))
                .toList();
        return roll(points, width);
    }

    /**
     * Fine bars, in time order, merged into bars of {@code width} (a whole number of seconds): each wide bar
     * opens with its first fine bar's open, closes with its last one's close, and holds the extremes, sums and
     * counts of all of them. A fine bar must lie within one wide bar: an hourly bar rolls into days, a daily
     * one cannot roll into hours.
     */
    public static List<PriceBar> roll(List<PriceBar> fine, Duration width) {
        long seconds = seconds(width);
        var wide = new ArrayList<PriceBar>();
        Instant bucket = null;
        PriceBar acc = null;
        Instant previous = Instant.MIN;
        for (PriceBar bar : fine) {
            previous = next(previous, bar);
            Instant b = floor(bar.start(), seconds);
            if (bar.end().isAfter(b.plusSeconds(seconds))) {
                throw new IllegalArgumentException(
                        "a bar of " + bar.width() + " from " + bar.start() + " does not fit in one bar of " + width);
            }
            if (b.equals(bucket)) {
                acc = new PriceBar(
                        bucket,
                        width,
                        acc.open(),
                        Math.max(acc.high(), bar.high()),
                        Math.min(acc.low(), bar.low()),
                        bar.close(),
                        Math.addExact(acc.sum(), bar.sum()),
                        Math.addExact(acc.count(), bar.count()));
            } else {
                if (acc != null) {
                    wide.add(acc);
                }
                bucket = b;
                acc = new PriceBar(b, width, bar.open(), bar.high(), bar.low(), bar.close(), bar.sum(), bar.count());
            }
        }
        if (acc != null) {
            wide.add(acc);
        }
        return wide;
    }

    /** {@code bar}'s start, when it comes at or after {@code previous}'s; bars out of time order are refused. */
    static Instant next(Instant previous, PriceBar bar) {
        if (bar.start().isBefore(previous)) {
            throw new IllegalArgumentException(
                    "bars must be in time order: " + bar.start() + " comes after " + previous);
        }
        return bar.start();
    }

    /** The start of the bar of {@code width} that holds {@code at}. */
    public static Instant floor(Instant at, Duration width) {
        return floor(at, seconds(width));
    }

    private static Instant floor(Instant at, long seconds) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    }

    private static long seconds(Duration width) {
        if (width.isNegative() || width.isZero() || width.getNano() != 0) {
            throw new IllegalArgumentException("bars are a positive whole number of seconds wide: " + width);
        }
        return width.getSeconds();
    }
}
