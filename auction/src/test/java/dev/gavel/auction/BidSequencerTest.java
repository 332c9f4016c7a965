package dev.gavel.auction;

import static dev.gavel.auction.Fixtures.AUCTION;
import static dev.gavel.auction.Fixtures.END;
import static dev.gavel.auction.Fixtures.START;
import static dev.gavel.auction.Fixtures.active;
import static dev.gavel.auction.Fixtures.bid;
import static dev.gavel.auction.Fixtures.bidder;
import static dev.gavel.auction.Fixtures.eth;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.money.Wei;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BidSequencerTest {
    private final BidSequencer sequencer =
            new BidSequencer(active(), id -> BidderFunds.empty(id).deposit(eth("10")));

    private Decided decide(BidCommand bid) {
        return ((Sequenced.Fresh) sequencer.decide(bid, Eligibility.OK, bid.receivedAt())).decided();
    }

    @Test
    void a_leading_bid_holds_its_amount_and_being_outbid_lets_it_go() {
        decide(bid(bidder(1), "2", START.plusSeconds(1)));
        assertThat(sequencer.funds(bidder(1)).reservations()).containsEntry(AUCTION, eth("2"));

        decide(bid(bidder(2), "3", START.plusSeconds(2)));

        assertThat(sequencer.funds(bidder(1)).reservations()).isEmpty();
        assertThat(sequencer.funds(bidder(1)).available()).isEqualTo(eth("10"));
        assertThat(sequencer.funds(bidder(2)).reservations()).containsEntry(AUCTION, eth("3"));
    }

    @Test
    void raising_your_own_bid_replaces_your_hold_instead_of_adding_to_it() {
        decide(bid(bidder(1), "6", START.plusSeconds(1)));
        var raised = decide(bid(bidder(1), "9", START.plusSeconds(2)));

        assertThat(raised.accepted()).isTrue();
        assertThat(sequencer.funds(bidder(1)).reserved()).isEqualTo(eth("9"));
    }

    @Test
    void a_bid_for_more_than_is_free_is_rejected_for_funds() {
        var d = decide(bid(bidder(1), "11", START.plusSeconds(1)));
        assertThat(((BidDecision.Rejected) d.decision()).reason()).isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
    }

    @Test
    void the_same_natural_key_is_decided_once() {
        var first = bid(bidder(1), "2", START.plusSeconds(1));
        var original = sequencer.decide(first, Eligibility.OK, first.receivedAt());
        var again = sequencer.decide(first, Eligibility.OK, first.receivedAt().plusSeconds(5));

        assertThat(original).isInstanceOf(Sequenced.Fresh.class);
        assertThat(again).isInstanceOf(Sequenced.Duplicate.class);
        assertThat(again.record()).isEqualTo(original.record());
        assertThat(sequencer.state().bidCount()).isEqualTo(1);
        assertThat(sequencer.log()).hasSize(1);
    }

    @Test
    void finalizing_waits_for_the_grace_window_and_captures_the_winners_hold() {
        var noSnipe = new AuctionTerms(
                eth("1"), eth("1"), MinIncrement.fivePercent(), AntiSnipe.off(), Duration.ofSeconds(20), true);
        var sequencer =
                new BidSequencer(active(noSnipe), id -> BidderFunds.empty(id).deposit(eth("10")));
        java.util.function.Function<BidCommand, Decided> decide =
                b -> ((Sequenced.Fresh) sequencer.decide(b, Eligibility.OK, b.receivedAt())).decided();
        decide.apply(bid(bidder(1), "2", START.plusSeconds(1)));
        decide.apply(bid(bidder(2), "4", START.plusSeconds(2)));

        sequencer.advance(END);
        assertThat(sequencer.state().status()).isEqualTo(AuctionStatus.PROCESSING);
        var late = decide.apply(bid(bidder(1), "5", END.minusMillis(10))); // made before the end, arrives in grace
        assertThat(late.accepted()).isTrue();

        var changed = sequencer.advance(END.plusSeconds(20));
        assertThat(sequencer.state().status()).isEqualTo(AuctionStatus.COMPLETED);
        assertThat(changed).singleElement().satisfies(f -> assertThat(f.captured())
                .isEqualTo(eth("5")));
        assertThat(sequencer.funds(bidder(1)).available()).isEqualTo(eth("5"));
        assertThat(sequencer.funds(bidder(2)).available()).isEqualTo(eth("10"));

        var afterFinal = decide.apply(bid(bidder(2), "9", END.minusSeconds(1)));
        assertThat(((BidDecision.Rejected) afterFinal.decision()).reason()).isEqualTo(RejectionReason.AUCTION_ENDED);
    }

    @Test
    void a_late_bid_that_extends_the_end_during_grace_reopens_bidding() {
        decide(bid(bidder(1), "2", START.plusSeconds(1)));
        sequencer.advance(END.plusSeconds(5));
        assertThat(sequencer.state().status()).isEqualTo(AuctionStatus.PROCESSING);

        var late = decide(new BidCommand(
                new BidKey(BidSource.X, "late"),
                AUCTION,
                bidder(2),
                eth("3"),
                END.minusSeconds(1),
                END.plusSeconds(6)));

        assertThat(late.accepted()).isTrue();
        assertThat(sequencer.state().status()).isEqualTo(AuctionStatus.ACTIVE);
        assertThat(sequencer.state().endsAt()).isEqualTo(END.minusSeconds(1).plus(Duration.ofMinutes(5)));
        sequencer.advance(sequencer.state().finalizesAt());
        assertThat(sequencer.state().status()).isEqualTo(AuctionStatus.COMPLETED);
    }

    @Test
    void the_clock_catches_up_every_missed_move_after_downtime() {
        var planned = new BidSequencer(AuctionState.planned(AUCTION, START, END, Fixtures.terms()), BidderFunds::empty);
        planned.advance(END.plus(Duration.ofHours(1)));
        assertThat(planned.state().status()).isEqualTo(AuctionStatus.COMPLETED);
        assertThat(planned.state().highest()).isEmpty();
    }

    @Test
    void pause_resume_extend_and_close_move_the_auction_as_an_admin_expects() {
        assertThat(sequencer.apply(new AdminAction.Pause("checking a report"), START.plusSeconds(5)))
                .isInstanceOf(AdminOutcome.Applied.class);
        assertThat(sequencer.apply(new AdminAction.Pause("twice"), START.plusSeconds(6)))
                .isInstanceOf(AdminOutcome.Refused.class);
        assertThat(sequencer.apply(new AdminAction.Resume("ok"), START.plusSeconds(7)))
                .isInstanceOf(AdminOutcome.Applied.class);
        sequencer.apply(new AdminAction.Extend(Duration.ofMinutes(10), "more time"), START.plusSeconds(8));
        assertThat(sequencer.state().endsAt()).isEqualTo(END.plus(Duration.ofMinutes(10)));
        assertThat(sequencer.state().extensions()).isZero();

        sequencer.apply(new AdminAction.Close("done"), START.plusSeconds(60));
        assertThat(sequencer.state().status()).isEqualTo(AuctionStatus.PROCESSING);
        assertThat(sequencer.state().endsAt()).isEqualTo(START.plusSeconds(60));
        assertThat(sequencer.apply(new AdminAction.Cancel("too late"), START.plusSeconds(61)))
                .isInstanceOfSatisfying(
                        AdminOutcome.Refused.class, r -> assertThat(r.reason()).contains("finalized"));
    }

    @Test
    void cancelling_releases_the_leaders_hold() {
        decide(bid(bidder(1), "2", START.plusSeconds(1)));
        var outcome = sequencer.apply(new AdminAction.Cancel("artwork withdrawn"), START.plusSeconds(2));

        assertThat(outcome).isInstanceOf(AdminOutcome.Applied.class);
        assertThat(sequencer.funds(bidder(1)).reserved()).isEqualTo(Wei.ZERO);
        assertThat(sequencer.state().status()).isEqualTo(AuctionStatus.CANCELLED);
    }

    @Test
    void voiding_the_leader_restores_the_best_remaining_bid_and_its_hold() {
        decide(bid(bidder(1), "2", START.plusSeconds(1)));
        decide(bid(bidder(2), "3", START.plusSeconds(2)));
        var top = decide(bid(bidder(3), "5", START.plusSeconds(3)));

        var outcome = sequencer.apply(new AdminAction.VoidBid(top.bidId(), "shill bidding"), START.plusSeconds(4));

        assertThat(outcome).isInstanceOf(AdminOutcome.Applied.class);
        assertThat(sequencer.state().highest().orElseThrow().bidderId()).isEqualTo(bidder(2));
        assertThat(sequencer.state().minimumNextBid()).isEqualTo(eth("3.15"));
        assertThat(sequencer.funds(bidder(3)).reserved()).isEqualTo(Wei.ZERO);
        assertThat(sequencer.funds(bidder(2)).reservations()).containsEntry(AUCTION, eth("3"));
        assertThat(sequencer.apply(new AdminAction.VoidBid(top.bidId(), "again"), START.plusSeconds(5)))
                .isInstanceOf(AdminOutcome.Refused.class);
        assertThat(sequencer.apply(new AdminAction.VoidBid(UUID.randomUUID(), "unknown"), START.plusSeconds(5)))
                .isInstanceOf(AdminOutcome.Refused.class);
    }

    @Test
    void bid_ids_come_from_natural_keys() {
        var key = new BidKey(BidSource.X, "1861234567890123456");
        assertThat(BidSequencer.bidIdOf(key))
                .isEqualTo(BidSequencer.bidIdOf(new BidKey(BidSource.X, "1861234567890123456")));
        assertThat(BidSequencer.bidIdOf(key))
                .isNotEqualTo(BidSequencer.bidIdOf(new BidKey(BidSource.API, "1861234567890123456")));
    }
}
