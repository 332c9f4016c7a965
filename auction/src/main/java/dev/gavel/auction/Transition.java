package dev.gavel.auction;

/** The answer to "may the auction move from one status to another?". */
public sealed interface Transition {
    record Allowed(AuctionStatus from, AuctionStatus to) implements Transition {}

    record Refused(AuctionStatus from, AuctionStatus to, String reason) implements Transition {}
}
