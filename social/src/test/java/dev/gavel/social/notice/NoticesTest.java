package dev.gavel.social.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.auction.AntiSnipe;
import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.AuctionTerms;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidRecord;
import dev.gavel.auction.BidSource;
import dev.gavel.auction.Eligibility;
import dev.gavel.auction.LeadingBid;
import dev.gavel.auction.MinIncrement;
import dev.gavel.auction.RejectionReason;
import dev.gavel.core.money.Wei;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The host's posts, composed from state alone: what they say, what they answer, how they are keyed. */
class NoticesTest {
    // 19:00Z on 21 November 2026 is 2:00 PM in New York (EST); the auction runs until 4:00 PM.
    private static final Instant START = Instant.parse("2026-11-21T19:00:00Z");
    private static final Instant END = Instant.parse("2026-11-21T21:00:00Z");
    private static final UUID AUCTION = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID ADA = new UUID(0xB1DDE5L, 1);
    private static final UUID BOB = new UUID(0xB1DDE5L, 2);
    private static final AuctionInfo INFO = new AuctionInfo(AUCTION, "Genesis #1", "#GENESIS1");
    private static final Duration TEASER_LEAD = Duration.ofHours(2);
    private static final String POST = "1790000000000000001";

    private static Wei eth(String eth) {
        return Wei.ofEth(eth);
    }

    private static AuctionTerms terms() {
        return terms("1", "1");
    }

    private static AuctionTerms terms(String starting, String reserve) {
        return new AuctionTerms(
                eth(starting),
                eth(reserve),
                MinIncrement.fivePercent(),
                new AntiSnipe(Duration.ofMinutes(5), Duration.ofMinutes(5), OptionalInt.empty()),
                Duration.ofSeconds(20),
                true);
    }

    private static AuctionState state(
            AuctionStatus status, Instant endsAt, int extensions, Optional<LeadingBid> highest, int bidCount) {
        return new AuctionState(AUCTION, status, START, END, endsAt, extensions, terms(), highest, bidCount, 7);
    }

    private static AuctionState pending() {
        return AuctionState.planned(AUCTION, START, END, terms());
    }

    private static AuctionState active() {
        return state(AuctionStatus.ACTIVE, END, 0, Optional.empty(), 0);
    }

    private static Optional<LeadingBid> leader(UUID bidder, String amount) {
        return Optional.of(
                new LeadingBid(new UUID(0xB1DL, bidder.getLeastSignificantBits()), bidder, eth(amount), START));
    }

    private static AuctionState leading(UUID bidder, String amount) {
        return state(AuctionStatus.ACTIVE, END, 0, leader(bidder, amount), 1);
    }

    private static BidRecord bid(UUID bidId, String postId, UUID bidder, String amount, RejectionReason rejection) {
        Instant at = START.plusSeconds(600);
        return new BidRecord(
                bidId,
                3,
                new BidCommand(new BidKey(BidSource.X, postId), AUCTION, bidder, eth(amount), at, at.plusMillis(300)),
                Eligibility.OK,
                Optional.ofNullable(rejection),
                at.plusMillis(310));
    }

    private static String announceKey(String what) {
        return "announce:" + AUCTION + ":" + what;
    }

    // --- replies to bids ---

    @Test
    void an_accepted_bid_is_answered_with_its_amount_and_the_minimum_next_bid() {
        UUID bidId = UUID.randomUUID();

        var notice = Notices.decision(INFO, bid(bidId, POST, ADA, "2", null), leading(ADA, "2"));

        assertThat(notice.key()).isEqualTo("decision:" + bidId).isEqualTo(Notices.decisionKey(bidId));
        assertThat(notice.kind()).isEqualTo(Notice.Kind.DECISION);
        assertThat(notice.replyToPost()).contains(POST);
        assertThat(notice.replyToKey()).isEmpty();
        assertThat(notice.auctionId()).contains(AUCTION);
        assertThat(notice.notAfter()).isEmpty();
        assertThat(notice.text())
                .isEqualTo("Bid accepted: 2 ETH leads on #GENESIS1. The next bid must be at least 2.1 ETH.");
    }

