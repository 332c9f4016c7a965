package dev.gavel.auction;

import java.util.List;

/** What an admin action came to. */
public sealed interface AdminOutcome {
    record Applied(AuctionState state, List<BidderFunds> fundsChanged) implements AdminOutcome {}

    record Refused(String reason) implements AdminOutcome {}
}
