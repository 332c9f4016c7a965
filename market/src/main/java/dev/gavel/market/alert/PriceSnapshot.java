package dev.gavel.market.alert;

import dev.gavel.market.listing.Currency;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an alert needs to know about one price series (an item, source, kind and printing) at evaluation time.
 *
 * @param latest the newest price, in the currency's smallest unit
 * @param latestAt when it was observed
 * @param reference the price at or just before {@code now - window}; empty when the series starts later
 * @param observationsInWindow how many prices were observed within the window, to tell a market from one sale
 */
public record PriceSnapshot(
        long latest, Instant latestAt, Optional<Long> reference, int observationsInWindow, Currency currency) {
    public PriceSnapshot {
        Objects.requireNonNull(latestAt, "latestAt");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(currency, "currency");
        if (observationsInWindow < 0) {
            throw new IllegalArgumentException("observations cannot be negative: " + observationsInWindow);
        }
    }
}
