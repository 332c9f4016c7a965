package dev.gavel.server.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.listing.ListingState;
import dev.gavel.market.watch.Checkpoint;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.Redis;
import dev.gavel.store.market.MarketCache;
import dev.gavel.store.market.MarketDeltaStream;
import dev.gavel.store.market.MarketStore;
import dev.gavel.store.market.PendingPages;
import dev.gavel.store.market.WatchStore;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Pages collected while PostgreSQL refuses connections wait in Redis, in order, with their checkpoints,
 * and are written when it answers again; their deltas are published then, not before.
 */
@WithPostgresAndRedis
class MarketIngestIT {

    private static Listing listing(String id, int bids, Instant at) {
        return new Listing(
                "m26",
                id,
                "card-" + id,
                "Player " + id,
                ListingState.ACTIVE,
                Currency.COINS,
                bids == 0 ? OptionalLong.empty() : OptionalLong.of(1000L + 100L * bids),
                OptionalLong.of(50_000),
                OptionalLong.of(1000),
                bids,
                at.plusSeconds(600),
                at);
    }

    private static void allowConnections(TestDatabase db, boolean allow) throws Exception {
        String admin = db.url().substring(0, db.url().lastIndexOf('/') + 1) + "postgres";
        try (var c = DriverManager.getConnection(admin, db.user(), db.password());
                var s = c.createStatement()) {
            s.execute("ALTER DATABASE \"" + db.name() + "\" ALLOW_CONNECTIONS " + allow);
            if (!allow) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name()
                        + "' AND pid <> pg_backend_pid()");
            }
        }
    }

    @Test
    void pages_wait_in_redis_while_postgres_is_away_and_are_written_in_order_when_it_is_back(
            TestDatabase db, TestRedis redis) throws Exception {
        var clock = Clock.systemUTC();
        var published = new CopyOnWriteArrayList<String>();
        try (var database = Database.open(
                        new DatabaseSettings(db.url(), db.user(), Optional.empty(), 2, Duration.ofSeconds(1)));
                var r = Redis.connect(redis.uri(), Duration.ofSeconds(2))) {
            database.migrate();
            var store = new MarketStore(database.jdbi(), clock);
            var watch = new WatchStore(database.jdbi(), clock).create("m26", Map.of(), Duration.ofSeconds(5));
            var publisher = new DeltaPublisher(
                    store,
                    new MarketDeltaStream(r),
                    deltas -> deltas.forEach(d -> published.add(d.listing().externalId() + "@" + d.version())));
            var ingest = new MarketIngest(store, new MarketCache(r), new PendingPages(r), () -> {});
            Instant t = Instant.now();

            var first = ingest.ingest(
                    "m26",
                    watch.id(),
                    List.of(listing("a", 0, t), listing("b", 0, t)),
                    Optional.of(new Checkpoint(watch.id(), 0, 1, t)));
            assertThat(first).isInstanceOf(MarketIngest.Stored.Committed.class);

            allowConnections(db, false);
            try {
                var pages = new ArrayList<MarketIngest.Stored>();
                pages.add(ingest.ingest(
                        "m26",
                        watch.id(),
                        List.of(listing("a", 1, t.plusSeconds(5))),
                        Optional.of(new Checkpoint(watch.id(), 1, 0, t.plusSeconds(5)))));
                pages.add(ingest.ingest(
                        "m26",
                        watch.id(),
                        List.of(listing("a", 2, t.plusSeconds(10)), listing("c", 0, t.plusSeconds(10))),
                        Optional.of(new Checkpoint(watch.id(), 2, 0, t.plusSeconds(10)))));
                assertThat(pages).allSatisfy(p -> assertThat(p).isInstanceOf(MarketIngest.Stored.Queued.class));
                assertThat(ingest.pendingPages()).isEqualTo(2);
                assertThat(ingest.drainPending()).as("still away").isFalse();
                assertThat(ingest.pendingPages()).isEqualTo(2);
            } finally {
                allowConnections(db, true);
            }

            assertThat(ingest.drainPending()).isTrue();
            assertThat(ingest.pendingPages()).isZero();
            assertThat(store.find("m26", "a").orElseThrow().bidCount()).isEqualTo(2);
            assertThat(store.find("m26", "c")).isPresent();
            assertThat(new WatchStore(database.jdbi(), clock)
                            .checkpoint(watch.id())
                            .orElseThrow()
                            .cycle())
                    .isEqualTo(2);
            assertThat(store.deltas("m26", "a"))
                    .extracting(d -> d.kind().name() + "@" + d.version())
                    .containsExactly("NEW@1", "NEW_BID@2", "NEW_BID@3");
            assertThat(publisher.publishPending()).isEqualTo(5);
            assertThat(published).containsExactlyInAnyOrder("a@1", "b@1", "a@2", "a@3", "c@1");
            publisher.close();
        }
    }

    @Test
    void a_page_postgres_refuses_for_itself_is_not_queued_and_the_next_page_goes_through(
            TestDatabase db, TestRedis redis) throws Exception {
        var clock = Clock.systemUTC();
        try (var database = Database.open(
                        new DatabaseSettings(db.url(), db.user(), Optional.empty(), 2, Duration.ofSeconds(1)));
                var r = Redis.connect(redis.uri(), Duration.ofSeconds(2))) {
            database.migrate();
            var store = new MarketStore(database.jdbi(), clock);
            var pending = new PendingPages(r);
            var ingest = new MarketIngest(store, new MarketCache(r), pending, () -> {});
            Instant t = Instant.now();
            var bad = new Listing(
                    "m26",
                    "far",
                    "card-far",
                    "Far Future",
                    ListingState.ACTIVE,
                    Currency.COINS,
                    OptionalLong.empty(),
                    OptionalLong.of(5),
                    OptionalLong.empty(),
                    0,
                    Instant.parse("+12000-01-01T00:00:00Z"),
                    t);

            var refused = ingest.ingest("m26", 0, List.of(bad, listing("near", 0, t)), Optional.empty());

            assertThat(refused).isInstanceOf(MarketIngest.Stored.Refused.class);
            assertThat(ingest.pendingPages())
                    .as("a page PostgreSQL refuses would block every page behind it")
                    .isZero();
            assertThat(ingest.ingest("m26", 0, List.of(listing("near", 0, t)), Optional.empty()))
                    .isInstanceOf(MarketIngest.Stored.Committed.class);
            assertThat(store.find("m26", "near")).isPresent();
            assertThat(store.find("m26", "far")).isEmpty();
        }
    }
}
