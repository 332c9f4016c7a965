package dev.gavel.auction;

import static dev.gavel.auction.Fixtures.END;
import static dev.gavel.auction.Fixtures.START;
import static dev.gavel.auction.Fixtures.active;
import static dev.gavel.auction.Fixtures.bid;
import static dev.gavel.auction.Fixtures.bidder;
import static dev.gavel.auction.Fixtures.eth;
import static dev.gavel.auction.Fixtures.terms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.money.Wei;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuctionRulesTest {
    private static final BidderStanding RICH = BidderStanding.inGoodStanding(eth("1000"));

    private static BidDecision decide(AuctionState state, BidCommand bid, BidderStanding standing) {
        return AuctionRules.evaluate(state, bid, standing, UUID.randomUUID());
    }

    private static RejectionReason reason(BidDecision d) {
        return ((BidDecision.Rejected) d).reason();
    }

    @Test
    void the_first_bid_at_the_starting_price_leads() {
        var d = decide(active(), bid(bidder(1), "1", START.plusSeconds(60)), RICH);

        assertThat(d).isInstanceOf(BidDecision.Accepted.class);
        var next = ((BidDecision.Accepted) d).next();
        assertThat(next.highest().orElseThrow().amount()).isEqualTo(eth("1"));
        assertThat(next.bidCount()).isEqualTo(1);
        assertThat(next.minimumNextBid()).isEqualTo(eth("1.05"));
    }

    @Test
    void a_bid_must_beat_the_highest_by_five_percent() {
        var state = accept(active(), bid(bidder(1), "2", START.plusSeconds(60)));

        assertThat(reason(decide(state, bid(bidder(2), "2.09", START.plusSeconds(70)), RICH)))
                .isEqualTo(RejectionReason.BELOW_MIN_INCREMENT);
        assertThat(decide(state, bid(bidder(2), "2.1", START.plusSeconds(70)), RICH))
                .isInstanceOf(BidDecision.Accepted.class);
    }

    @Test
    void the_larger_of_percent_and_absolute_increments_applies() {
        var both = new AuctionTerms(
                eth("0.1"),
                eth("0.1"),
                new MinIncrement(Optional.of(new java.math.BigDecimal("5")), Optional.of(eth("0.5"))),
                AntiSnipe.off(),
                Duration.ofSeconds(20),
                false);
        var state = accept(active(both), bid(bidder(1), "1", START.plusSeconds(1)));
        assertThat(state.minimumNextBid()).isEqualTo(eth("1.5")); // 1 + 0.5 beats 1.05

        var rich = accept(state, bid(bidder(2), "20", START.plusSeconds(2)));
        assertThat(rich.minimumNextBid()).isEqualTo(eth("21")); // 5 % of 20 beats 0.5
    }

    @Test
    void the_same_amount_twice_loses_the_second_time() {
        var state = accept(active(), bid(bidder(1), "3", START.plusSeconds(5)));
        assertThat(reason(decide(state, bid(bidder(2), "3", START.plusSeconds(4)), RICH)))
                .isEqualTo(RejectionReason.BELOW_MIN_INCREMENT);
    }

    @Test
    void below_reserve_is_its_own_reason() {
        var terms = new AuctionTerms(
                eth("0.5"), eth("2"), MinIncrement.fivePercent(), AntiSnipe.defaults(), Duration.ofSeconds(20), true);
        assertThat(reason(decide(active(terms), bid(bidder(1), "1.5", START.plusSeconds(5)), RICH)))
                .isEqualTo(RejectionReason.BELOW_RESERVE);
    }

    @Test
    void checks_run_in_the_documented_order_and_the_first_failure_is_the_reason() {
        var broke = new BidderStanding(false, Optional.of(RejectionReason.ACCOUNT_TOO_NEW), Wei.ZERO);
        // everything wrong at once: the time check comes first
        assertThat(reason(decide(active(), bid(bidder(1), "0.5", START.minusSeconds(1)), broke)))
                .isEqualTo(RejectionReason.BID_BEFORE_START);
        assertThat(reason(decide(active(), bid(bidder(1), "0.5", START.plusSeconds(1)), broke)))
                .isEqualTo(RejectionReason.WALLET_NOT_LINKED);
        var linked = new BidderStanding(true, Optional.of(RejectionReason.ACCOUNT_TOO_NEW), Wei.ZERO);
        assertThat(reason(decide(active(), bid(bidder(1), "0.5", START.plusSeconds(1)), linked)))
                .isEqualTo(RejectionReason.ACCOUNT_TOO_NEW);
        var eligible = new BidderStanding(true, Optional.empty(), Wei.ZERO);
        assertThat(reason(decide(active(), bid(bidder(1), "0.5", START.plusSeconds(1)), eligible)))
                .isEqualTo(RejectionReason.BELOW_RESERVE);
        assertThat(reason(decide(active(), bid(bidder(1), "5", START.plusSeconds(1)), eligible)))
                .isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
    }

    @Test
    void a_bid_whose_payment_failed_its_checks_is_refused_for_that_reason_where_funds_are_checked() {
        var rich = BidderStanding.inGoodStanding(eth("100"));
        var paid = bid(bidder(1), "5", START.plusSeconds(1));
        String tx = "0x" + "ab".repeat(32);

        assertThat(reason(decide(
                        active(),
                        paid.withPayment(BidCommand.Payment.refused(tx, RejectionReason.PAYMENT_TOO_SMALL)),
                        rich)))
                .isEqualTo(RejectionReason.PAYMENT_TOO_SMALL);
        // the amount checks still come first
        var low = bid(bidder(1), "0.5", START.plusSeconds(1))
                .withPayment(BidCommand.Payment.refused(tx, RejectionReason.PAYMENT_FAILED));
        assertThat(reason(decide(active(), low, rich))).isEqualTo(RejectionReason.BELOW_RESERVE);
        // a verified payment was credited before the bid came: the funds check decides as usual
        assertThat(decide(active(), paid.withPayment(BidCommand.Payment.verified(tx)), rich))
                .isInstanceOf(BidDecision.Accepted.class);
        assertThat(reason(decide(
                        active(),
                        paid.withPayment(BidCommand.Payment.verified(tx)),
                        BidderStanding.inGoodStanding(Wei.ZERO))))
                .isEqualTo(RejectionReason.INSUFFICIENT_FUNDS);
    }

    @Test
    void funds_are_not_needed_when_the_auction_does_not_require_them() {
        var free = new AuctionTerms(
                eth("1"), eth("1"), MinIncrement.fivePercent(), AntiSnipe.defaults(), Duration.ofSeconds(20), false);
        assertThat(decide(
                        active(free),
                        bid(bidder(1), "5", START.plusSeconds(1)),
                        BidderStanding.inGoodStanding(Wei.ZERO)))
                .isInstanceOf(BidDecision.Accepted.class);
    }

    @Test
    void a_bid_in_the_last_five_minutes_extends_the_end_to_five_minutes_after_it() {
        var lastSecond = END.minusSeconds(1);
        var d = (BidDecision.Accepted) decide(active(), bid(bidder(1), "1", lastSecond), RICH);

        assertThat(d.extended()).isTrue();
        assertThat(d.next().endsAt()).isEqualTo(lastSecond.plus(Duration.ofMinutes(5)));
        assertThat(d.next().originalEndsAt()).isEqualTo(END);
        assertThat(d.next().extensions()).isEqualTo(1);
    }

    @Test
    void a_bid_before_the_window_does_not_extend_and_rejected_bids_never_do() {
        var early =
                (BidDecision.Accepted) decide(active(), bid(bidder(1), "1", END.minus(Duration.ofMinutes(6))), RICH);
        assertThat(early.extended()).isFalse();
        assertThat(early.next().endsAt()).isEqualTo(END);

        var state = early.next();
        var low = decide(state, bid(bidder(2), "1", END.minusSeconds(10)), RICH);
        assertThat(low).isInstanceOf(BidDecision.Rejected.class);
    }

    @Test
    void extensions_stop_at_the_cap() {
        var capped = new AuctionTerms(
                eth("1"),
                eth("1"),
                MinIncrement.fivePercent(),
                new AntiSnipe(Duration.ofMinutes(5), Duration.ofMinutes(5), OptionalInt.of(1)),
                Duration.ofSeconds(20),
                true);
        var first = (BidDecision.Accepted) decide(active(capped), bid(bidder(1), "1", END.minusSeconds(30)), RICH);
        var second = (BidDecision.Accepted)
                decide(first.next(), bid(bidder(2), "2", first.next().endsAt().minusSeconds(30)), RICH);

        assertThat(first.extended()).isTrue();
        assertThat(second.extended()).isFalse();
        assertThat(second.next().endsAt()).isEqualTo(first.next().endsAt());
    }

    @Test
    void a_bid_made_before_the_end_but_decided_during_processing_counts_and_one_made_after_does_not() {
        var processing = active().withStatus(AuctionStatus.PROCESSING);

        assertThat(decide(processing, bid(bidder(1), "1", END.minusMillis(1)), RICH))
                .isInstanceOf(BidDecision.Accepted.class);
        assertThat(decide(processing, bid(bidder(1), "1", END), RICH)).isInstanceOf(BidDecision.Accepted.class);
        assertThat(reason(decide(processing, bid(bidder(1), "1", END.plusMillis(1)), RICH)))
                .isEqualTo(RejectionReason.AUCTION_ENDED);
    }

    @Test
    void no_bid_counts_once_the_auction_is_not_running() {
        var planned = AuctionState.planned(Fixtures.AUCTION, START, END, terms());
        assertThat(reason(decide(planned, bid(bidder(1), "1", START.plusSeconds(1)), RICH)))
                .isEqualTo(RejectionReason.AUCTION_NOT_STARTED);
        assertThat(reason(decide(
                        active().withStatus(AuctionStatus.PAUSED), bid(bidder(1), "1", START.plusSeconds(1)), RICH)))
                .isEqualTo(RejectionReason.AUCTION_PAUSED);
        var done = active().withStatus(AuctionStatus.PROCESSING).withStatus(AuctionStatus.COMPLETED);
        assertThat(reason(decide(done, bid(bidder(1), "1", START.plusSeconds(1)), RICH)))
                .isEqualTo(RejectionReason.AUCTION_ENDED);
        assertThat(reason(decide(
                        active().withStatus(AuctionStatus.CANCELLED), bid(bidder(1), "1", START.plusSeconds(1)), RICH)))
                .isEqualTo(RejectionReason.AUCTION_CANCELLED);
    }

    private static AuctionState accept(AuctionState state, BidCommand bid) {
        return ((BidDecision.Accepted) decide(state, bid, RICH)).next();
    }
}
