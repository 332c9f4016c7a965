package dev.gavel.bench;

import dev.gavel.auction.AntiSnipe;
import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionTerms;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidSource;
import dev.gavel.auction.MinIncrement;
import dev.gavel.auction.Sequenced;
import dev.gavel.core.money.Wei;
import dev.gavel.server.auction.AuctionHouse;
import dev.gavel.server.auction.BidderEligibility;
import dev.gavel.server.auction.IntakeConsumer;
import dev.gavel.server.auction.SequencerSettings;
import dev.gavel.store.Database;
import dev.gavel.store.Redis;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.live.AuctionLeases;
import dev.gavel.store.live.BidIntakeStream;
import dev.gavel.store.live.EventStream;
import dev.gavel.store.live.LiveView;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auction house under load, beside the raw limit measured in the same run:
 *
 * <ol>
 *   <li>raw: batched INSERTs of bid-shaped rows into PostgreSQL, one transaction per batch, durable commit;
 *   <li>decisions/s: bids handed straight to one hot auction's sequencer, decided, group-committed
 *       (bid rows, auction row, funds, the cross-auction funds check), live view and events written;
 *   <li>latency: bids published to the Redis intake stream at a fixed rate, read by the consumer, decided
 *       and committed; time from publishing to the committed decision, p50/p99/max.
 * </ol>
 *
 * <p>Servers: {@code GAVEL_BENCH_DB_URL} (a jdbc:postgresql:// URL of an admin database; a fresh database is
 * made in it) and {@code GAVEL_BENCH_REDIS_URL}, else embedded ones. Arguments: decisions (default 200000),
 * offered rate per second (5000), seconds at that rate (20).
 */
public final class AuctionHouseLoad {
    private static final Logger LOG = LoggerFactory.getLogger(AuctionHouseLoad.class);

