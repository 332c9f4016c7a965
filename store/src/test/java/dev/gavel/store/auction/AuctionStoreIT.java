package dev.gavel.store.auction;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@WithPostgresAndRedis
class AuctionStoreIT {
    private static final Instant T0 = Instant.parse("2026-11-21T19:00:00Z");

    private final AuctionStore auctions;
    private final BidderStore bidders;

    AuctionStoreIT(TestDatabase db) {
        var database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        auctions = new AuctionStore(database);
        bidders = new BidderStore(database);
    }

    private UUID newAuction(String hashtag) {
        var state = AuctionState.planned(
                        UUID.randomUUID(),
                        T0,
                        T0.plusSeconds(3600),
                        AuctionTerms.defaults(Wei.ofEth("1"), Wei.ofEth("1")))
                .withStatus(AuctionStatus.ACTIVE);
        assertThat(auctions.insert(new StoredAuction(
                        state,
                        "Genesis #1",
                        Optional.ofNullable(hashtag),
                        "{\"name\":\"Genesis\"}",
                        Optional.empty(),
                        Optional.empty(),
                        T0)))
                .isEqualTo(AuctionStore.Created.CREATED);
        return state.id();
    }

    private UUID newBidder(String handle, String deposit) {
        var id = UUID.randomUUID();
        bidders.create(
                new Bidder(id, handle, Optional.empty(), Optional.empty(), Optional.empty(), T0, Optional.empty()));
        bidders.credit(id, Wei.ofEth(deposit), "ADMIN", "seed-" + id, T0);
        return id;
    }

    private static BidCommand bid(UUID auction, UUID bidder, String key, String eth, int second) {
        return new BidCommand(
                new BidKey(BidSource.API, key),
                auction,
                bidder,
                Wei.ofEth(eth),
                T0.plusSeconds(second),
                T0.plusSeconds(second));
    }

    @Test
    void an_auction_and_its_decisions_round_trip_exactly() {
        UUID auction = newAuction("#ROUND1");
        UUID ada = newBidder("ada", "10");
        UUID bob = newBidder("bob", "10");
        var sequencer = new BidSequencer(auctions.find(auction).orElseThrow().state(), bidders);
        var d1 = ((Sequenced.Fresh)
                        sequencer.decide(bid(auction, ada, "a-1", "2", 10), Eligibility.OK, T0.plusSeconds(10)))
                .decided();
        var d2 = ((Sequenced.Fresh)
                        sequencer.decide(bid(auction, bob, "b-1", "2.01", 11), Eligibility.OK, T0.plusSeconds(11)))
                .decided();
        var d3 = ((Sequenced.Fresh)
                        sequencer.decide(bid(auction, bob, "b-2", "3", 12), Eligibility.OK, T0.plusSeconds(12)))
                .decided();

        var outcome = auctions.commit(new CommitBatch(
                sequencer.state(),
                1,
                List.of(d1.record(), d2.record(), d3.record()),
                List.of(sequencer.funds(ada), sequencer.funds(bob)),
                List.of(),
                List.of(new AdminRecord("bid", "{}", null, "test", T0))));

        assertThat(outcome).isInstanceOf(CommitOutcome.Committed.class);
        assertThat(auctions.find(auction).orElseThrow().state()).isEqualTo(sequencer.state());
        assertThat(auctions.log(auction)).containsExactly(d1.record(), d2.record(), d3.record());
        assertThat(auctions.findBid(new BidKey(BidSource.API, "b-1"))
                        .orElseThrow()
                        .record())
                .isEqualTo(d2.record());
        assertThat(bidders.fundsOf(bob).reservations()).containsEntry(auction, Wei.ofEth("3"));
        assertThat(bidders.fundsOf(ada).reservations()).isEmpty();
        assertThat(auctions.page(auction, 2, Optional.empty()))
                .extracting(b -> b.record().sequence())
                .containsExactly(3L, 2L);
        assertThat(auctions.page(auction, 5, Optional.of(2L)))
                .extracting(b -> b.record().sequence())
                .containsExactly(1L);
        assertThat(auctions.open()).extracting(a -> a.state().id()).contains(auction);
    }

