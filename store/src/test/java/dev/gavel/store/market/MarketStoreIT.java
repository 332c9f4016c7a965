package dev.gavel.store.market;

import static dev.gavel.store.market.Fixtures.T0;
import static dev.gavel.store.market.Fixtures.bid;
import static dev.gavel.store.market.Fixtures.buyNow;
import static dev.gavel.store.market.Fixtures.listing;
import static dev.gavel.store.market.Fixtures.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.market.listing.DeltaKind;
import dev.gavel.market.listing.Deltas;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.listing.ListingDelta;
import dev.gavel.market.listing.ListingState;
import dev.gavel.market.listing.PriceKind;
import dev.gavel.market.listing.PricePoint;
import dev.gavel.market.watch.Checkpoint;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.StoreException;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Ingesting pages of listings into a real PostgreSQL: deltas, versions, price points, idempotence. */
@WithPostgresAndRedis
class MarketStoreIT {
    private static final Logger LOG = LoggerFactory.getLogger(MarketStoreIT.class);

    private final TestDatabase db;
    private final Database database;
    private final MarketStore store;
    private final WatchStore watches;
    /** Every test has a source of its own: the class shares one database. */
    private final String source = "src-" + UUID.randomUUID().toString().substring(0, 8);

    MarketStoreIT(TestDatabase db) {
        this.db = db;
        this.database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        store = new MarketStore(database.jdbi(), clock);
        watches = new WatchStore(database.jdbi(), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private List<Listing> page(int n, Instant at) {
        var page = new ArrayList<Listing>();
        for (int i = 0; i < n; i++) {
            page.add(listing(source, "L" + i, at));
        }
        return page;
    }

    private long count(String table) throws SQLException {
        try (var c = db.connect();
                var ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE source = ?")) {
            ps.setString(1, source);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The row versions PostgreSQL holds: any write, even of equal values, changes a row's xmin. */
    private List<String> rowVersions() throws SQLException {
        try (var c = db.connect();
                var ps = c.prepareStatement("SELECT xmin::text FROM listings WHERE source = ? ORDER BY external_id")) {
            ps.setString(1, source);
            var xmins = new ArrayList<String>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    xmins.add(rs.getString(1));
                }
            }
            return xmins;
        }
    }

    /** Deltas are unpublished across sources; tests that read them start with none outstanding. */
    private void publishEverything() {
        for (var u = store.unpublished(10_000); !u.isEmpty(); u = store.unpublished(10_000)) {
            store.markPublished(u.stream().map(MarketStore.StoredDelta::id).toList());
        }
    }

    @Test
    void a_new_page_gives_new_deltas_price_points_and_version_one() {
        var page = page(3, T0);

        var result = store.ingest(source, page, Optional.empty());

        assertThat(result.received()).isEqualTo(3);
        assertThat(result.unchanged()).isZero();
        assertThat(result.deltas()).extracting(ListingDelta::kind).containsOnly(DeltaKind.NEW);
        assertThat(result.deltas()).extracting(ListingDelta::version).containsOnly(1);
        assertThat(result.deltas()).extracting(ListingDelta::listing).containsExactlyElementsOf(page);
        assertThat(result.deltas()).allSatisfy(d -> assertThat(d.previous()).isEmpty());
        assertThat(store.find(source, "L1")).contains(page.get(1));
        assertThat(store.pricePoints(source, "L1"))
                .containsExactly(new PricePoint(
                        source,
                        "L1",
                        "card-L1",
                        PriceKind.BUY_NOW,
                        1000,
                        page.get(1).currency(),
                        T0));
        assertThat(store.deltaCount(source)).isEqualTo(3);
    }

    @Test
    void a_bid_gives_a_new_bid_delta_with_version_two_and_a_current_bid_point() {
        Listing first = listing(source, "L1", T0);
        store.ingest(source, List.of(first), Optional.empty());
        Listing bid = bid(first, 600, T0.plusSeconds(5));

        var result = store.ingest(source, List.of(bid), Optional.empty());

        assertThat(result.deltas()).containsExactly(new ListingDelta(DeltaKind.NEW_BID, bid, Optional.of(first), 2));
        assertThat(store.pricePoints(source, "L1"))
                .extracting(PricePoint::kind, PricePoint::amount, PricePoint::observedAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(PriceKind.BUY_NOW, 1000L, T0),
                        org.assertj.core.groups.Tuple.tuple(PriceKind.CURRENT_BID, 600L, T0.plusSeconds(5)));
        assertThat(store.find(source, "L1")).contains(bid);
        assertThat(store.deltas(source, "L1"))
                .containsExactly(
                        new ListingDelta(DeltaKind.NEW, first, Optional.empty(), 1),
                        result.deltas().getFirst());
    }

    @Test
    void the_same_page_again_writes_nothing_and_yields_no_deltas() throws SQLException {
        var page = page(20, T0);
        store.ingest(source, page, Optional.empty());
        List<String> before = rowVersions();
        var later = page.stream().map(l -> l.withObservedAt(T0.plusSeconds(30))).toList();

        var again = store.ingest(source, page, Optional.empty());
        var seenLater = store.ingest(source, later, Optional.empty());

        assertThat(again.deltas()).isEmpty();
        assertThat(again.unchanged()).isEqualTo(20);
        assertThat(seenLater.deltas()).isEmpty();
        assertThat(rowVersions()).isEqualTo(before);
        assertThat(count("listing_deltas")).isEqualTo(20);
        assertThat(count("price_points")).isEqualTo(20);
    }

    @Test
    void a_sold_listing_is_not_reopened_by_a_late_active_page() {
        Listing active = listing(source, "L1", T0);
        Listing bid = bid(active, 700, T0.plusSeconds(10));
        Listing sold = bid.withState(ListingState.SOLD).withObservedAt(T0.plusSeconds(20));
        store.ingest(source, List.of(active), Optional.empty());
        store.ingest(source, List.of(bid), Optional.empty());

        var soldResult = store.ingest(source, List.of(sold), Optional.empty());
        var late = store.ingest(source, List.of(bid(bid, 800, T0.plusSeconds(30))), Optional.empty());

        assertThat(soldResult.deltas())
                .extracting(ListingDelta::kind, ListingDelta::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DeltaKind.SOLD, 3));
        assertThat(late.deltas()).isEmpty();
        assertThat(store.find(source, "L1")).contains(sold);
        assertThat(store.pricePoints(source, "L1")).last().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(PriceKind.SOLD);
            assertThat(p.amount()).isEqualTo(700);
        });
    }

    @Test
    void an_observation_older_than_the_stored_one_is_ignored() {
        Listing first = listing(source, "L1", T0);
        Listing newer = bid(first, 600, T0.plusSeconds(10));
        store.ingest(source, List.of(first), Optional.empty());
        store.ingest(source, List.of(newer), Optional.empty());

        // a slow response from before the bid arrives last, and a bid it claims to have seen at that time
        var stale = store.ingest(source, List.of(bid(first, 550, T0.plusSeconds(5))), Optional.empty());

        assertThat(stale.deltas()).isEmpty();
        assertThat(stale.unchanged()).isEqualTo(1);
        assertThat(store.find(source, "L1")).contains(newer);
    }

    @Test
    void a_repeated_id_in_one_page_counts_once_and_the_last_observation_wins() {
        Listing first = listing(source, "L1", T0);
        Listing last = buyNow(first, 900, T0.plusSeconds(1));

        var result = store.ingest(source, List.of(first, listing(source, "L2", T0), last), Optional.empty());

        assertThat(result.received()).isEqualTo(3);
        assertThat(result.unchanged()).isEqualTo(1);
        assertThat(result.deltas()).extracting(ListingDelta::listing).containsExactly(last, listing(source, "L2", T0));
        assertThat(store.find(source, "L1")).contains(last);
    }

    @Test
    void a_listing_of_another_source_is_refused_before_anything_is_written() {
        assertThatThrownBy(() -> store.ingest(source, List.of(listing("elsewhere", "L1", T0)), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("elsewhere");
    }

    @Test
    void the_checkpoint_is_stored_with_the_page() {
        var watch = watches.create(source, Map.of("team", "Cowboys"), Duration.ofSeconds(5));
        var checkpoint = new Checkpoint(watch.id(), 4, 2, T0.plusSeconds(1));

        store.ingest(source, page(2, T0), Optional.of(checkpoint));
        assertThat(watches.checkpoint(watch.id())).contains(checkpoint);

        // an empty page still moves the watch on
        var next = new Checkpoint(watch.id(), 5, 0, T0.plusSeconds(2));
        store.ingest(source, List.of(), Optional.of(next));
        assertThat(watches.checkpoint(watch.id())).contains(next);
    }

    @Test
    void a_failing_ingest_leaves_no_listing_no_delta_no_price_point_and_no_checkpoint() throws SQLException {
        var watch = watches.create(source, Map.of(), Duration.ofSeconds(5));
        store.ingest(source, page(2, T0), Optional.of(new Checkpoint(watch.id(), 1, 1, T0)));
        List<String> before = rowVersions();
        var changed = page(4, T0.plusSeconds(5)).stream()
                .map(l -> buyNow(l, 2000, l.observedAt()))
                .toList();

        // the checkpoint is the last write of the transaction; a watch that does not exist makes it fail
        // after the listings, deltas and price points have all been COPYed and upserted
        assertThatThrownBy(() -> store.ingest(
                        source, changed, Optional.of(new Checkpoint(watch.id() + 1000, 1, 2, T0.plusSeconds(5)))))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(source)
                .hasMessageContaining("market_checkpoints");

        assertThat(rowVersions()).isEqualTo(before);
        assertThat(count("listings")).isEqualTo(2);
        assertThat(count("listing_deltas")).isEqualTo(2);
        assertThat(count("price_points")).isEqualTo(2);
        assertThat(watches.checkpoint(watch.id())).contains(new Checkpoint(watch.id(), 1, 1, T0));
        assertThat(watches.checkpoint(watch.id() + 1000)).isEmpty();

        // and the connection it failed on is fine for the next page
        var retried = store.ingest(source, changed, Optional.of(new Checkpoint(watch.id(), 1, 2, T0.plusSeconds(5))));
        assertThat(retried.deltas())
                .extracting(ListingDelta::kind)
                .containsExactly(DeltaKind.PRICE_CHANGE, DeltaKind.PRICE_CHANGE, DeltaKind.NEW, DeltaKind.NEW);
    }

    @Test
    void names_with_tabs_newlines_backslashes_quotes_and_unicode_survive_the_copy() {
        var names = List.of(
                "tab\there",
                "new\nline and\r\nwindows",
                "back\\slash \\N \\t \\\\",
                "\\N",
                "",
                "quotes \" ' `, commas; and |pipes|",
                "Ünïcödé — 日本語 — 🏈🔥",
                "nul\0inside",
                "json-ish {\"a\": [1, \"\\u0000\"]}");
        publishEverything();
        var page = new ArrayList<Listing>();
        for (int i = 0; i < names.size(); i++) {
            page.add(named(listing(source, "id\t" + i + "\\", T0), names.get(i)));
        }

        var result = store.ingest(source, page, Optional.empty());

        assertThat(result.deltas()).hasSize(names.size());
        for (int i = 0; i < names.size(); i++) {
            String expected = names.get(i).replace('\0', '\uFFFD');
            assertThat(store.find(source, "id\t" + i + "\\"))
                    .get()
                    .extracting(Listing::itemName)
                    .isEqualTo(expected);
        }
        assertThat(store.unpublished(10_000))
                .extracting(d -> d.delta().listing())
                .filteredOn(l -> l.source().equals(source))
                .containsExactlyInAnyOrderElementsOf(
                        result.deltas().stream().map(ListingDelta::listing).toList());
        // stored exactly as decided: the same page again is no change
        assertThat(store.ingest(source, page, Optional.empty()).deltas()).isEmpty();
    }

    @Test
    void instants_are_kept_to_the_microsecond_and_a_nanosecond_observation_is_no_change() {
        Listing l = listing(source, "L1", T0.plusNanos(123_456_789));
        var result = store.ingest(source, List.of(l), Optional.empty());

        assertThat(result.deltas().getFirst().listing().observedAt()).isEqualTo(T0.plusNanos(123_456_000));
        assertThat(store.find(source, "L1")).contains(result.deltas().getFirst().listing());
        assertThat(store.ingest(source, List.of(l), Optional.empty()).deltas()).isEmpty();
    }

    @Test
    void unpublished_deltas_come_oldest_first_until_marked_published() {
        publishEverything();
        store.ingest(source, page(3, T0), Optional.empty());
        var mine = store.unpublished(10_000).stream()
                .filter(d -> d.delta().listing().source().equals(source))
                .toList();
        assertThat(mine).hasSize(3);
        assertThat(mine).extracting(MarketStore.StoredDelta::id).isSorted();

        store.markPublished(List.of(mine.get(0).id(), mine.get(1).id()));

        assertThat(store.unpublished(10_000))
                .extracting(MarketStore.StoredDelta::id)
                .contains(mine.get(2).id())
                .doesNotContain(mine.get(0).id(), mine.get(1).id());
    }

    @Test
    void listings_filter_by_source_item_and_state_and_come_newest_first() {
        Listing a = listing(source, "A", T0);
        Listing b = listing(source, "B", T0.plusSeconds(10));
        Listing c = listing(source, "C", T0.plusSeconds(20)).withState(ListingState.EXPIRED);
        store.ingest(source, List.of(a, b, c), Optional.empty());

        assertThat(store.listings(Optional.of(source), Optional.empty(), Optional.empty(), 10))
                .containsExactly(c, b, a);
        assertThat(store.listings(Optional.of(source), Optional.empty(), Optional.of(ListingState.ACTIVE), 1))
                .containsExactly(b);
        assertThat(store.listings(Optional.of(source), Optional.of("card-A"), Optional.empty(), 10))
                .containsExactly(a);
    }

    @Test
    void rows_copied_raw_are_stored_listings_at_version_one() {
        var rows = page(5, T0);

        assertThat(store.copyRaw(rows)).isEqualTo(5);

        assertThat(store.find(source, "L3")).contains(rows.get(3));
        var bid = store.ingest(source, List.of(bid(rows.get(3), 600, T0.plusSeconds(1))), Optional.empty());
        assertThat(bid.deltas()).extracting(ListingDelta::version).containsExactly(2);
    }

    /**
     * A marketplace as a random walk: each page shows a random subset of 200 listings, some of which got a
     * bid, a new buy-now price or an end since they were last shown. Ingesting the whole stream twice must
     * leave exactly the changes of the first pass, numbered 1..n per listing without a gap.
     */
    @Test
    void a_random_stream_of_pages_replayed_yields_exactly_the_deltas_of_one_pass() throws SQLException {
        long seed = System.nanoTime();
        LOG.info("random page stream seed {}", seed);
        var random = new Random(seed);
        var current = new HashMap<String, Listing>();
        for (int i = 0; i < 200; i++) {
            current.put("L" + i, listing(source, "L" + i, T0));
        }
        var pages = new ArrayList<List<Listing>>();
        Instant at = T0;
        for (int p = 0; p < 50; p++) {
            at = at.plusSeconds(5);
            var page = new ArrayList<Listing>();
            for (int i = 0; i < 200; i++) {
                if (random.nextInt(4) != 0) {
                    continue;
                }
                String id = "L" + i;
                Listing l = current.get(id);
                if (!l.state().isFinal()) {
                    l = switch (random.nextInt(10)) {
                        case 0, 1, 2 -> bid(l, l.currentBid().orElse(500) + 1 + random.nextInt(50), at);
                        case 3 -> buyNow(l, 900 + random.nextInt(300), at);
                        case 4 ->
                            l.withState(random.nextBoolean() ? ListingState.SOLD : ListingState.EXPIRED)
                                    .withObservedAt(at);
                        default -> l.withObservedAt(at);
                    };
                }
                current.put(id, l);
                page.add(l.withObservedAt(at));
                if (random.nextInt(20) == 0) {
                    page.add(l.withObservedAt(at)); // the marketplace repeats a row across its page boundary
                }
            }
            pages.add(page);
        }

        var firstPass = new ArrayList<ListingDelta>();
        for (var page : pages) {
            firstPass.addAll(store.ingest(source, page, Optional.empty()).deltas());
        }
        var replay = new ArrayList<ListingDelta>();
        for (var page : pages) {
            replay.addAll(store.ingest(source, page, Optional.empty()).deltas());
        }

        assertThat(replay).as("seed %d", seed).isEmpty();
        assertThat(firstPass).as("seed %d", seed).isEqualTo(expectedDeltas(pages));
        assertThat(count("listing_deltas")).as("seed %d", seed).isEqualTo(firstPass.size());
        var versions = new HashMap<String, List<Integer>>();
        firstPass.forEach(d -> versions.computeIfAbsent(d.listing().externalId(), k -> new ArrayList<>())
                .add(d.version()));
        versions.forEach((id, v) -> {
            assertThat(v)
                    .as("versions of %s, seed %d", id, seed)
                    .isEqualTo(java.util.stream.IntStream.rangeClosed(1, v.size())
                            .boxed()
                            .toList());
            assertThat(store.deltas(source, id))
                    .as("stored deltas of %s, seed %d", id, seed)
                    .isEqualTo(firstPass.stream()
                            .filter(d -> d.listing().externalId().equals(id))
                            .toList());
        });
        long expectedPoints =
                firstPass.stream().mapToLong(d -> PricePoint.of(d).size()).sum();
        assertThat(count("price_points")).as("seed %d", seed).isEqualTo(expectedPoints);
    }

    /** The oracle: the same rules over an in-memory map, one listing at a time. */
    private static List<ListingDelta> expectedDeltas(List<List<Listing>> pages) {
        var stored = new HashMap<String, Listing>();
        var version = new HashMap<String, Integer>();
        var all = new ArrayList<ListingDelta>();
        for (var page : pages) {
            var last = new java.util.LinkedHashMap<String, Listing>();
            page.forEach(l -> last.put(l.externalId(), l));
            for (Listing l : last.values()) {
                Optional<Listing> previous = Optional.ofNullable(stored.get(l.externalId()));
                if (previous.isPresent()
                        && l.observedAt().isBefore(previous.get().observedAt())) {
                    continue;
                }
                var kind = Deltas.between(previous, l);
                if (kind.isPresent()) {
                    int v = version.merge(l.externalId(), 1, Integer::sum);
                    all.add(new ListingDelta(kind.get(), l, previous, v));
                    stored.put(l.externalId(), l);
                }
            }
        }
        return all;
    }

    @Test
    void fifty_thousand_listings_ingest_in_one_page() {
        var page = new ArrayList<Listing>(50_000);
        for (int i = 0; i < 50_000; i++) {
            Listing l = listing(source, "big-" + i, T0);
            page.add(i % 3 == 0 ? bid(l, 500 + i % 97, T0) : l);
        }
        var raw = page.stream().map(l -> l.withObservedAt(T0)).toList();

        long start = System.nanoTime();
        var result = store.ingest(source, page, Optional.empty());
        long ingestNanos = System.nanoTime() - start;
        var changed = page.stream().map(l -> buyNow(l, 1200, T0.plusSeconds(5))).toList();
        start = System.nanoTime();
        var update = store.ingest(source, changed, Optional.empty());
        long updateNanos = System.nanoTime() - start;
        start = System.nanoTime();
        var replay = store.ingest(source, changed, Optional.empty());
        long replayNanos = System.nanoTime() - start;
        String rawSource = source + "-raw";
        start = System.nanoTime();
        long copied = store.copyRaw(raw.stream()
                .map(l -> new Listing(
                        rawSource,
                        l.externalId(),
                        l.itemId(),
                        l.itemName(),
                        l.state(),
                        l.currency(),
                        l.currentBid(),
                        l.buyNow(),
                        l.startPrice(),
                        l.bidCount(),
                        l.endsAt(),
                        l.observedAt()))
                .toList());
        long rawNanos = System.nanoTime() - start;

        assertThat(result.deltas()).hasSize(50_000);
        assertThat(update.deltas()).hasSize(50_000).allMatch(d -> d.version() == 2);
        assertThat(replay.deltas()).isEmpty();
        assertThat(copied).isEqualTo(50_000);
        LOG.info(
                "50,000 listings: new {} rows/s, changed {} rows/s, replayed {} rows/s; raw COPY {} rows/s",
                perSecond(ingestNanos),
                perSecond(updateNanos),
                perSecond(replayNanos),
                perSecond(rawNanos));
    }

    private static long perSecond(long nanos) {
        return Math.round(50_000 / (nanos / 1e9));
    }
}
