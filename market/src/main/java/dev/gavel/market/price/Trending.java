package dev.gavel.market.price;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Trending cards: candidates ranked by their change over a window. Thin candidates (fewer than
 * {@link PriceStats#MIN_OBSERVATIONS} observations in the window) are never ranked, so that one sale does not
 * top the list: they are left out, or, when asked for, listed after every ranked row with {@code thin = true}.
 * Candidates whose reference is 0 have no change and are left out.
 */
public final class Trending {
    private Trending() {}

    public enum Direction {
        /** Largest change first. */
        GAINERS,
        /** Smallest (most negative) change first. */
        LOSERS
    }

    /** A card's latest price, its price when the window opened, and how many observations the window holds. */
    public record Candidate(String itemId, long latest, long reference, long observations) {
        public Candidate {
            Objects.requireNonNull(itemId, "itemId");
        }
    }

    /** A listed card with its change in per cent ({@link PriceStats#changePercent}). */
    public record Row(
            String itemId, long latest, long reference, BigDecimal changePercent, long observations, boolean thin) {
        public Row {
            Objects.requireNonNull(itemId, "itemId");
            Objects.requireNonNull(changePercent, "changePercent");
        }
    }

    /**
     * At most {@code limit} rows: the non-thin candidates by change in {@code direction} (ties: more
     * observations first, then by item id), then, only when {@code includeThin}, the thin ones in the same
     * order.
     */
    public static List<Row> rank(
            Collection<Candidate> candidates, Direction direction, int limit, boolean includeThin) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit cannot be negative: " + limit);
        }
        Comparator<Row> byChange = Comparator.comparing(Row::changePercent);
        Comparator<Row> order = Comparator.comparing(Row::thin)
                .thenComparing(direction == Direction.GAINERS ? byChange.reversed() : byChange)
                .thenComparing(Comparator.comparingLong(Row::observations).reversed())
                .thenComparing(Row::itemId);
        return candidates.stream()
                .flatMap(Trending::row)
                .filter(r -> includeThin || !r.thin())
                .sorted(order)
                .limit(limit)
                .toList();
    }

    private static Stream<Row> row(Candidate c) {
        return PriceStats.changePercent(c.latest(), c.reference()).stream()
                .map(change -> new Row(
                        c.itemId(),
                        c.latest(),
                        c.reference(),
                        change,
                        c.observations(),
                        PriceStats.isThin(c.observations())));
    }
}
