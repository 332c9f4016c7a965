package dev.gavel.auction;

import dev.gavel.core.money.Wei;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A bid as every channel hands it in: who, how much, on which auction, when it was made (event time: it
 * decides) and when Gavel received it (processing time: it reports). A bid paid directly on chain carries
 * its {@link Payment}.
 */
public record BidCommand(
        BidKey key,
        UUID auctionId,
        UUID bidderId,
        Wei amount,
        Instant eventTime,
        Instant receivedAt,
        Optional<Payment> payment) {

    /** A bid backed by funds already in escrow. */
    public BidCommand(BidKey key, UUID auctionId, UUID bidderId, Wei amount, Instant eventTime, Instant receivedAt) {
        this(key, auctionId, bidderId, amount, eventTime, receivedAt, Optional.empty());
    }

    /**
     * The transaction a bid names as its payment, as the chain adapter found it before the bid was decided:
     * no problem means it was verified and credited as a deposit (so the funds check covers it); a problem is
     * why it cannot back the bid.
     */
    public record Payment(String txHash, Optional<RejectionReason> problem) {
        public static Payment verified(String txHash) {
            return new Payment(txHash, Optional.empty());
        }

        public static Payment refused(String txHash, RejectionReason problem) {
            return new Payment(txHash, Optional.of(problem));
        }
    }

    public BidCommand withPayment(Payment p) {
        return new BidCommand(key, auctionId, bidderId, amount, eventTime, receivedAt, Optional.of(p));
    }
}
