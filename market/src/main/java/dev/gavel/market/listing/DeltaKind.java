package dev.gavel.market.listing;

/** What changed between two observations of a listing. */
public enum DeltaKind {
    /** First time Gavel sees the listing. */
    NEW,
    /** A bid was placed: the bid count or current bid went up. */
    NEW_BID,
    /** The buy-now or start price changed (a relist at another price). */
    PRICE_CHANGE,
    SOLD,
    EXPIRED,
    CANCELLED
}
