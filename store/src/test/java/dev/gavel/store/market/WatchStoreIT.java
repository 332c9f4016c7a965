package dev.gavel.store.market;

import static dev.gavel.store.market.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.time.MutableClock;
import dev.gavel.market.watch.Watch;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@WithPostgresAndRedis
class WatchStoreIT {
    private final Database database;
    private final MutableClock clock = MutableClock.at(T0);
    private final WatchStore watches;

    WatchStoreIT(TestDatabase db) {
        this.database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        watches = new WatchStore(database.jdbi(), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_watch_is_created_listed_found_and_stopped_once() {
        Watch cowboys = watches.create(
                "m26",
                Map.of("team", "Cowboys", "itemName", "Micah \"The\" Parsons", "pages", "3"),
                Duration.ofSeconds(5));
        clock.advance(Duration.ofMinutes(1));
        Watch eagles = watches.create("m26", Map.of("team", "Eagles"), Duration.ofMillis(2500));

        assertThat(cowboys.id()).isPositive();
        assertThat(cowboys.createdAt()).isEqualTo(T0);
        assertThat(watches.find(cowboys.id())).contains(cowboys);
        assertThat(watches.find(eagles.id()).orElseThrow().interval()).isEqualTo(Duration.ofMillis(2500));
        assertThat(watches.list()).containsExactly(cowboys, eagles);

        assertThat(watches.stop(cowboys.id())).isTrue();
        assertThat(watches.stop(cowboys.id())).isFalse();
        assertThat(watches.stop(cowboys.id() + 1000)).isFalse();

        assertThat(watches.active()).containsExactly(eagles);
        assertThat(watches.find(cowboys.id()).orElseThrow().active()).isFalse();
        assertThat(watches.list()).hasSize(2);
        assertThat(watches.checkpoint(eagles.id())).isEmpty();
    }

    @Test
    void a_drift_alert_is_kept_with_its_evidence_and_the_newest_comes_first() {
        var alerts = new DriftAlerts(database.jdbi(), clock);
        var detail = ListingJson.MAPPER.createObjectNode().put("missing", "auctionInfo[].tradeId");

        var first = alerts.raise("m26", "m26-trade-pile", "no listings in a 200 response", detail);
        clock.advance(Duration.ofSeconds(30));
        var second = alerts.raise("tcg", "tcg-search", "price is a string", ListingJson.MAPPER.createObjectNode());

        assertThat(first.detail()).isEqualTo(detail);
        assertThat(first.raisedAt()).isEqualTo(T0);
        assertThat(alerts.recent(10)).containsExactly(second, first);
        assertThat(alerts.recent(1)).containsExactly(second);
    }
}
