package dev.gavel.market.alert;

import dev.gavel.market.listing.PriceKind;
import java.time.Duration;
import java.util.Optional;

/**
 * The port alerts read prices through: the latest price of an item's series and the one a {@code window} ago.
 * An empty {@code source} or {@code printing} means any (the newest across them). Implemented over the price
 * history by the store.
 */
public interface PriceSnapshots {
    /** The snapshot now, or empty when the series has no price at all. */
    Optional<PriceSnapshot> snapshot(
            long itemId, Optional<String> source, PriceKind kind, Optional<String> printing, Duration window);
}
