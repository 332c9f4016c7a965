package dev.gavel.store.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.AuctionTerms;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidSequencer;
import dev.gavel.auction.BidSource;
import dev.gavel.auction.Eligibility;
import dev.gavel.auction.Sequenced;
import dev.gavel.core.money.Wei;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.StoreException;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.auction.CommitBatch;
import dev.gavel.store.auction.CommitOutcome;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The X outbox against a real PostgreSQL: dedup, one reply per post, claim order and holds, and fencing. */
@WithPostgresAndRedis
class XOutboxIT {
    private static final Instant T0 = Instant.parse("2026-11-21T19:00:00Z");
    private static final Duration HOLD = Duration.ofSeconds(30);

    private final TestDatabase db;
    private final Database database;
    private final XOutbox outbox;
    private final AuctionStore auctions;
    private final BidderStore bidders;

    XOutboxIT(TestDatabase db) {
        this.db = db;
        this.database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        outbox = new XOutbox(database);
        auctions = new AuctionStore(database);
        bidders = new BidderStore(database);
    }

    /** The class shares one database; claims see every queued row, so each test starts from an empty outbox. */
    @BeforeEach
    void empty_the_outbox() throws SQLException {
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.execute("TRUNCATE x_outbox");
        }
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static OutboxEntry announcement(String key) {
        return new OutboxEntry(
                key,
                "START",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "text of " + key,
                T0,
                Optional.empty());
    }

    private static OutboxEntry replyToPost(String key, String post) {
        return new OutboxEntry(
                key,
                "DECISION",
                Optional.empty(),
                Optional.of(post),
                Optional.empty(),
                "text of " + key,
                T0,
                Optional.empty());
    }

    private static OutboxEntry replyToKey(String key, String parentKey) {
        return new OutboxEntry(
                key,
                "OUTBID",
                Optional.empty(),
                Optional.empty(),
                Optional.of(parentKey),
                "text of " + key,
                T0,
                Optional.empty());
    }

    private static List<String> keys(List<OutboxItem> items) {
        return items.stream().map(i -> i.entry().key()).toList();
    }

    private OutboxItem claimOne(String key, Instant now) {
        var claimed = outbox.claim(10, now, HOLD);
        assertThat(keys(claimed)).containsExactly(key);
        return claimed.get(0);
    }

    @Test
    void the_same_key_enqueued_twice_is_one_row_and_the_first_text_stays() {
        var first = announcement("announce:a:start");
        var again = new OutboxEntry(
                first.key(),
                first.kind(),
                first.auctionId(),
                first.replyToPost(),
                first.replyToKey(),
                "a different text",
                T0.plusSeconds(5),
                Optional.empty());

        assertThat(outbox.enqueue(List.of(first))).isEqualTo(1);
        assertThat(outbox.enqueue(List.of(again))).isZero();
        assertThat(outbox.enqueue(List.of(announcement("announce:b:start"), announcement("announce:b:start"))))
                .isEqualTo(1);

        assertThat(outbox.find(first.key()).orElseThrow().entry()).isEqualTo(first);
        assertThat(outbox.counts()).containsEntry("queued", 2L);
    }

    @Test
    void a_post_on_x_gets_at_most_one_reply_the_first_one_queued() {
        assertThat(outbox.enqueue(List.of(replyToPost("decision:1", "1790000000000000001"))))
                .isEqualTo(1);

        assertThat(outbox.enqueue(List.of(replyToPost("post:1790000000000000001", "1790000000000000001"))))
                .isZero();
        assertThat(outbox.enqueue(List.of(
                        replyToPost("decision:2", "1790000000000000002"),
                        replyToPost("decision:3", "1790000000000000002"))))
                .isEqualTo(1);

        assertThat(outbox.find("decision:1")).isPresent();
        assertThat(outbox.find("post:1790000000000000001")).isEmpty();
        assertThat(outbox.find("decision:2")).isPresent();
        assertThat(outbox.find("decision:3")).isEmpty();
    }

