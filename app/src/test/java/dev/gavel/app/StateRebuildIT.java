package dev.gavel.app;

import static dev.gavel.app.CliTest.gavel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionTerms;
import dev.gavel.core.money.Wei;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.Redis;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code gavel state rebuild} rewrites Redis from PostgreSQL, the system of record. */
@WithPostgresAndRedis
class StateRebuildIT {

    @Test
    void a_lost_live_view_is_rebuilt_from_postgres(TestDatabase db, TestRedis testRedis) {
        try (var database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
                var redis = Redis.connect(testRedis.uri(), Duration.ofSeconds(2))) {
            database.migrate();
            var now = Instant.now();
            var state = AuctionState.planned(
                    UUID.randomUUID(),
                    now,
                    now.plusSeconds(600),
                    AuctionTerms.defaults(Wei.ofEth("1"), Wei.ofEth("1")));
            new AuctionStore(database)
                    .insert(new StoredAuction(
                            state, "rebuild me", Optional.empty(), "{}", Optional.empty(), Optional.empty(), now));
            redis.sync().flushdb();

            var outcome = gavel(
                    Map.of("GAVEL_DB_URL", db.url(), "GAVEL_DB_USER", db.user(), "GAVEL_REDIS_URL", testRedis.uri()),
                    "state",
                    "rebuild");

            assertThat(outcome.code()).as(outcome.err()).isZero();
            assertThat(outcome.out()).contains("rebuilt the live view of 1 auction(s)");
            assertThat(redis.sync().hgetall("auction:" + state.id() + ":current"))
                    .containsEntry("status", "PENDING")
                    .containsEntry("minNextBid", "1");
        }
    }
}
