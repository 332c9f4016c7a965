package dev.gavel.auction;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One bid as the sequencer decided it: the command, the standing it was judged with, the decision, and the
 * funds of every bidder the decision changed. The ordered list of these is the bid log; replaying it
 * reproduces the auction.
 */
public record Decided(
        UUID bidId,
        long sequence,
        BidCommand command,
        Eligibility eligibility,
        BidDecision decision,
        Instant decidedAt,
        List<BidderFunds> fundsChanged) {
    public Decided {
        fundsChanged = List.copyOf(fundsChanged);
    }

    public boolean accepted() {
        return decision instanceof BidDecision.Accepted;
    }

    /** The row the bid log keeps of this decision. */
    public BidRecord record() {
        var rejection = decision instanceof BidDecision.Rejected r
                ? java.util.Optional.of(r.reason())
                : java.util.Optional.<RejectionReason>empty();
        return new BidRecord(bidId, sequence, command, eligibility, rejection, decidedAt);
    }
}