    @Test
    void an_entry_answering_a_missing_entry_is_dropped_and_one_answering_a_queued_entry_is_kept() {
        outbox.enqueue(List.of(replyToPost("decision:1", "p1")));

        assertThat(outbox.enqueue(List.of(replyToKey("outbid:9", "decision:9"))))
                .isZero();
        assertThat(outbox.enqueue(List.of(replyToKey("outbid:1", "decision:1"))))
                .isEqualTo(1);
        // within one call, a parent counts wherever it stands
        assertThat(outbox.enqueue(List.of(replyToPost("decision:2", "p2"), replyToKey("outbid:2", "decision:2"))))
                .isEqualTo(2);
        assertThat(outbox.enqueue(List.of(replyToKey("outbid:3", "decision:3"), replyToPost("decision:3", "p3"))))
                .isEqualTo(2);

        assertThat(outbox.find("outbid:9")).isEmpty();
        assertThat(outbox.find("outbid:1").orElseThrow().entry().replyToKey()).contains("decision:1");
        assertThat(outbox.find("outbid:2")).isPresent();
        assertThat(outbox.find("outbid:3")).isPresent();
        assertThat(outbox.find("decision:3")).isPresent();
    }

    @Test
    void announcements_are_claimed_before_replies_and_otherwise_in_the_order_queued() {
        outbox.enqueue(List.of(
                replyToPost("decision:1", "p1"),
                announcement("announce:teaser"),
                replyToPost("decision:2", "p2"),
                announcement("announce:start"),
                replyToPost("decision:3", "p3")));

        assertThat(keys(outbox.claim(2, T0, HOLD))).containsExactly("announce:teaser", "announce:start");
        assertThat(keys(outbox.claim(10, T0, HOLD))).containsExactly("decision:1", "decision:2", "decision:3");

        outbox.enqueue(List.of(
                replyToPost("decision:4", "p4"), announcement("announce:warn"), replyToPost("decision:5", "p5")));
        var all = outbox.claim(10, T0, HOLD);
        assertThat(keys(all)).containsExactly("announce:warn", "decision:4", "decision:5");
        assertThat(all).allSatisfy(i -> assertThat(i.attempts()).isEqualTo(1));
    }

