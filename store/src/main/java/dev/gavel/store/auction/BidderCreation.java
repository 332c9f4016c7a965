package dev.gavel.store.auction;

/** What creating a bidder came to. */
public sealed interface BidderCreation {
    record Created(Bidder bidder) implements BidderCreation {}

    /** The handle, X account or user already belongs to a bidder; {@code what} says which. */
    record Taken(String what) implements BidderCreation {}
}
