package dev.gavel.store.market;

import static dev.gavel.store.market.Fixtures.listing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Monthly price partitions: made by the migration and ahead of time, concurrently, and where points land. */
@WithPostgresAndRedis
class PricePartitionsIT {
    private final TestDatabase db;
    private final Database database;
    private final PricePartitions partitions;

    PricePartitionsIT(TestDatabase db) {
        this.db = db;
        this.database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        partitions = new PricePartitions(database.jdbi());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    /** Which partition holds each of the source's price points, by external id. */
    private Map<String, String> placement(String source) throws SQLException {
        try (var c = db.connect();
                var ps = c.prepareStatement(
                        "SELECT external_id, tableoid::regclass::text FROM price_points WHERE source = ?")) {
            ps.setString(1, source);
            var placed = new TreeMap<String, String>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    placed.put(rs.getString(1), rs.getString(2));
                }
            }
            return placed;
        }
    }

    @Test
    void the_migration_made_this_month_and_the_next_three() {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        assertThat(partitions.partitions())
                .contains(
                        PricePartitions.nameOf(now),
                        PricePartitions.nameOf(now.plusMonths(1)),
                        PricePartitions.nameOf(now.plusMonths(2)),
                        PricePartitions.nameOf(now.plusMonths(3)));
        assertThat(PricePartitions.nameOf(YearMonth.of(2027, 3))).isEqualTo("price_points_y2027m03");
    }

    @Test
    void partitions_are_made_ahead_once_however_many_nodes_ask_at_the_same_time() throws Exception {
        Clock clock = at("2031-11-15T12:00:00Z");
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(4);
        try {
            var calls = new ArrayList<Future<List<String>>>();
            for (int i = 0; i < 4; i++) {
                Callable<List<String>> call = () -> {
                    start.await();
                    return partitions.ensureAhead(clock, 3);
                };
                calls.add(pool.submit(call));
            }
            start.countDown();
            var created = new ArrayList<String>();
            for (var call : calls) {
                created.addAll(call.get());
            }

            assertThat(created)
                    .containsExactlyInAnyOrder(
                            "price_points_y2031m11",
                            "price_points_y2031m12",
                            "price_points_y2032m01",
                            "price_points_y2032m02",
                            "card_prices_y2031m11",
                            "card_prices_y2031m12",
                            "card_prices_y2032m01",
                            "card_prices_y2032m02");
            assertThat(partitions.ensureAhead(clock, 3)).isEmpty();
            assertThat(partitions.partitions())
                    .contains("price_points_y2032m02")
                    .doesNotContain("price_points_y2032m03");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void points_land_in_their_month_and_those_parked_in_the_default_move_when_their_month_is_made()
            throws SQLException {
        var store = new MarketStore(database.jdbi(), at("2035-01-01T00:00:00Z"));
        partitions.ensureAhead(at("2035-01-10T00:00:00Z"), 0);
        store.ingest(
                "parts",
                List.of(
                        listing("parts", "jan-last", Instant.parse("2035-01-31T23:59:59.999999Z")),
                        listing("parts", "feb-first", Instant.parse("2035-02-01T00:00:00Z")),
                        listing("parts", "feb-later", Instant.parse("2035-02-20T08:00:00Z"))),
                Optional.empty());

        assertThat(placement("parts"))
                .containsEntry("jan-last", "price_points_y2035m01")
                .containsEntry("feb-first", "price_points_default")
                .containsEntry("feb-later", "price_points_default");

        assertThat(partitions.ensureAhead(at("2035-01-31T10:00:00Z"), 1))
                .containsExactly("price_points_y2035m02", "card_prices_y2035m02");

        assertThat(placement("parts"))
                .containsEntry("jan-last", "price_points_y2035m01")
                .containsEntry("feb-first", "price_points_y2035m02")
                .containsEntry("feb-later", "price_points_y2035m02");
        assertThat(store.pricePoints("parts", "feb-later")).hasSize(1);
        // the moved partition has the parent's indexes
        try (var c = db.connect();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM pg_indexes WHERE tablename = 'price_points_y2035m02'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void raw_card_prices_age_out_by_whole_months() {
        partitions.ensureAhead(at("2040-03-10T00:00:00Z"), 2);
        assertThat(partitions.partitions("card_prices")).contains("card_prices_y2040m03", "card_prices_y2040m04");

        var dropped = partitions.dropBefore("card_prices", YearMonth.of(2040, 4));

        assertThat(dropped).contains("card_prices_y2040m03").doesNotContain("card_prices_y2040m04");
        assertThat(partitions.partitions("card_prices"))
                .doesNotContain("card_prices_y2040m03")
                .contains("card_prices_y2040m04", "card_prices_y2040m05");
        assertThat(partitions.partitions()).contains("price_points_y2040m03");
    }
}
