package dev.gavel.market.price;

import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.PriceKind;
import java.time.Instant;
import java.util.Objects;

/**
 * One price a source quotes for one card: which card ({@code source}, {@code externalId}: the source's id of
 * it), which variant ({@code printing}: TCGplayer's sub-type or pokemontcg.io's price key such as
 * "Holofoil" or "Reverse Holofoil", "" when the source has one printing; {@code condition}: "Near Mint", …,
 * "" when not given), which price ({@link PriceKind#MARKET}, LOW, MID, HIGH, DIRECT_LOW, CURRENT_BID,
 * BUY_NOW), the amount in the currency's smallest unit (cents) and when the source said so.
 */
public record PriceQuote(
        String source,
        String externalId,
        String printing,
        String condition,
        PriceKind kind,
        long amount,
        Currency currency,
        Instant observedAt) {
    public PriceQuote {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(printing, "printing");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(observedAt, "observedAt");
        if (amount < 0) {
            throw new IllegalArgumentException("a price cannot be negative: " + amount);
        }
    }
}
