package dev.gavel.auction;

import dev.gavel.core.money.Wei;
import java.util.Optional;

/** What the rules decided about one bid. Business outcomes are values, not exceptions. */
public sealed interface BidDecision {

    /** The minimum the next bid must reach after this decision. */
    Wei minimumNextBid();

    /**
     * The bid leads now.
     *
     * @param next the auction after the bid
     * @param outbid the previous leader, whose reservation is released
     * @param extended whether the bid moved the end (anti-snipe)
     */
    record Accepted(AuctionState next, LeadingBid leader, Optional<LeadingBid> outbid, boolean extended)
            implements BidDecision {
        @Override
        public Wei minimumNextBid() {
            return next.minimumNextBid();
        }
    }

    /** The bid does not count; the auction is unchanged. */
    record Rejected(RejectionReason reason, Wei minimumNextBid) implements BidDecision {}
}
