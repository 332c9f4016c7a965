package dev.gavel.auction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When an auction's scheduled moves fall due: start at {@code startsAt}, end at the effective end, finalize
 * after the grace window. Asked after downtime it returns every move that is overdue, in order, so the
 * auction catches up instead of skipping a step.
 */
public final class AuctionClock {
    private AuctionClock() {}

    /** The statuses to move through, in order, for the auction to be where {@code now} says it should be. */
    public static List<AuctionStatus> dueMoves(AuctionState state, Instant now) {
        var moves = new ArrayList<AuctionStatus>();
        AuctionStatus status = state.status();
        if (status == AuctionStatus.PENDING && !now.isBefore(state.startsAt())) {
            moves.add(status = AuctionStatus.ACTIVE);
        }
        if (status == AuctionStatus.ACTIVE && !now.isBefore(state.endsAt())) {
            moves.add(status = AuctionStatus.PROCESSING);
        }
        if (status == AuctionStatus.PROCESSING && !now.isBefore(state.finalizesAt())) {
            moves.add(AuctionStatus.COMPLETED);
        }
        return moves;
    }

    /** The next instant at which {@link #dueMoves} will return something, if any. */
    public static Optional<Instant> nextMoveAt(AuctionState state) {
        return switch (state.status()) {
            case PENDING -> Optional.of(state.startsAt());
            case ACTIVE -> Optional.of(state.endsAt());
            case PROCESSING -> Optional.of(state.finalizesAt());
            case PAUSED, COMPLETED, CANCELLED -> Optional.empty();
        };
    }
}
