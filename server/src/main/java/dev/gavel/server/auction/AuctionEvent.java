package dev.gavel.server.auction;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.BidRecord;
import dev.gavel.auction.LeadingBid;
import java.util.Optional;

/** Something that happened to an auction, after it was committed. */
public sealed interface AuctionEvent {
    AuctionState state();

    /** A bid was decided (accepted or rejected); {@code outbid} is the leader it displaced, if any. */
    record BidDecided(AuctionState state, BidRecord bid, Optional<LeadingBid> outbid) implements AuctionEvent {}

    /** Anti-snipe or an admin moved the end. */
    record Extended(AuctionState state) implements AuctionEvent {}

    /** The status changed (start, pause, end, finalize, cancel). */
    record StatusChanged(AuctionState state, String reason) implements AuctionEvent {}

    /** The auction was finalized: the winner, or no sale. */
    record Finalized(AuctionState state, Optional<BidRecord> winningBid) implements AuctionEvent {}
}
