package dev.gavel.auction;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The bid rules of AUCTIONS.md as one pure function. Checks run in the documented order and the first that
 * fails is the reason: status, event time within [start, effective end], identity, eligibility, reserve,
 * minimum next bid, funds (a bid paid by tx hash whose payment failed its checks is refused there with
 * that reason). An accepted bid within the anti-snipe window moves the end.
 */
public final class AuctionRules {
    private AuctionRules() {}

    /** Decides {@code bid} against {@code state}; {@code bidId} names the bid if it is accepted. */
    public static BidDecision evaluate(AuctionState state, BidCommand bid, BidderStanding standing, UUID bidId) {
        Optional<RejectionReason> refused = statusCheck(state, bid.eventTime())
                .or(() -> timeCheck(state, bid.eventTime()))
                .or(() -> standing.identityLinked() ? Optional.empty() : Optional.of(RejectionReason.WALLET_NOT_LINKED))
                .or(standing::ineligible)
                .or(() -> bid.amount().isLessThan(state.terms().reservePrice())
                        ? Optional.of(RejectionReason.BELOW_RESERVE)
                        : Optional.empty())
                .or(() -> bid.amount().isLessThan(state.minimumNextBid())
                        ? Optional.of(RejectionReason.BELOW_MIN_INCREMENT)
                        : Optional.empty())
                .or(() -> bid.payment().flatMap(BidCommand.Payment::problem))
                .or(() -> state.terms().requireFunds()
                                && standing.availableFunds().isLessThan(bid.amount())
                        ? Optional.of(RejectionReason.INSUFFICIENT_FUNDS)
                        : Optional.empty());
        if (refused.isPresent()) {
            return new BidDecision.Rejected(refused.get(), state.minimumNextBid());
        }
        var leader = new LeadingBid(bidId, bid.bidderId(), bid.amount(), bid.eventTime());
        Instant end = state.endsAt();
        int extensions = state.extensions();
        boolean extended = false;
        var antiSnipe = state.terms().antiSnipe();
        boolean inWindow = bid.eventTime().isAfter(end.minus(antiSnipe.window()));
        Instant pushed = bid.eventTime().plus(antiSnipe.extension());
        if (inWindow && antiSnipe.mayExtend(extensions) && pushed.isAfter(end)) {
            end = pushed;
            extensions++;
            extended = true;
        }
        return new BidDecision.Accepted(state.withLeader(leader, end, extensions), leader, state.highest(), extended);
    }

    private static Optional<RejectionReason> statusCheck(AuctionState state, Instant eventTime) {
        return switch (state.status()) {
            case ACTIVE -> Optional.empty();
            // Past the end but inside the grace window: bids made before the end still count.
            case PROCESSING -> Optional.empty();
            case PENDING -> Optional.of(RejectionReason.AUCTION_NOT_STARTED);
            case PAUSED -> Optional.of(RejectionReason.AUCTION_PAUSED);
            case COMPLETED -> Optional.of(RejectionReason.AUCTION_ENDED);
            case CANCELLED -> Optional.of(RejectionReason.AUCTION_CANCELLED);
        };
    }

    private static Optional<RejectionReason> timeCheck(AuctionState state, Instant eventTime) {
        if (eventTime.isBefore(state.startsAt())) {
            return Optional.of(RejectionReason.BID_BEFORE_START);
        }
        if (eventTime.isAfter(state.endsAt())) {
            return Optional.of(RejectionReason.AUCTION_ENDED);
        }
        return Optional.empty();
    }
}
