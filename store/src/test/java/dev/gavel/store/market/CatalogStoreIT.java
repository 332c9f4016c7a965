package dev.gavel.store.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.CatalogItem;
import dev.gavel.market.catalog.CatalogQuery;
import dev.gavel.market.catalog.Game;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/** The catalog on a real PostgreSQL with 10,000 generated cards around a few real-looking ones. */
@WithPostgresAndRedis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogStoreIT {
    private static final List<String> NAMES = List.of(
            "Pikachu",
            "Bulbasaur",
            "Squirtle",
            "Eevee",
            "Gengar",
            "Mewtwo",
            "Lugia",
            "Rayquaza",
            "Umbreon",
            "Sylveon",
            "Greninja",
            "Lucario",
            "Gardevoir",
            "Dragonite",
            "Snorlax",
            "Gyarados");

    private Database database;
    private CatalogStore catalog;

    @BeforeAll
    void seed(TestDatabase db) {
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        catalog = new CatalogStore(database.jdbi(), Clock.systemUTC());
        var random = new SplittableRandom(8);
        var items = new ArrayList<CatalogEntry>();
        for (int i = 0; i < 10_000; i++) {
            String name = NAMES.get(random.nextInt(NAMES.size())) + (random.nextInt(4) == 0 ? " ex" : "");
            items.add(item(Game.POKEMON, "sv" + (1 + i % 9), name, (1 + i % 250) + "/250", "tcg-" + i));
        }
        items.add(item(Game.POKEMON, "sv3pt5", "Charizard ex", "199/165", "charizard-199"));
        items.add(item(Game.POKEMON, "sv3", "Charizard ex", "125/197", "charizard-125"));
        items.add(item(Game.POKEMON, "swsh9", "Charmander", "TG01", "charmander"));
        items.add(item(Game.ONEPIECE, "OP01", "Monkey.D.Luffy", "OP01-024", "luffy"));
        items.add(item(Game.POKEMON, "xy", "Flabébé", "103", "flabebe"));
        long start = System.nanoTime();
        assertThat(catalog.upsertAll(items)).hasSize(10_005);
        LoggerFactory.getLogger(CatalogStoreIT.class)
                .info("10,005 catalog items stored in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    void close() {
        database.close();
    }

    private static CatalogEntry item(Game game, String set, String name, String number, String id) {
        return new CatalogEntry(
                game,
                "tcgplayer",
                id,
                Optional.of(set),
                Optional.of(set.toUpperCase()),
                Optional.empty(),
                Optional.of(number),
                name,
                Optional.empty(),
                Optional.empty());
    }

    private List<CatalogItem> search(String typed, Optional<Game> game, Optional<String> set) {
        return catalog.search(CatalogQuery.of(typed).orElseThrow(), game, set, 10, 0).items().stream()
                .map(CatalogStore.Hit::item)
                .toList();
    }

    @Test
    void a_name_and_number_find_that_exact_card_first() {
        var hits = search("charizard ex 199", Optional.empty(), Optional.empty());
        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).externalIds()).containsEntry("tcgplayer", "charizard-199");
        assertThat(hits.get(0).number()).contains("199/165");
    }

    @Test
    void a_prefix_finds_every_name_starting_with_it() {
        assertThat(search("chari", Optional.empty(), Optional.empty()))
                .extracting(CatalogItem::name)
                .contains("Charizard ex");
        assertThat(search("charm", Optional.empty(), Optional.empty()))
                .extracting(CatalogItem::name)
                .containsExactly("Charmander");
    }

    @Test
    void a_typo_still_finds_the_card() {
        assertThat(search("charzard", Optional.empty(), Optional.empty()))
                .extracting(CatalogItem::name)
                .contains("Charizard ex");
        assertThat(search("flabebe", Optional.empty(), Optional.empty()))
                .extracting(CatalogItem::name)
                .contains("Flabébé");
    }

    @Test
    void game_and_set_narrow_the_search_and_punctuation_does_not_matter() {
        assertThat(search("luffy", Optional.of(Game.ONEPIECE), Optional.empty()))
                .extracting(CatalogItem::name)
                .containsExactly("Monkey.D.Luffy");
        assertThat(search("luffy", Optional.of(Game.POKEMON), Optional.empty())).isEmpty();
        assertThat(search("OP01-024", Optional.empty(), Optional.empty()))
                .extracting(CatalogItem::name)
                .contains("Monkey.D.Luffy");
        assertThat(search("charizard", Optional.empty(), Optional.of("sv3")))
                .extracting(c -> c.number().orElseThrow())
                .containsExactly("125/197");
    }

    @Test
    void pages_count_every_match_and_a_search_of_ten_thousand_cards_is_quick() {
        var query = CatalogQuery.of("pikachu").orElseThrow();
        var first = catalog.search(query, Optional.empty(), Optional.empty(), 20, 0);
        var second = catalog.search(query, Optional.empty(), Optional.empty(), 20, 20);
        assertThat(first.total()).isGreaterThan(400).isEqualTo(second.total());
        assertThat(first.items()).hasSize(20).doesNotContainAnyElementsOf(second.items());
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            catalog.search(
                    CatalogQuery.of("charizard ex 199").orElseThrow(), Optional.empty(), Optional.empty(), 20, 0);
        }
        LoggerFactory.getLogger(CatalogStoreIT.class)
                .info("catalog search over 10,005 items: {} ms each", (System.nanoTime() - start) / 50 / 1e6);
    }

    @Test
    void a_source_item_seen_again_is_updated_not_duplicated() {
        long before = catalog.count();
        var ids = catalog.upsertAll(List.of(item(Game.POKEMON, "swsh9", "Charmander (TG)", "TG01", "charmander")));
        assertThat(catalog.count()).isEqualTo(before);
        assertThat(catalog.find(ids.get(0)).orElseThrow().name()).isEqualTo("Charmander (TG)");
        assertThat(catalog.idFor("tcgplayer", "charmander")).contains(ids.get(0));
        catalog.upsertAll(List.of(item(Game.POKEMON, "swsh9", "Charmander", "TG01", "charmander")));
    }
}
