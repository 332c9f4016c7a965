package dev.gavel.auction;

import static dev.gavel.auction.Fixtures.END;
import static dev.gavel.auction.Fixtures.START;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuctionClockTest {
    private final AuctionState planned = AuctionState.planned(Fixtures.AUCTION, START, END, Fixtures.terms());

    @Test
    void moves_fall_due_at_exact_times() {
        assertThat(AuctionClock.dueMoves(planned, START.minusMillis(1))).isEmpty();
        assertThat(AuctionClock.dueMoves(planned, START)).containsExactly(AuctionStatus.ACTIVE);
        var active = planned.withStatus(AuctionStatus.ACTIVE);
        assertThat(AuctionClock.dueMoves(active, END.minusMillis(1))).isEmpty();
        assertThat(AuctionClock.dueMoves(active, END)).containsExactly(AuctionStatus.PROCESSING);
        var processing = active.withStatus(AuctionStatus.PROCESSING);
        assertThat(AuctionClock.dueMoves(processing, END.plusSeconds(19))).isEmpty();
        assertThat(AuctionClock.dueMoves(processing, END.plusSeconds(20))).containsExactly(AuctionStatus.COMPLETED);
    }

    @Test
    void after_downtime_every_missed_move_is_due_in_order() {
        assertThat(AuctionClock.dueMoves(planned, END.plusSeconds(3600)))
                .containsExactly(AuctionStatus.ACTIVE, AuctionStatus.PROCESSING, AuctionStatus.COMPLETED);
    }

    @Test
    void a_paused_auction_waits_for_an_admin() {
        var paused = planned.withStatus(AuctionStatus.PAUSED);
        assertThat(AuctionClock.dueMoves(paused, END.plusSeconds(3600))).isEmpty();
        assertThat(AuctionClock.nextMoveAt(paused)).isEmpty();
        assertThat(AuctionClock.nextMoveAt(planned)).contains(START);
    }
}
