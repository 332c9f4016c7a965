package dev.gavel.store.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.Game;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link CatalogStore#upsertAll} in batches on a real PostgreSQL: how fast, and that it stays right. */
@WithPostgresAndRedis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogUpsertIT {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogUpsertIT.class);

    private Database database;
    private CatalogStore catalog;

    @BeforeAll
    void open(TestDatabase db) {
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        catalog = new CatalogStore(database.jdbi(), Clock.systemUTC());
    }

    @AfterAll
    void close() {
        database.close();
    }

    /** Every test starts from an empty catalog whose ids start at 1 again. */
    @BeforeEach
    void empty() {
        database.jdbi()
                .useHandle(h ->
                        h.execute("TRUNCATE catalog_external_ids, catalog_items, card_sets RESTART IDENTITY CASCADE"));
    }

    /** {@code n} cards of 50 sets as one source lists them, that source's set codes and its product ids. */
    private static List<CatalogEntry> cards(String source, String codePrefix, int n) {
        var out = new ArrayList<CatalogEntry>(n);
        int perSet = n / 50;
        for (int i = 0; i < n; i++) {
            int set = i / perSet;
            int number = i % perSet + 1;
            out.add(new CatalogEntry(
                    Game.POKEMON,
                    source,
                    source + "-" + i,
                    Optional.of(codePrefix + set),
                    Optional.of("Expansion " + set),
                    Optional.of(LocalDate.of(2020, 1, 1).plusDays(30L * set)),
                    Optional.of(number + "/" + perSet),
                    "Card " + (i * 7919 % 1000) + " of set " + set,
                    Optional.of(number % 10 == 0 ? "Rare" : "Common"),
                    Optional.of("https://images.example/" + source + "/" + i + ".jpg")));
        }
        return out;
    }

    private long upsertInTransactionsOf(int size, List<CatalogEntry> entries, List<Long> ids) {
        long start = System.nanoTime();
        for (int i = 0; i < entries.size(); i += size) {
            ids.addAll(catalog.upsertAll(entries.subList(i, Math.min(entries.size(), i + size))));
        }
        return System.nanoTime() - start;
    }

    private static void report(String what, int n, long nanos) {
        LOG.info(
                "{}: {} catalog entries in {} ms ({} entries/s, transactions of 1,000)",
                what,
                n,
                nanos / 1_000_000,
                Math.round(n / (nanos / 1e9)));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void ten_thousand_entries_load_resync_and_join_from_a_second_source_in_transactions_of_a_thousand() {
        var tcgplayer = cards("tcgplayer", "TP", 10_000);
        var pokemontcg = cards("pokemontcg", "pk", 10_000);

        var first = new ArrayList<Long>();
        report("first load into an empty catalog", 10_000, upsertInTransactionsOf(1_000, tcgplayer, first));
        assertThat(catalog.count()).isEqualTo(10_000);
        assertThat(first).doesNotHaveDuplicates();

        var again = new ArrayList<Long>();
        report("the same entries again", 10_000, upsertInTransactionsOf(1_000, tcgplayer, again));
        assertThat(again).isEqualTo(first);

        var joined = new ArrayList<Long>();
        report(
                "a second source joining by set name and number",
                10_000,
                upsertInTransactionsOf(1_000, pokemontcg, joined));
        assertThat(joined).isEqualTo(first);
        assertThat(catalog.count()).isEqualTo(10_000);
        assertThat(catalog.idFor("pokemontcg", "pokemontcg-4321")).contains(first.get(4321));
    }

    // ------------------------------------------------------------------ seeded randomized worlds

    private static final List<String> SOURCES = List.of("tcgplayer", "pokemontcg", "optcg");

    /**
     * A random card world as three sources list it, shuffled, with a fifth of its products listed again later
     * (now and then renamed, re-rated or without their picture): sets every source names alike but in its own
     * capitalisation and under its own code (now and then none), cards some sources lack, twins (one source's
     * two products of one number), cards without a number, items without a set.
     */
    static List<CatalogEntry> world(long seed) {
        var r = new SplittableRandom(seed);
        var products = new ArrayList<CatalogEntry>();
        int serial = 0;
        for (Game game : List.of(Game.POKEMON, Game.ONEPIECE)) {
            int sets = 2 + r.nextInt(5);
            for (int s = 0; s < sets; s++) {
                String name = "Expansion " + (char) ('A' + s);
                int size = 3 + r.nextInt(18);
                for (String source : SOURCES) {
                    if (r.nextInt(5) == 0) {
                        continue;
                    }
                    Optional<String> code = r.nextInt(6) == 0
                            ? Optional.empty()
                            : Optional.of(source.substring(0, 2) + "-" + game.id() + "-" + s);
                    String spelled = r.nextBoolean() ? name : name.toUpperCase(Locale.ROOT);
                    Optional<LocalDate> released = r.nextInt(3) == 0
                            ? Optional.empty()
                            : Optional.of(LocalDate.of(2024, 1, 1).plusDays(40L * s));
                    for (int n = 1; n <= size; n++) {
                        if (r.nextInt(5) == 0) {
                            continue;
                        }
                        int copies = r.nextInt(6) == 0 ? 2 : 1;
                        for (int c = 0; c < copies; c++) {
                            products.add(new CatalogEntry(
                                    game,
                                    source,
                                    source + "-" + serial++,
                                    code,
                                    Optional.of(spelled),
                                    released,
                                    r.nextInt(15) == 0 ? Optional.empty() : Optional.of(n + "/" + size),
                                    "Card " + n + " of " + name + (c == 1 ? " (alternate art)" : ""),
                                    Optional.of(n % 4 == 0 ? "Rare" : "Common"),
                                    r.nextInt(4) == 0
                                            ? Optional.empty()
                                            : Optional.of("https://images.example/" + source + "/" + serial)));
                        }
                    }
                }
            }
            for (int i = r.nextInt(6); i > 0; i--) {
                products.add(CatalogEntry.of(
                        game, SOURCES.get(r.nextInt(SOURCES.size())), "loose-" + serial++, "Loose item " + serial));
            }
        }
        shuffle(products, r);
        var out = new ArrayList<>(products);
        for (int i = products.size() / 5; i > 0; i--) {
            var p = products.get(r.nextInt(products.size()));
            out.add(
                    r.nextInt(out.size() + 1),
                    new CatalogEntry(
                            p.game(),
                            p.source(),
                            p.externalId(),
                            p.setCode(),
                            p.setName(),
                            p.setReleased(),
                            p.number(),
                            r.nextInt(3) == 0 ? p.name() + " (reprint)" : p.name(),
                            r.nextInt(3) == 0 ? Optional.of("Promo") : p.rarity(),
                            r.nextInt(3) == 0 ? Optional.empty() : p.imageUrl()));
        }
        return out;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom r) {
        for (int i = list.size() - 1; i > 0; i--) {
            java.util.Collections.swap(list, i, r.nextInt(i + 1));
        }
    }

    /** Every row of the catalog's tables but creation times, in id order. */
    private List<String> dump() {
        return database.jdbi().withHandle(h -> {
            var rows = new ArrayList<String>();
            rows.addAll(h.createQuery("SELECT concat_ws('|', 'set', id, game, code, name, released_on) FROM card_sets"
                            + " ORDER BY id")
                    .mapTo(String.class)
                    .list());
            rows.addAll(h.createQuery("SELECT concat_ws('|', 'item', id, game, coalesce(set_id::text, '-'),"
                            + " coalesce(number, '-'), name, folded, coalesce(rarity, '-'), coalesce(image_url, '-'))"
                            + " FROM catalog_items ORDER BY id")
                    .mapTo(String.class)
                    .list());
            rows.addAll(h.createQuery("SELECT concat_ws('|', 'id', source, external_id, item_id)"
                            + " FROM catalog_external_ids ORDER BY source, external_id")
                    .mapTo(String.class)
                    .list());
            return rows;
        });
    }

    /** Each catalog row's transaction id: a row written again, even to the same values, gets a new one. */
    private List<String> versions() {
        return database.jdbi()
                .withHandle(h -> h.createQuery("""
                                SELECT 's' || id || ':' || xmin FROM card_sets
                                UNION ALL SELECT 'i' || id || ':' || xmin FROM catalog_items
                                UNION ALL SELECT 'x' || source || external_id || ':' || xmin FROM catalog_external_ids
                                ORDER BY 1""").mapTo(String.class).list());
    }

    private List<Long> inChunks(List<CatalogEntry> entries, SplittableRandom r, int most) {
        var ids = new ArrayList<Long>();
        for (int i = 0; i < entries.size(); ) {
            int n = Math.min(entries.size() - i, 1 + r.nextInt(most));
            ids.addAll(catalog.upsertAll(entries.subList(i, i + n)));
            i += n;
        }
        return ids;
    }

    /** The items a world makes: per card (game, set name, number) as many as the source with most products of it. */
    private static long expectedItems(List<CatalogEntry> entries) {
        var products = new java.util.LinkedHashMap<String, CatalogEntry>();
        entries.forEach(e -> products.putIfAbsent(e.source() + "\u0000" + e.externalId(), e));
        var perCard = new HashMap<String, Map<String, Integer>>();
        long loose = 0;
        for (var e : products.values()) {
            if (e.setName().isEmpty() || e.number().isEmpty()) {
                loose++;
                continue;
            }
            String card = e.game().id() + "|" + e.setName().get().toLowerCase(Locale.ROOT) + "|"
                    + e.number().get();
            perCard.computeIfAbsent(card, k -> new HashMap<>()).merge(e.source(), 1, Integer::sum);
        }
        return loose
                + perCard.values().stream()
                        .mapToLong(bySource -> java.util.Collections.max(bySource.values()))
                        .sum();
    }

    /** The item each entry's source id leads to now, in one query. */
    private List<Long> idsFor(List<CatalogEntry> entries) {
        return database.jdbi().withHandle(h -> h.createQuery("""
                                SELECT x.item_id
                                FROM unnest(:sources, :externalIds) WITH ORDINALITY AS e (source, external_id, n)
                                LEFT JOIN catalog_external_ids x
                                    ON x.source = e.source AND x.external_id = e.external_id
                                ORDER BY e.n""")
                .bindArray(
                        "sources",
                        String.class,
                        entries.stream().map(CatalogEntry::source).toList())
                .bindArray(
                        "externalIds",
                        String.class,
                        entries.stream().map(CatalogEntry::externalId).toList())
                .map((rs, ctx) -> rs.getObject(1, Long.class))
                .list());
    }

    /** What holds of a catalog made of {@code entries}, whichever order or batches they came in. */
    private void assertInvariants(List<CatalogEntry> entries, List<Long> ids, String why) {
        assertThat(ids).as(why).hasSize(entries.size());
        assertThat(idsFor(entries))
                .as("%s: each entry's id is its source id's item", why)
                .isEqualTo(ids);
        assertThat(catalog.count()).as("%s: items", why).isEqualTo(expectedItems(entries));
        database.jdbi().useHandle(h -> {
            assertThat(h.createQuery("""
                                    SELECT count(*) FROM catalog_items i
                                    WHERE NOT EXISTS (SELECT 1 FROM catalog_external_ids x WHERE x.item_id = i.id)""").mapTo(Long.class).one())
                    .as("%s: items no source id leads to", why)
                    .isZero();
            assertThat(h.createQuery("""
                                    SELECT count(*) FROM (SELECT 1 FROM catalog_external_ids
                                                          GROUP BY item_id, source HAVING count(*) > 1) twins""").mapTo(Long.class).one())
                    .as("%s: items with two ids of one source", why)
                    .isZero();
            assertThat(h.createQuery(
                                    "SELECT count(*) FROM (SELECT 1 FROM card_sets GROUP BY game, lower(name) HAVING count(*) > 1) s")
                            .mapTo(Long.class)
                            .one())
                    .as("%s: sets of one name", why)
                    .isZero();
        });
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void a_batch_leaves_the_catalog_as_its_entries_one_at_a_time_would_and_the_same_batch_again_changes_nothing() {
        for (long seed = 1; seed <= 12; seed++) {
            String why = "seed " + seed;
            var entries = world(seed);

            empty();
            var ids = catalog.upsertAll(entries);
            var catalogOfOneBatch = dump();
            assertInvariants(entries, ids, why + ", one batch");

            var versions = versions();
            assertThat(catalog.upsertAll(entries)).as(why).isEqualTo(ids);
            assertThat(dump()).as(why + ", again").isEqualTo(catalogOfOneBatch);
            assertThat(versions()).as(why + ": rows written again").isEqualTo(versions);

            empty();
            var oneByOne = new ArrayList<Long>();
            entries.forEach(e -> oneByOne.addAll(catalog.upsertAll(List.of(e))));
            assertThat(oneByOne).as(why + ", one at a time").isEqualTo(ids);
            assertThat(dump()).as(why + ", one at a time").isEqualTo(catalogOfOneBatch);

            empty();
            assertThat(inChunks(entries, new SplittableRandom(seed), 40))
                    .as(why + ", in chunks")
                    .isEqualTo(ids);
            assertThat(dump()).as(why + ", in chunks").isEqualTo(catalogOfOneBatch);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void nodes_syncing_the_same_cards_at_once_make_one_item_of_each_card() throws Exception {
        var entries = new ArrayList<CatalogEntry>();
        for (long seed = 100; seed < 104; seed++) {
            long tag = seed;
            entries.addAll(world(seed).stream()
                    .map(e -> new CatalogEntry(
                            e.game(),
                            e.source(),
                            tag + "-" + e.externalId(),
                            e.setCode().map(c -> tag + c),
                            e.setName().map(n -> n + " " + tag),
                            e.setReleased(),
                            e.number(),
                            e.name(),
                            e.rarity(),
                            e.imageUrl()))
                    .toList());
        }
        int nodes = 4;
        var start = new java.util.concurrent.CyclicBarrier(nodes);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(nodes);
        try {
            var runs = new ArrayList<java.util.concurrent.Future<List<Long>>>();
            var orders = new ArrayList<List<CatalogEntry>>();
            for (int node = 0; node < nodes; node++) {
                var mine = new ArrayList<>(entries);
                shuffle(mine, new SplittableRandom(node));
                orders.add(mine);
                runs.add(pool.submit(() -> {
                    start.await(1, TimeUnit.MINUTES);
                    return inChunks(mine, new SplittableRandom(mine.size()), 60);
                }));
            }
            for (int node = 0; node < nodes; node++) {
                assertThat(runs.get(node).get(90, TimeUnit.SECONDS))
                        .as("what node %d was answered is what the catalog says", node)
                        .isEqualTo(idsFor(orders.get(node)));
            }
        } finally {
            pool.shutdownNow();
        }
        assertInvariants(entries, idsFor(entries), "four nodes at once");
    }
}
