package dev.gavel.store.market;

import dev.gavel.market.alert.PriceSnapshot;
import dev.gavel.market.alert.PriceSnapshots;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.PriceKind;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Alerts' view of card prices in PostgreSQL: the newest quote of the item's series of a kind (of one source
 * and printing, or the newest across them), the last quote of that same series at or before {@code now -
 * window} and how many quotes the series had after it, read from the raw quotes (one index range each).
 * Thread-safe.
 */
public final class CardPriceSnapshots implements PriceSnapshots {
    private final Jdbi jdbi;
    private final Clock clock;

    public CardPriceSnapshots(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<PriceSnapshot> snapshot(
            long itemId, Optional<String> source, PriceKind kind, Optional<String> printing, Duration window) {
        Instant since = clock.instant().minus(window);
        return jdbi.withHandle(h -> h.createQuery("""
                        WITH latest AS (
                            SELECT l.variant_id, l.source, l.kind, l.amount, l.currency, l.observed_at
                            FROM card_latest_prices l JOIN catalog_variants v ON v.id = l.variant_id
                            WHERE l.item_id = :item AND l.kind = :kind
                              AND (CAST(:source AS text) IS NULL OR l.source = :source)
                              AND (CAST(:printing AS text) IS NULL OR v.printing = :printing)
                            ORDER BY l.observed_at DESC, l.variant_id LIMIT 1
                        )
                        SELECT l.amount, l.observed_at, l.currency,
                               (SELECT p.amount FROM card_prices p
                                WHERE p.variant_id = l.variant_id AND p.source = l.source AND p.kind = l.kind
                                  AND p.observed_at <= :since
                                ORDER BY p.observed_at DESC LIMIT 1) AS reference,
                               (SELECT count(*) FROM card_prices p
                                WHERE p.variant_id = l.variant_id AND p.source = l.source AND p.kind = l.kind
                                  AND p.observed_at > :since) AS observations
                        FROM latest l""")
                .bind("item", itemId)
                .bind("kind", kind.name())
                .bind("source", source.orElse(null))
                .bind("printing", printing.orElse(null))
                .bind("since", Timestamp.from(since))
                .map((rs, ctx) -> {
                    long reference = rs.getLong(4);
                    Optional<Long> ref = rs.wasNull() ? Optional.empty() : Optional.of(reference);
                    return new PriceSnapshot(
                            rs.getLong(1),
                            rs.getTimestamp(2).toInstant(),
                            ref,
                            (int) Math.min(Integer.MAX_VALUE, rs.getLong(5)),
                            Currency.valueOf(rs.getString(3)));
                })
                .findOne());
    }
}
