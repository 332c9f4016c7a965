package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionTerms;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidSource;
import dev.gavel.auction.Sequenced;
import dev.gavel.core.money.Wei;
import dev.gavel.server.auction.AuctionHouse;
import dev.gavel.server.auction.BidderEligibility;
import dev.gavel.server.auction.IntakeConsumer;
import dev.gavel.server.auction.SequencerSettings;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.Redis;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.live.AuctionLeases;
import dev.gavel.store.live.BidIntakeStream;
import dev.gavel.store.live.Keys;
import dev.gavel.store.live.LiveView;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node that commits a decision and dies before acknowledging the intake entry: another node claims the
 * entry, its sequencer (rebuilt from PostgreSQL) recognises the natural key, and nothing is decided twice.
 */
@WithPostgresAndRedis
class IntakeCrashSafetyIT {
    private final Clock clock = Clock.systemUTC();
    private final Database database;
    private final Redis redis;
    private final AuctionStore auctions;
    private final BidderStore bidders;
    private final BidIntakeStream intake;
    private AuctionHouse houseA;
    private AuctionHouse houseB;
    private IntakeConsumer consumerB;

    IntakeCrashSafetyIT(TestDatabase db, TestRedis testRedis) {
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        redis = Redis.connect(testRedis.uri(), Duration.ofSeconds(2));
        auctions = new AuctionStore(database);
        bidders = new BidderStore(database);
        intake = new BidIntakeStream(redis);
        intake.ensureGroup();
    }

    @AfterEach
    void close() {
        if (consumerB != null) {
            consumerB.close();
        }
        if (houseB != null) {
            houseB.close();
        }
        if (houseA != null) {
            houseA.close();
        }
        redis.close();
        database.close();
    }

    private AuctionHouse house(String node) {
        var house = new AuctionHouse(
                auctions,
                bidders,
                new AuctionLeases(redis, node, Duration.ofSeconds(2)),
                new LiveView(redis),
                new BidderEligibility(bidders, clock),
                clock,
                SequencerSettings.defaults());
        house.start();
        return house;
    }

    private long pending() {
        return redis.sync().xpending(Keys.INTAKE, Keys.INTAKE_GROUP).getCount();
    }

    @Test
    void a_bid_committed_but_not_acknowledged_is_redelivered_and_not_decided_twice() throws Exception {
        var now = clock.instant();
        var state = AuctionState.planned(
                UUID.randomUUID(),
                now.minusSeconds(1),
                now.plusSeconds(3600),
                AuctionTerms.defaults(Wei.ofEth("1"), Wei.ofEth("1")));
        auctions.insert(new StoredAuction(
                state, "crash test", Optional.empty(), "{}", Optional.empty(), Optional.empty(), now));
        var bidderId = UUID.randomUUID();
        bidders.create(new Bidder(
                bidderId, "crash", Optional.empty(), Optional.empty(), Optional.empty(), now, Optional.empty()));
        bidders.credit(bidderId, Wei.ofEth("10"), "MANUAL", "seed", now);
        var bid = new BidCommand(new BidKey(BidSource.API, "crash-1"), state.id(), bidderId, Wei.ofEth("2"), now, now);
        intake.publish(bid);

        // Node A reads the entry, commits its decision, and dies before acknowledging it.
        houseA = house("node-a");
        try (var connection = redis.dedicated()) {
            var read = intake.read(connection, "node-a", 10, Duration.ofSeconds(1));
            assertThat(read).singleElement().satisfies(m -> assertThat(m.command())
                    .contains(bid));
        }
        var first = houseA.submit(bid).get(10, TimeUnit.SECONDS);
        assertThat(first).isInstanceOf(Sequenced.Fresh.class);
        assertThat(first.record().accepted()).isTrue();
        houseA.close();
        houseA = null;
        assertThat(pending()).isEqualTo(1);

        // Node B starts from PostgreSQL, claims the stale entry, recognises the key and acknowledges it.
        houseB = house("node-b");
        consumerB = new IntakeConsumer(
                intake, redis, houseB, "node-b", clock, Duration.ofMillis(200), new SimpleMeterRegistry());
        consumerB.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> pending() == 0);

        assertThat(auctions.log(state.id())).hasSize(1);
        var stored = auctions.find(state.id()).orElseThrow().state();
        assertThat(stored.bidCount()).isEqualTo(1);
        assertThat(stored.highest().orElseThrow().bidId())
                .isEqualTo(first.record().bidId());
        assertThat(bidders.fundsOf(bidderId).reserved()).isEqualTo(Wei.ofEth("2"));
    }

    @Test
    void an_entry_that_cannot_be_decided_goes_to_the_dead_letters_with_the_reason() {
        houseB = house("node-b");
        var registry = new SimpleMeterRegistry();
        consumerB = new IntakeConsumer(intake, redis, houseB, "node-b", clock, Duration.ofSeconds(30), registry);
        consumerB.start();
        long before = intake.deadLetters();
        Instant now = clock.instant();

        intake.publish(new BidCommand(
                new BidKey(BidSource.API, "nowhere-" + UUID.randomUUID()),
                UUID.randomUUID(),
                UUID.randomUUID(),
                Wei.ofEth("1"),
                now,
                now));

        await().atMost(Duration.ofSeconds(10)).until(() -> intake.deadLetters() == before + 1);
        var dead = redis.sync()
                .xrevrange(Keys.DEAD, io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(1))
                .get(0)
                .getBody();
        assertThat(dead.get("reason")).startsWith("no auction");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> registry.counter("gavel.bids.dead").count() == 1.0);
    }
}
