package dev.gavel.market.listing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One observed price of one listing at one time; price history is an append-only list of these. */
public record PricePoint(
        String source,
        String externalId,
        String itemId,
        PriceKind kind,
        long amount,
        Currency currency,
        Instant observedAt) {
    public PricePoint {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    /**
     * The price points a change leaves: the prices the listing has after a new listing, a bid or a price
     * change, and the final price of a sale. Expiry and cancellation leave none (nobody paid anything); a
     * listing first seen already ended counts as its ending.
     */
    public static List<PricePoint> of(ListingDelta delta) {
        Listing l = delta.listing();
        var points = new ArrayList<PricePoint>(2);
        // a listing first seen already ended leaves what its ending leaves: a sale price, or nothing
        DeltaKind kind = delta.kind() == DeltaKind.NEW
                ? switch (l.state()) {
                    case ACTIVE -> DeltaKind.NEW;
                    case SOLD -> DeltaKind.SOLD;
                    case EXPIRED -> DeltaKind.EXPIRED;
                    case CANCELLED -> DeltaKind.CANCELLED;
                }
                : delta.kind();
        switch (kind) {
            case NEW, PRICE_CHANGE, NEW_BID -> {
                l.currentBid().ifPresent(a -> points.add(point(l, PriceKind.CURRENT_BID, a)));
                if (kind != DeltaKind.NEW_BID) {
                    l.buyNow().ifPresent(a -> points.add(point(l, PriceKind.BUY_NOW, a)));
                }
            }
            case SOLD -> l.price().ifPresent(a -> points.add(point(l, PriceKind.SOLD, a)));
            case EXPIRED, CANCELLED -> {}
        }
        return points;
    }

    private static PricePoint point(Listing l, PriceKind kind, long amount) {
        return new PricePoint(l.source(), l.externalId(), l.itemId(), kind, amount, l.currency(), l.observedAt());
    }
}
