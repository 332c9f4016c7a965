package dev.gavel.market.listing;

/** Where a listing is in its life. Only {@link #ACTIVE} can still change. */
public enum ListingState {
    ACTIVE,
    /** Ended with a buyer (bought out, or the highest bid won). */
    SOLD,
    /** Ended without a buyer. */
    EXPIRED,
    CANCELLED;

    public boolean isFinal() {
        return this != ACTIVE;
    }
}
