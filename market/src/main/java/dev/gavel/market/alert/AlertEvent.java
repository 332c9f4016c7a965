package dev.gavel.market.alert;

import dev.gavel.market.listing.Currency;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One firing of an alert, as its owner's alert history shows it and as its channels are told.
 *
 * @param price the price that fired it, in the currency's smallest unit
 * @param changePercent the change over the window, for a change alert
 */
public record AlertEvent(
        long id,
        long alertId,
        UUID ownerUserId,
        long itemId,
        long price,
        Currency currency,
        Optional<BigDecimal> changePercent,
        String reason,
        Instant firedAt) {
    public AlertEvent {
        Objects.requireNonNull(ownerUserId, "ownerUserId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(changePercent, "changePercent");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(firedAt, "firedAt");
    }
}
