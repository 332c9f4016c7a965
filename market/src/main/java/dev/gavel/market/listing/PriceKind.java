package dev.gavel.market.listing;

/** Which price a price point records. */
public enum PriceKind {
    CURRENT_BID,
    BUY_NOW,
    /** The price a listing ended at with a buyer. */
    SOLD,
    MARKET,
    LOW,
    MID,
    HIGH,
    DIRECT_LOW
}