    @Test
    void a_bid_below_the_increment_is_answered_with_the_reason_and_the_minimum_next_bid() {
        UUID bidId = UUID.randomUUID();

        var notice = Notices.decision(
                INFO, bid(bidId, POST, BOB, "2.05", RejectionReason.BELOW_MIN_INCREMENT), leading(ADA, "2"));

        assertThat(notice.key()).isEqualTo("decision:" + bidId);
        assertThat(notice.replyToPost()).contains(POST);
        assertThat(notice.text())
                .isEqualTo("Your bid of 2.05 ETH on #GENESIS1 was not accepted: the bid does not beat the highest"
                        + " by the minimum increment. The next bid must be at least 2.1 ETH.");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RejectionReason.class)
    void every_rejection_names_the_amount_and_the_reason_in_words(RejectionReason reason) {
        UUID bidId = UUID.randomUUID();

        var notice = Notices.decision(
                INFO, bid(bidId, "17900000000000000" + reason.ordinal(), BOB, "0.5", reason), active());

        assertThat(notice.key()).isEqualTo("decision:" + bidId);
        assertThat(notice.replyToPost()).contains("17900000000000000" + reason.ordinal());
        assertThat(notice.text())
                .startsWith("Your bid of 0.5 ETH on #GENESIS1 was not accepted: ")
                .contains(reason.words());
        switch (reason) {
            case BELOW_MIN_INCREMENT, BELOW_RESERVE, INSUFFICIENT_FUNDS ->
                assertThat(notice.text()).endsWith("The next bid must be at least 1 ETH.");
            case WALLET_NOT_LINKED ->
                assertThat(notice.text()).endsWith("Reply to the host with: link 0xYourWalletAddress.");
            case AUCTION_NOT_STARTED -> assertThat(notice.text()).endsWith("It starts at 2:00 PM ET.");
            default -> assertThat(notice.text()).doesNotContain("next bid").endsWith(reason.words() + ".");
        }
    }

    @Test
    void the_outbid_notice_answers_the_outbid_bids_decision_and_mentions_its_bidder() {
        UUID outbidBid = UUID.randomUUID();

        var notice = Notices.outbid(INFO, outbidBid, "ada", leading(BOB, "3"));

        assertThat(notice.key()).isEqualTo("outbid:" + outbidBid);
        assertThat(notice.kind()).isEqualTo(Notice.Kind.OUTBID);
        assertThat(notice.replyToKey()).contains("decision:" + outbidBid);
        assertThat(notice.replyToPost()).isEmpty();
        assertThat(notice.text())
                .isEqualTo("@ada you were outbid on #GENESIS1: 3 ETH leads now. Bid at least 3.15 ETH to lead again.");
    }

