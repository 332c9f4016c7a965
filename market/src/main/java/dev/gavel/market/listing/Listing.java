package dev.gavel.market.listing;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One marketplace listing as observed at {@code observedAt}, normalized: ids, prices as whole numbers of
 * {@code currency}'s smallest unit (absent where the marketplace gives none), bid count, end time and
 * state. Natural key: {@code (source, externalId)}.
 *
 * @param itemId the marketplace's id of the thing for sale (M26 {@code card.cardId}), joining the catalog
 * @param itemName a display name ("Micah Parsons"), possibly empty
 * @param currentBid the highest bid so far, absent before the first bid
 * @param buyNow the buy-it-now price, if the listing has one
 * @param startPrice the opening price, if the marketplace says
 */
public record Listing(
        String source,
        String externalId,
        String itemId,
        String itemName,
        ListingState state,
        Currency currency,
        OptionalLong currentBid,
        OptionalLong buyNow,
        OptionalLong startPrice,
        int bidCount,
        Instant endsAt,
        Instant observedAt) {

    public Listing {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(itemName, "itemName");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(currentBid, "currentBid");
        Objects.requireNonNull(buyNow, "buyNow");
        Objects.requireNonNull(startPrice, "startPrice");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(observedAt, "observedAt");
        if (bidCount < 0) {
            throw new IllegalArgumentException("bidCount must not be negative: " + bidCount);
        }
    }

    /** The listing's price right now: the current bid, else the buy-now price, else the start price. */
    public OptionalLong price() {
        if (currentBid.isPresent()) {
            return currentBid;
        }
        return buyNow.isPresent() ? buyNow : startPrice;
    }

    /**
     * Whether {@code other} says something different about the listing than this one does. The
     * observation time, and the end time's drift by under a few seconds (it is computed from a rounded
     * {@code secondsRemaining}), do not count.
     */
    public boolean sameFactsAs(Listing other) {
        return state == other.state
                && currency == other.currency
                && currentBid.equals(other.currentBid)
                && buyNow.equals(other.buyNow)
                && startPrice.equals(other.startPrice)
                && bidCount == other.bidCount
                && itemId.equals(other.itemId)
                && itemName.equals(other.itemName)
                && Math.abs(endsAt.getEpochSecond() - other.endsAt.getEpochSecond()) <= END_TIME_SLACK_SECONDS;
    }

    /** {@code secondsRemaining} is whole seconds, read at a response time with its own latency. */
    public static final long END_TIME_SLACK_SECONDS = 5;

    public Listing withObservedAt(Instant when) {
        return new Listing(
                source,
                externalId,
                itemId,
                itemName,
                state,
                currency,
                currentBid,
                buyNow,
                startPrice,
                bidCount,
                endsAt,
                when);
    }

    public Listing withState(ListingState newState) {
        return new Listing(
                source,
                externalId,
                itemId,
                itemName,
                newState,
                currency,
                currentBid,
                buyNow,
                startPrice,
                bidCount,
                endsAt,
                observedAt);
    }
}