    public static void main(String[] args) throws Exception {
        int decisions = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;

        var cleanup = new ArrayList<AutoCloseable>();
        try {
            var servers = new BenchServers();
            cleanup.add(servers);
            String redisUrl = servers.redisUrl();
            var database = servers.freshDatabase();
            var redis = Redis.connect(redisUrl, Duration.ofSeconds(5));
            cleanup.add(redis);
            redis.sync().flushdb();

            System.out.printf(
                    "machine: %d cores, %s, %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), Runtime.version());
            double raw = rawInserts(database, decisions);
            double decided = hotAuction(database, redis, decisions);
            latency(database, redis, rate, seconds);
            System.out.printf("%nratio: sequencer decisions/s to raw batched INSERT rows/s = %.2f%n", decided / raw);
        } finally {
            for (int i = cleanup.size() - 1; i >= 0; i--) {
                cleanup.get(i).close();
            }
        }
    }

    /**
     * The raw limit: rows straight into the {@code bids} table itself (same indexes, same foreign keys), in
     * JDBC batches of 1000, one durable transaction per batch — what the group commit does minus deciding.
     */
    static double rawInserts(Database database, int rows) throws Exception {
        var setup = setUp(database, 1, "raw");
        var auction = setup.auction();
        var bidder = setup.bidders().get(0);
        long start = System.nanoTime();
        try (var c = database.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("""
                    INSERT INTO bids (id, auction_id, sequence, source, external_id, bidder_id, amount, event_time, received_at, decided_at,
                      status, reason, identity_linked, ineligible) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                var now = new Timestamp(System.currentTimeMillis());
                for (int i = 1; i <= rows; i++) {
                    ps.setObject(1, UUID.randomUUID());
                    ps.setObject(2, auction);
                    ps.setLong(3, i);
                    ps.setString(4, "API");
                    ps.setString(5, "raw-" + i);
                    ps.setObject(6, bidder);
                    ps.setBigDecimal(7, new BigDecimal(BigInteger.valueOf(i).multiply(BigInteger.TEN.pow(15))));
                    ps.setTimestamp(8, now);
                    ps.setTimestamp(9, now);
                    ps.setTimestamp(10, now);
                    ps.setString(11, "ACCEPTED");
                    ps.setString(12, null);
                    ps.setBoolean(13, true);
                    ps.setString(14, null);
                    ps.addBatch();
                    if (i % 1000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
        }
        double perSecond = rows / ((System.nanoTime() - start) / 1e9);
        try (var c = database.dataSource().getConnection();
                var s = c.createStatement()) {
            s.execute("UPDATE auctions SET status = 'CANCELLED' WHERE id = '" + auction + "'"); // not a live auction
        }
        System.out.printf(
                "raw batched INSERT into bids (1000 rows per durable transaction): %,.0f rows/s%n", perSecond);
        return perSecond;
    }

    private static AuctionHouse house(Database database, Redis redis, Clock clock, String node) {
        var auctions = new AuctionStore(database);
        var bidders = new BidderStore(database);
        var house = new AuctionHouse(
                auctions,
                bidders,
                new AuctionLeases(redis, node, Duration.ofSeconds(30)),
                new LiveView(redis),
                new BidderEligibility(bidders, clock),
                clock,
                SequencerSettings.defaults());
        var events = new EventStream(redis);
        house.addBatchListener(list -> events.publishAll(list.stream()
                .map(e -> new EventStream.Event(
                        e.getClass().getSimpleName(), e.state().id().toString(), "{}"))
                .toList()));
        return house;
    }

    private record Setup(UUID auction, List<UUID> bidders) {}

    private static Setup setUp(Database database, int bidderCount, String name) {
        var auctions = new AuctionStore(database);
        var bidders = new BidderStore(database);
        var now = Instant.now();
        // A 1-wei increment lets every bid of the rising stream be accepted: each moves the reservation.
        var terms = new AuctionTerms(
                Wei.of(1),
                Wei.of(1),
                MinIncrement.amount(Wei.of(1)),
                AntiSnipe.defaults(),
                Duration.ofSeconds(20),
                true);
        var state = AuctionState.planned(UUID.randomUUID(), now.minusSeconds(1), now.plus(Duration.ofHours(2)), terms);
        auctions.insert(
                new StoredAuction(state, name, Optional.empty(), "{}", Optional.empty(), Optional.empty(), now));
        var ids = new ArrayList<UUID>();
        for (int i = 0; i < bidderCount; i++) {
            var id = UUID.randomUUID();
            bidders.create(new Bidder(
                    id, name + "_" + i, Optional.empty(), Optional.empty(), Optional.empty(), now, Optional.empty()));
            bidders.credit(id, Wei.ofEth("1000000000"), "MANUAL", "bench-" + id, now);
            ids.add(id);
        }
        return new Setup(state.id(), ids);
    }

    /** Bids that each beat the last (so every one is accepted and moves the reservation): the worst case. */
    private static Wei amount(int i) {
        return Wei.of(BigInteger.valueOf(1_000L).multiply(BigInteger.valueOf(i + 1)));
    }

    static double hotAuction(Database database, Redis redis, int decisions) throws Exception {
        var setup = setUp(database, 20, "hot");
        var clock = Clock.systemUTC();
        try (var house = house(database, redis, clock, "bench-hot")) {
            house.start();
            var inFlight = new Semaphore(20_000);
            var futures = new ArrayList<CompletableFuture<Sequenced>>(decisions);
            // warm-up
            submit(house, setup, clock, 0, 5_000, inFlight, new ArrayList<>()).forEach(CompletableFuture::join);
            long start = System.nanoTime();
            futures.addAll(submit(house, setup, clock, 5_000, decisions, inFlight, futures));
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - start) / 1e9;
            long accepted =
                    futures.stream().filter(f -> f.join().record().accepted()).count();
            double perSecond = decisions / seconds;
            System.out.printf(
                    "one hot auction, durable group commit: %,d decisions in %.2f s = %,.0f decisions/s (%,d accepted)%n",
                    decisions, seconds, perSecond, accepted);
            return perSecond;
        }
    }

    private static List<CompletableFuture<Sequenced>> submit(
            AuctionHouse house,
            Setup setup,
            Clock clock,
            int from,
            int count,
            Semaphore inFlight,
            List<CompletableFuture<Sequenced>> sink)
            throws InterruptedException {
        var list = new ArrayList<CompletableFuture<Sequenced>>(count);
        for (int i = from; i < from + count; i++) {
            inFlight.acquire();
            var now = clock.instant();
            var bid = new BidCommand(
                    new BidKey(BidSource.API, "hot-" + i),
                    setup.auction(),
                    setup.bidders().get(i % setup.bidders().size()),
                    amount(i),
                    now,
                    now);
            var f = house.submit(bid);
            f.whenComplete((s, e) -> inFlight.release());
            list.add(f);
        }
        return list;
    }

    static void latency(Database database, Redis redis, int rate, int seconds) throws Exception {
        var setup = setUp(database, 20, "paced");
        var clock = Clock.systemUTC();
        var intake = new BidIntakeStream(redis);
        try (var house = house(database, redis, clock, "bench-paced");
                var consumer = new IntakeConsumer(
                        intake,
                        redis,
                        house,
                        "bench-paced",
                        clock,
                        Duration.ofSeconds(30),
                        new SimpleMeterRegistry())) {
            house.start();
            consumer.start();
            int total = rate * seconds;
            long[] latencies = new long[total];
            var done = new ArrayList<CompletableFuture<?>>(total);
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                var now = clock.instant();
                var bid = new BidCommand(
                        new BidKey(BidSource.X, "paced-" + i),
                        setup.auction(),
                        setup.bidders().get(i % setup.bidders().size()),
                        amount(i),
                        now,
                        now);
                int n = i;
                long sent = System.nanoTime();
                done.add(house.awaitDecision(bid.key()).thenRun(() -> latencies[n] = System.nanoTime() - sent));
                intake.publishAsync(bid);
            }
            double offeredSeconds = (System.nanoTime() - start) / 1e9;
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            Arrays.sort(latencies);
            System.out.printf(
                    "intake -> committed decision at %,d bids/s offered (%,.0f achieved) for %d s: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    rate,
                    total / offeredSeconds,
                    seconds,
                    latencies[total / 2] / 1e6,
                    latencies[(int) (total * 0.99)] / 1e6,
                    latencies[total - 1] / 1e6);
        }
    }
}