    @Test
    void a_claimed_entry_is_not_claimed_again_until_its_hold_passes() {
        outbox.enqueue(List.of(announcement("announce:start")));
        var first = claimOne("announce:start", T0);

        assertThat(outbox.claim(10, T0, HOLD)).isEmpty();
        assertThat(outbox.claim(10, T0.plus(HOLD).minusMillis(1), HOLD)).isEmpty();

        var second = claimOne("announce:start", T0.plus(HOLD));
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.status()).isEqualTo("queued");
    }

    @Test
    void an_entry_answering_another_waits_until_that_one_is_sent_then_answers_its_posted_id() {
        outbox.enqueue(List.of(replyToPost("decision:1", "1790000000000000001"), replyToKey("won:1", "decision:1")));
        assertThat(outbox.find("won:1").orElseThrow().replyTarget()).isEmpty();

        var parent = claimOne("decision:1", T0);
        assertThat(parent.replyTarget()).contains("1790000000000000001");
        // the parent's hold has passed but it is not sent yet: the answer still waits, the parent comes back
        assertThat(keys(outbox.claim(10, T0.plus(HOLD), HOLD))).containsExactly("decision:1");

        outbox.markSent(parent.id(), "1790000000000000999", T0.plus(HOLD).plusSeconds(1));

        var sent = outbox.find("decision:1").orElseThrow();
        assertThat(sent.status()).isEqualTo("sent");
        assertThat(sent.postedId()).contains("1790000000000000999");
        assertThat(sent.sentAt()).contains(T0.plus(HOLD).plusSeconds(1));
        var child = claimOne("won:1", T0.plus(HOLD).plusSeconds(1));
        assertThat(child.replyTarget()).contains("1790000000000000999");
        assertThat(outbox.find("won:1").orElseThrow().replyTarget()).contains("1790000000000000999");
    }

    @Test
    void an_entry_answering_a_skipped_entry_becomes_claimable_with_no_reply_target() {
        outbox.enqueue(List.of(replyToPost("decision:1", "p1"), replyToKey("outbid:1", "decision:1")));
        var parent = claimOne("decision:1", T0);

        outbox.skip(parent.id(), "X refused it (403)", T0.plusSeconds(1));

        var child = claimOne("outbid:1", T0.plusSeconds(1));
        assertThat(child.replyTarget()).isEmpty();
    }

    @Test
    void a_skipped_entry_is_never_claimed_again_and_keeps_its_reason() {
        outbox.enqueue(List.of(announcement("announce:warn:10m:0")));
        var item = claimOne("announce:warn:10m:0", T0);

        outbox.skip(item.id(), "stale", T0.plusSeconds(1));

        assertThat(outbox.claim(10, T0.plus(Duration.ofDays(1)), HOLD)).isEmpty();
        var skipped = outbox.find("announce:warn:10m:0").orElseThrow();
        assertThat(skipped.status()).isEqualTo("skipped");
        assertThat(skipped.skippedAt()).contains(T0.plusSeconds(1));
        assertThat(skipped.lastError()).contains("stale");
        assertThat(skipped.sentAt()).isEmpty();
    }

    @Test
    void an_entry_to_retry_later_is_claimed_again_from_that_time_with_its_error_kept() {
        outbox.enqueue(List.of(announcement("announce:start")));
        var item = claimOne("announce:start", T0);

        outbox.retryLater(item.id(), "X answered 503", T0.plusSeconds(60));

        assertThat(outbox.claim(10, T0.plusSeconds(59), HOLD)).isEmpty();
        var again = claimOne("announce:start", T0.plusSeconds(60));
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(again.lastError()).contains("X answered 503");

        outbox.markSent(again.id(), "1790000000000000042", T0.plusSeconds(61));
        assertThat(outbox.find("announce:start").orElseThrow().lastError()).isEmpty();
    }

    @Test
    void a_released_entry_does_not_count_an_attempt_and_is_claimable_from_the_time_given() {
        outbox.enqueue(List.of(announcement("announce:start")));
        var item = claimOne("announce:start", T0);
        assertThat(item.attempts()).isEqualTo(1);

        outbox.release(item.id(), T0.plusSeconds(900));

        assertThat(outbox.find("announce:start").orElseThrow().attempts()).isZero();
        assertThat(outbox.claim(10, T0.plusSeconds(899), HOLD)).isEmpty();
        assertThat(claimOne("announce:start", T0.plusSeconds(900)).attempts()).isEqualTo(1);
    }

    @Test
    void counts_tell_queued_sent_and_skipped_apart() {
        assertThat(outbox.counts()).isEqualTo(Map.of("queued", 0L, "sent", 0L, "skipped", 0L));
        outbox.enqueue(List.of(
                announcement("a1"), announcement("a2"), announcement("a3"), announcement("a4"), announcement("a5")));
        var claimed = outbox.claim(3, T0, HOLD);

        outbox.markSent(claimed.get(0).id(), "100", T0);
        outbox.markSent(claimed.get(1).id(), "101", T0);
        outbox.skip(claimed.get(2).id(), "stale", T0);

        assertThat(outbox.counts()).isEqualTo(Map.of("queued", 2L, "sent", 2L, "skipped", 1L));
        assertThat(outbox.recent(Optional.empty(), 10))
                .extracting(OutboxItem::status)
                .containsExactly("queued", "queued", "skipped", "sent", "sent");
    }

    @Test
    void two_senders_claiming_at_once_never_get_the_same_entry() throws Exception {
        int total = 300;
        outbox.enqueue(IntStream.range(0, total)
                .mapToObj(i -> i % 3 == 0 ? announcement("a" + i) : replyToPost("r" + i, "p" + i))
                .toList());
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(2);
        try {
            var results = new ArrayList<Future<List<Long>>>();
            for (int t = 0; t < 2; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    var mine = new ArrayList<Long>();
                    for (var batch = outbox.claim(7, T0, Duration.ofHours(1));
                            !batch.isEmpty();
                            batch = outbox.claim(7, T0, Duration.ofHours(1))) {
                        batch.forEach(i -> mine.add(i.id()));
                    }
                    return mine;
                }));
            }
            start.countDown();
            var first = results.get(0).get(60, TimeUnit.SECONDS);
            var second = results.get(1).get(60, TimeUnit.SECONDS);

            assertThat(first).doesNotHaveDuplicates().doesNotContainAnyElementsOf(second);
            assertThat(second).doesNotHaveDuplicates();
            var all = new HashSet<Long>(first);
            all.addAll(second);
            assertThat(all).hasSize(total);
            assertThat(outbox.claim(total, T0, HOLD)).isEmpty();
            assertThat(outbox.recent(Optional.empty(), total))
                    .allSatisfy(i -> assertThat(i.attempts()).isEqualTo(1));
        } finally {
            pool.shutdownNow();
        }
    }

    // --- written with the auction's group commit ---

    private UUID newAuction() {
        var state = AuctionState.planned(
                        UUID.randomUUID(),
                        T0,
                        T0.plusSeconds(3600),
                        AuctionTerms.defaults(Wei.ofEth("1"), Wei.ofEth("1")))
                .withStatus(AuctionStatus.ACTIVE);
        assertThat(auctions.insert(new StoredAuction(
                        state,
                        "Genesis #1",
                        Optional.of("#G" + state.id().toString().substring(0, 8)),
                        "{}",
                        Optional.empty(),
                        Optional.empty(),
                        T0)))
                .isEqualTo(AuctionStore.Created.CREATED);
        return state.id();
    }

    private UUID newBidder(String deposit) {
        var id = UUID.randomUUID();
        bidders.create(new Bidder(
                id,
                "b" + id.toString().substring(0, 8),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                T0,
                Optional.empty()));
        bidders.credit(id, Wei.ofEth(deposit), "ADMIN", "seed-" + id, T0);
        return id;
    }

    private static OutboxEntry about(UUID auction, String key, Optional<String> replyToPost, String text) {
        return new OutboxEntry(
                key, "DECISION", Optional.of(auction), replyToPost, Optional.empty(), text, T0, Optional.empty());
    }

    @Test
    void a_group_commit_writes_the_posts_it_owes_with_its_decisions() {
        UUID auction = newAuction();
        UUID ada = newBidder("10");
        var sequencer = new BidSequencer(auctions.find(auction).orElseThrow().state(), bidders);
        var decided = ((Sequenced.Fresh) sequencer.decide(
                        new BidCommand(
                                new BidKey(BidSource.X, "1790000000000000001"),
                                auction,
                                ada,
                                Wei.ofEth("2"),
                                T0.plusSeconds(10),
                                T0.plusSeconds(11)),
                        Eligibility.OK,
                        T0.plusSeconds(11)))
                .decided();
        var reply = about(
                auction,
                "decision:" + decided.record().bidId(),
                Optional.of("1790000000000000001"),
                "Bid accepted: 2 ETH leads.");
        var start = about(auction, "announce:" + auction + ":start", Optional.empty(), "Genesis #1 is live!");

        var outcome = auctions.commit(new CommitBatch(
                sequencer.state(),
                1,
                List.of(decided.record()),
                List.of(sequencer.funds(ada)),
                List.of(),
                List.of(),
                List.of(reply, start)));

        assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
        assertThat(outbox.find(reply.key()).orElseThrow().entry()).isEqualTo(reply);
        assertThat(outbox.find(start.key()).orElseThrow().entry()).isEqualTo(start);
        assertThat(outbox.recent(Optional.of(auction), 10)).hasSize(2);
        assertThat(outbox.recent(Optional.of(UUID.randomUUID()), 10)).isEmpty();
    }

    @Test
    void a_commit_refused_for_a_stale_lease_writes_none_of_its_posts() {
        UUID auction = newAuction();
        var state = auctions.find(auction).orElseThrow().state();
        assertThat(auctions.commit(new CommitBatch(
                        state.withStatus(AuctionStatus.PAUSED), 5, List.of(), List.of(), List.of(), List.of())))
                .isInstanceOf(CommitOutcome.Committed.class);

        var lost = auctions.commit(new CommitBatch(
                state.withStatus(AuctionStatus.CANCELLED),
                4,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(about(auction, "announce:" + auction + ":result", Optional.empty(), "cancelled"))));

        assertThat(lost).isEqualTo(new CommitOutcome.LeaseLost(4, 5));
        assertThat(outbox.find("announce:" + auction + ":result")).isEmpty();
        assertThat(outbox.counts()).containsEntry("queued", 0L);
    }

    @Test
    void a_post_that_cannot_be_stored_rolls_back_the_whole_commit() {
        UUID auction = newAuction();
        var state = auctions.find(auction).orElseThrow().state();
        var tooLong = about(auction, "announce:" + auction + ":start", Optional.empty(), "x".repeat(281));

        assertThatThrownBy(() -> auctions.commit(new CommitBatch(
                        state.withStatus(AuctionStatus.PAUSED),
                        1,
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(tooLong))))
                .isInstanceOf(StoreException.class);

        assertThat(auctions.find(auction).orElseThrow().state()).isEqualTo(state);
        assertThat(outbox.find(tooLong.key())).isEmpty();
    }

    @Test
    void a_post_already_queued_does_not_stop_a_later_commit() {
        UUID auction = newAuction();
        var state = auctions.find(auction).orElseThrow().state();
        var start = about(auction, "announce:" + auction + ":start", Optional.empty(), "first text");
        outbox.enqueue(List.of(start));

        var outcome = auctions.commit(new CommitBatch(
                state.withStatus(AuctionStatus.PAUSED),
                1,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(about(auction, start.key(), Optional.empty(), "second text"))));

        assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
        assertThat(auctions.find(auction).orElseThrow().state().status()).isEqualTo(AuctionStatus.PAUSED);
        assertThat(outbox.find(start.key()).orElseThrow().entry().text()).isEqualTo("first text");
    }
}