    @Test
    void an_outbid_notice_needs_a_leader() {
        assertThatThrownBy(() -> Notices.outbid(INFO, UUID.randomUUID(), "ada", active()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_winner_is_told_under_the_reply_that_accepted_the_winning_bid() {
        UUID bidId = UUID.randomUUID();

        var notice = Notices.won(INFO, bid(bidId, POST, ADA, "3.25", null), "ada");

        assertThat(notice.key()).isEqualTo("won:" + bidId);
        assertThat(notice.kind()).isEqualTo(Notice.Kind.WON);
        assertThat(notice.replyToKey()).contains(Notices.decisionKey(bidId));
        assertThat(notice.replyToPost()).isEmpty();
        assertThat(notice.text())
                .startsWith("@ada you won #GENESIS1 (Genesis #1) with 3.25 ETH.")
                .contains("Congratulations");
    }

    // --- announcements ---

    @Test
    void a_sale_is_announced_with_the_winner_the_price_and_the_count_of_bids() {
        var sold = state(AuctionStatus.COMPLETED, END, 0, leader(ADA, "3"), 4);

        var notice = Notices.result(INFO, sold, Optional.of("ada"));

        assertThat(notice.key()).isEqualTo(announceKey("result"));
        assertThat(notice.kind()).isEqualTo(Notice.Kind.RESULT);
        assertThat(notice.replyToPost()).isEmpty();
        assertThat(notice.replyToKey()).isEmpty();
        assertThat(notice.notAfter()).isEmpty();
        assertThat(notice.text())
                .isEqualTo(
                        "Sold! Genesis #1 #GENESIS1 goes to @ada for 3 ETH after 4 bids. Thank you all for bidding!");
        assertThat(Notices.result(INFO, state(AuctionStatus.COMPLETED, END, 0, leader(ADA, "3"), 1), Optional.of("ada"))
                        .text())
                .contains("after 1 bid.");
        assertThat(Notices.result(INFO, sold, Optional.empty()).text())
                .isEqualTo("Sold! Genesis #1 #GENESIS1 goes for 3 ETH. Thank you all for bidding!");
    }

    @Test
    void an_auction_without_a_sale_and_a_cancelled_one_are_announced_as_such() {
        var unsold =
                Notices.result(INFO, state(AuctionStatus.COMPLETED, END, 0, Optional.empty(), 0), Optional.empty());
        var cancelled =
                Notices.result(INFO, state(AuctionStatus.CANCELLED, END, 0, leader(ADA, "3"), 2), Optional.of("ada"));

        assertThat(unsold.text()).isEqualTo("Genesis #1 #GENESIS1 ended without a sale: no bid reached the reserve.");
        assertThat(cancelled.text())
                .isEqualTo("#GENESIS1 (Genesis #1) was cancelled. Any funds reserved for it are released.");
        assertThat(cancelled.key()).isEqualTo(announceKey("result"));
    }

    @Test
    void the_start_is_announced_with_the_first_bid_to_make_and_the_end_in_new_york_time() {
        var notice = Notices.started(INFO, active());

        assertThat(notice.key()).isEqualTo(announceKey("start"));
        assertThat(notice.kind()).isEqualTo(Notice.Kind.START);
        assertThat(notice.notAfter()).contains(END);
        assertThat(notice.text())
                .isEqualTo(
                        "Genesis #1 is live! Reply to this post with: bid 1 ETH #GENESIS1 — bidding ends at 4:00 PM ET."
                                + " Starting price 1 ETH.");
    }

    @Test
    void an_extension_is_announced_with_the_new_end_and_keyed_by_the_extension() {
        Instant newEnd = END.plusSeconds(240);
        var extended = state(AuctionStatus.ACTIVE, newEnd, 1, leader(ADA, "2"), 3);

        var notice = Notices.extended(INFO, extended);

        assertThat(notice.key()).isEqualTo(announceKey("extended:1:" + newEnd.getEpochSecond()));
        assertThat(notice.kind()).isEqualTo(Notice.Kind.EXTENDED);
        assertThat(notice.notAfter()).contains(newEnd);
        assertThat(notice.text())
                .isEqualTo("Extended! A late bid moved the end of #GENESIS1 to 4:04 PM ET. 2 ETH leads; the next bid"
                        + " must be at least 2.1 ETH.");
        assertThat(Notices.extended(INFO, state(AuctionStatus.ACTIVE, newEnd.plusSeconds(60), 2, leader(BOB, "3"), 4))
                        .key())
                .isNotEqualTo(notice.key());
    }

    // --- what is due when ---

    @Test
    void no_teaser_before_the_lead_a_teaser_inside_it_and_none_once_the_start_has_come() {
        Instant leadBegins = START.minus(TEASER_LEAD);

        assertThat(Notices.due(INFO, pending(), leadBegins.minusSeconds(1), TEASER_LEAD))
                .isEmpty();
        assertThat(Notices.due(INFO, pending(), leadBegins, TEASER_LEAD)).hasSize(1);
        var teaser = Notices.due(INFO, pending(), START.minusSeconds(60), TEASER_LEAD);
        assertThat(Notices.due(INFO, pending(), START, TEASER_LEAD)).isEmpty();
        assertThat(Notices.due(INFO, pending(), START.plusSeconds(600), TEASER_LEAD))
                .isEmpty();

        assertThat(teaser).singleElement().satisfies(n -> {
            assertThat(n.key()).isEqualTo(announceKey("teaser"));
            assertThat(n.kind()).isEqualTo(Notice.Kind.TEASER);
            assertThat(n.notAfter()).contains(START);
            assertThat(n.replyToPost()).isEmpty();
            assertThat(n.replyToKey()).isEmpty();
            assertThat(n.text())
                    .startsWith("Coming up at 2:00 PM ET: Genesis #1")
                    .contains("bid 1 ETH #GENESIS1");
        });
    }

    @Test
    void the_teaser_suggests_a_bid_that_would_be_accepted() {
        var reserveAboveStart = new AuctionState(
                AUCTION, AuctionStatus.PENDING, START, END, END, 0, terms("1", "1.5"), Optional.empty(), 0, 0);

        var teaser = Notices.due(INFO, reserveAboveStart, START.minusSeconds(60), TEASER_LEAD);

        assertThat(teaser).singleElement().satisfies(n -> assertThat(n.text()).contains("bid 1.5 ETH #GENESIS1"));
    }

    @Test
    void an_active_auction_warns_at_thirty_ten_and_one_minute_left() {
        assertThat(Notices.due(INFO, active(), END.minus(Duration.ofMinutes(31)), TEASER_LEAD))
                .isEmpty();
        assertThat(Notices.due(INFO, active(), END.minus(Duration.ofMinutes(30)).minusSeconds(1), TEASER_LEAD))
                .isEmpty();

        var thirty = Notices.due(INFO, active(), END.minus(Duration.ofMinutes(29)), TEASER_LEAD);
        var ten = Notices.due(INFO, leading(ADA, "2"), END.minus(Duration.ofMinutes(9)), TEASER_LEAD);
        var one = Notices.due(INFO, active(), END.minusSeconds(59), TEASER_LEAD);

        assertThat(thirty).singleElement().satisfies(n -> {
            assertThat(n.key()).isEqualTo(announceKey("warn:30m:0"));
            assertThat(n.kind()).isEqualTo(Notice.Kind.WARNING);
            assertThat(n.notAfter()).contains(END);
            assertThat(n.text())
                    .isEqualTo("29 minutes left on #GENESIS1 (ends 4:00 PM ET). No bids yet: start at 1 ETH.");
        });
        assertThat(ten).singleElement().satisfies(n -> {
            assertThat(n.key()).isEqualTo(announceKey("warn:10m:0"));
            assertThat(n.text())
                    .isEqualTo("9 minutes left on #GENESIS1 (ends 4:00 PM ET). 2 ETH leads; the next bid must be at"
                            + " least 2.1 ETH.");
        });
        assertThat(one).singleElement().satisfies(n -> {
            assertThat(n.key()).isEqualTo(announceKey("warn:1m:0"));
            assertThat(n.text()).startsWith("One minute left on #GENESIS1");
        });
    }

    @Test
    void after_an_extension_only_the_one_minute_warning_is_due_keyed_by_the_extension_count() {
        Instant newEnd = END.plusSeconds(240);
        var once = state(AuctionStatus.ACTIVE, newEnd, 1, leader(ADA, "2"), 3);
        var twice = state(AuctionStatus.ACTIVE, newEnd.plusSeconds(300), 2, leader(BOB, "3"), 4);

        assertThat(Notices.due(INFO, once, newEnd.minus(Duration.ofMinutes(29)), TEASER_LEAD))
                .isEmpty();
        assertThat(Notices.due(INFO, once, newEnd.minus(Duration.ofMinutes(4)), TEASER_LEAD))
                .isEmpty();
        assertThat(Notices.due(INFO, once, newEnd.minusSeconds(59), TEASER_LEAD))
                .singleElement()
                .satisfies(n -> assertThat(n.key()).isEqualTo(announceKey("warn:1m:1")));
        assertThat(Notices.due(INFO, twice, newEnd.plusSeconds(300).minusSeconds(30), TEASER_LEAD))
                .singleElement()
                .satisfies(n -> assertThat(n.key()).isEqualTo(announceKey("warn:1m:2")));
    }

    @Test
    void nothing_is_due_once_the_end_has_passed_or_when_the_auction_is_not_taking_bids() {
        assertThat(Notices.due(INFO, active(), END, TEASER_LEAD)).isEmpty();
        assertThat(Notices.due(INFO, active(), END.plusSeconds(1), TEASER_LEAD)).isEmpty();
        for (var status : List.of(
                AuctionStatus.PAUSED, AuctionStatus.PROCESSING, AuctionStatus.COMPLETED, AuctionStatus.CANCELLED)) {
            assertThat(Notices.due(INFO, state(status, END, 0, Optional.empty(), 0), END.minusSeconds(30), TEASER_LEAD))
                    .as("%s", status)
                    .isEmpty();
        }
    }

    // --- X's length limit ---

    @Test
    void every_notice_fits_in_280_characters_with_a_long_handle_and_a_long_name() {
        String handle = "h".repeat(64);
        var info = new AuctionInfo(
                AUCTION,
                "The Extraordinarily Long Name Of A Generative Artwork 🎨🦊 " + "Ünïcödé ".repeat(40),
                "#GENESIS1");
        UUID bidId = UUID.randomUUID();
        var lead = state(AuctionStatus.ACTIVE, END, 0, leader(ADA, "123456.123456789012345678"), 999);
        var extended = state(AuctionStatus.ACTIVE, END.plusSeconds(300), 3, leader(ADA, "2"), 9);
        var notices = new ArrayList<Notice>();
        notices.add(Notices.decision(info, bid(bidId, POST, ADA, "123456.123456789012345678", null), lead));
        for (var reason : RejectionReason.values()) {
            notices.add(Notices.decision(info, bid(bidId, POST, BOB, "0.000000000000000001", reason), lead));
        }
        notices.add(Notices.outbid(info, bidId, handle, lead));
        notices.add(Notices.won(info, bid(bidId, POST, ADA, "123456.123456789012345678", null), handle));
        notices.add(
                Notices.result(info, state(AuctionStatus.COMPLETED, END, 0, leader(ADA, "3"), 9), Optional.of(handle)));
        notices.add(
                Notices.result(info, state(AuctionStatus.COMPLETED, END, 0, Optional.empty(), 0), Optional.empty()));
        notices.add(
                Notices.result(info, state(AuctionStatus.CANCELLED, END, 0, Optional.empty(), 0), Optional.empty()));
        notices.add(Notices.started(info, lead));
        notices.add(Notices.extended(info, extended));
        notices.addAll(Notices.due(info, pending(), START.minusSeconds(60), TEASER_LEAD));
        notices.addAll(Notices.due(info, lead, END.minusSeconds(30), TEASER_LEAD));
        notices.addAll(Notices.due(info, extended, END.plusSeconds(290), TEASER_LEAD));
        notices.add(Notices.malformed(Optional.of(AUCTION), POST, "#GENESIS1", "x".repeat(300)));
        notices.add(Notices.linkReply(POST, "y".repeat(500)));

        assertThat(notices).hasSize(RejectionReason.values().length + 13).allSatisfy(n -> {
            String text = n.text();
            assertThat(text.codePointCount(0, text.length())).isBetween(1, Notice.MAX_LENGTH);
            assertThat(text.codePoints().filter(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE))
                    .as("no half of a pair in %s", text)
                    .isEmpty();
        });
        assertThat(notices)
                .filteredOn(n -> n.text().codePointCount(0, n.text().length()) == Notice.MAX_LENGTH)
                .isNotEmpty()
                .allSatisfy(n -> assertThat(n.text()).endsWith("…"));
        assertThat(notices.get(RejectionReason.values().length + 1).text())
                .startsWith("@" + handle + " you were outbid");
    }

    @Test
    void a_long_name_never_cuts_the_winners_handle_or_the_price() {
        var info = new AuctionInfo(AUCTION, "A Generative Artwork With A Rather Long Title ".repeat(5), "#GENESIS1");
        var sold = state(AuctionStatus.COMPLETED, END, 0, leader(ADA, "3"), 4);
        UUID bidId = UUID.randomUUID();

        assertThat(Notices.result(info, sold, Optional.of("ada_lovelace_1815")).text())
                .contains("@ada_lovelace_1815 ")
                .contains("3 ETH");
        assertThat(Notices.won(info, bid(bidId, POST, ADA, "3", null), "ada_lovelace_1815")
                        .text())
                .contains("3 ETH");
    }

    @Test
    void fit_keeps_a_text_that_fits_and_cuts_a_longer_one_at_a_whole_character() {
        String exactly = "a".repeat(Notice.MAX_LENGTH);
        String emoji = "🦊".repeat(Notice.MAX_LENGTH + 20);

        assertThat(Notices.fit(exactly)).isSameAs(exactly);
        assertThat(Notices.fit("a".repeat(Notice.MAX_LENGTH + 1))).isEqualTo("a".repeat(Notice.MAX_LENGTH - 1) + "…");
        assertThat(Notices.fit(emoji)).isEqualTo("🦊".repeat(Notice.MAX_LENGTH - 1) + "…");
        assertThat(Notices.fit("🦊".repeat(Notice.MAX_LENGTH))).isEqualTo("🦊".repeat(Notice.MAX_LENGTH));
    }

    @Test
    void a_notice_answers_a_post_or_another_notice_but_not_both_and_is_never_empty_or_too_long() {
        assertThatThrownBy(() -> new Notice(
                        "k",
                        Notice.Kind.LINK,
                        Optional.empty(),
                        Optional.of("1"),
                        Optional.of("decision:x"),
                        "hi",
                        Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Notice(
                        "k",
                        Notice.Kind.LINK,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "",
                        Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Notice(
                        "k",
                        Notice.Kind.LINK,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "a".repeat(Notice.MAX_LENGTH + 1),
                        Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