    @Test
    void a_stale_lease_token_writes_nothing() {
        UUID auction = newAuction(null);
        var state = auctions.find(auction).orElseThrow().state();
        assertThat(auctions.commit(new CommitBatch(
                        state.withStatus(AuctionStatus.PAUSED), 5, List.of(), List.of(), List.of(), List.of())))
                .isInstanceOf(CommitOutcome.Committed.class);

        var lost = auctions.commit(new CommitBatch(
                state.withStatus(AuctionStatus.CANCELLED), 4, List.of(), List.of(), List.of(), List.of()));

        assertThat(lost).isEqualTo(new CommitOutcome.LeaseLost(4, 5));
        assertThat(auctions.find(auction).orElseThrow().state().status()).isEqualTo(AuctionStatus.PAUSED);
    }

    @Test
    void money_held_by_one_auction_cannot_be_held_again_by_another() {
        UUID first = newAuction(null);
        UUID second = newAuction(null);
        UUID cleo = newBidder("cleo", "5");
        // Both sequencers loaded cleo's funds before either committed: each thinks 5 ETH is free.
        var s1 = new BidSequencer(auctions.find(first).orElseThrow().state(), bidders);
        var s2 = new BidSequencer(auctions.find(second).orElseThrow().state(), bidders);
        var d1 = ((Sequenced.Fresh) s1.decide(bid(first, cleo, "c-1", "4", 5), Eligibility.OK, T0.plusSeconds(5)))
                .decided();
        var d2 = ((Sequenced.Fresh) s2.decide(bid(second, cleo, "c-2", "4", 6), Eligibility.OK, T0.plusSeconds(6)))
                .decided();
        assertThat(d1.accepted()).isTrue();
        assertThat(d2.accepted()).isTrue();

        assertThat(auctions.commit(new CommitBatch(
                        s1.state(), 1, List.of(d1.record()), List.of(s1.funds(cleo)), List.of(), List.of())))
                .isInstanceOf(CommitOutcome.Committed.class);
        var conflict = auctions.commit(
                new CommitBatch(s2.state(), 1, List.of(d2.record()), List.of(s2.funds(cleo)), List.of(), List.of()));

        assertThat(conflict).isEqualTo(new CommitOutcome.FundsConflict(Set.of(cleo)));
        assertThat(auctions.log(second)).isEmpty();
        assertThat(bidders.fundsOf(cleo).reserved()).isEqualTo(Wei.ofEth("4"));
    }

    @Test
    void a_deposit_is_credited_once_per_reference() {
        UUID dan = newBidder("dan", "1");
        assertThat(bidders.credit(dan, Wei.ofEth("2"), "CHAIN", "0xabc", T0))
                .isInstanceOf(dev.gavel.auction.DepositPort.DepositCredit.Credited.class);
        assertThat(bidders.credit(dan, Wei.ofEth("2"), "CHAIN", "0xabc", T0))
                .isInstanceOf(dev.gavel.auction.DepositPort.DepositCredit.AlreadyCredited.class);
        assertThat(bidders.fundsOf(dan).deposits()).isEqualTo(Wei.ofEth("3"));
        assertThat(bidders.credit(UUID.randomUUID(), Wei.ofEth("2"), "CHAIN", "0xdef", T0))
                .isInstanceOf(dev.gavel.auction.DepositPort.DepositCredit.UnknownBidder.class);
    }

    @Test
    void handles_are_unique_in_any_case_and_a_hashtag_belongs_to_one_auction() {
        newBidder("Eve", "1");
        var again = bidders.create(new Bidder(
                UUID.randomUUID(), "eve", Optional.empty(), Optional.empty(), Optional.empty(), T0, Optional.empty()));
        assertThat(again).isEqualTo(new BidderCreation.Taken("handle"));

        newAuction("#ONLYONCE");
        var state = AuctionState.planned(
                UUID.randomUUID(), T0, T0.plusSeconds(60), AuctionTerms.defaults(Wei.ofEth("1"), Wei.ofEth("1")));
        assertThat(auctions.insert(new StoredAuction(
                        state, "dup", Optional.of("#onlyonce"), "{}", Optional.empty(), Optional.empty(), T0)))
                .isEqualTo(AuctionStore.Created.HASHTAG_TAKEN);
    }
}
