package dev.gavel.auction;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A decided bid as the bid log keeps it (one row of {@code bids}): enough to answer a redelivery with the
 * original decision, to void it later, and to replay the auction.
 */
public record BidRecord(
        UUID bidId,
        long sequence,
        BidCommand command,
        Eligibility eligibility,
        Optional<RejectionReason> rejection,
        Instant decidedAt) {

    public boolean accepted() {
        return rejection.isEmpty();
    }

    LeadingBid asLeader() {
        return new LeadingBid(bidId, command.bidderId(), command.amount(), command.eventTime());
    }
}
