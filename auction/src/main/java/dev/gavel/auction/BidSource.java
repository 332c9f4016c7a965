package dev.gavel.auction;

/** The channel a bid came through; with the channel's own id it forms the bid's natural key. */
public enum BidSource {
    /** The HTTP API; the external id is the caller's Idempotency-Key. */
    API,
    /** A reply on X; the external id is the tweet id. */
    X,
    /** A transaction on chain; the external id is the tx hash. */
    CHAIN,
    /** An admin placing a bid on someone's behalf. */
    ADMIN
}
