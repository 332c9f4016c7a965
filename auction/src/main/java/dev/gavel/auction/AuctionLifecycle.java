package dev.gavel.auction;

import static dev.gavel.auction.AuctionStatus.ACTIVE;
import static dev.gavel.auction.AuctionStatus.CANCELLED;
import static dev.gavel.auction.AuctionStatus.COMPLETED;
import static dev.gavel.auction.AuctionStatus.PAUSED;
import static dev.gavel.auction.AuctionStatus.PENDING;
import static dev.gavel.auction.AuctionStatus.PROCESSING;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The auction state machine: {@code PENDING → ACTIVE → PROCESSING → COMPLETED}, with {@code PAUSED} and
 * {@code CANCELLED}. A bid made before the end but decided in the grace window may extend the end
 * (anti-snipe), which takes the auction from {@code PROCESSING} back to {@code ACTIVE}. Every other move is
 * refused with the reason, never thrown.
 */
public final class AuctionLifecycle {
    private static final Map<AuctionStatus, Set<AuctionStatus>> ALLOWED = Map.of(
            PENDING, EnumSet.of(ACTIVE, PAUSED, CANCELLED),
            ACTIVE, EnumSet.of(PAUSED, PROCESSING, CANCELLED),
            PAUSED, EnumSet.of(ACTIVE, PROCESSING, CANCELLED),
            PROCESSING, EnumSet.of(COMPLETED, ACTIVE),
            COMPLETED, EnumSet.noneOf(AuctionStatus.class),
            CANCELLED, EnumSet.noneOf(AuctionStatus.class));

    private AuctionLifecycle() {}

    public static Transition check(AuctionStatus from, AuctionStatus to) {
        if (ALLOWED.get(from).contains(to)) {
            return new Transition.Allowed(from, to);
        }
        return new Transition.Refused(from, to, reason(from, to));
    }

    private static String reason(AuctionStatus from, AuctionStatus to) {
        if (from == to) {
            return "the auction is already " + from;
        }
        if (from.isFinal()) {
            return "the auction is " + from + "; nothing changes it any more";
        }
        if (from == PROCESSING) {
            return "the auction has ended and is being finalized; only a late extension reopens it";
        }
        if (to == COMPLETED) {
            return "an auction is completed only after it ends and its grace window passes";
        }
        if (to == PENDING) {
            return "an auction that has left PENDING does not go back to it";
        }
        return "an auction cannot go from " + from + " to " + to;
    }
}
