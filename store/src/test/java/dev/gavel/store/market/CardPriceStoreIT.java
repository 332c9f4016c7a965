package dev.gavel.store.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.PriceKind;
import dev.gavel.market.price.PriceBar;
import dev.gavel.market.price.PriceQuote;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.market.CardPriceStore.Resolution;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Card prices on a real PostgreSQL: raw quotes, the bars kept beside them, latest prices, movers. */
@WithPostgresAndRedis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardPriceStoreIT {
    private static final Instant T0 = Instant.parse("2026-11-20T10:15:00Z");

    private Database database;
    private CatalogStore catalog;
    private CardPriceStore prices;
    private long charizard;
    private long pikachu;

    @BeforeAll
    void open(TestDatabase db) {
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        catalog = new CatalogStore(database.jdbi(), Clock.systemUTC());
        prices = new CardPriceStore(database.jdbi());
        var ids = catalog.upsertAll(List.of(
                card("tcgplayer", "p-199", "TWM", "Charizard ex", "199/165"),
                card("tcgplayer", "p-25", "TWM", "Pikachu", "25/165")));
        charizard = ids.get(0);
        pikachu = ids.get(1);
    }

    @AfterAll
    void close() {
        database.close();
    }

    private static CatalogEntry card(String source, String id, String setCode, String name, String number) {
        return new CatalogEntry(
                Game.POKEMON,
                source,
                id,
                Optional.of(setCode),
                Optional.of("Twilight Masquerade"),
                Optional.of(LocalDate.of(2024, 5, 24)),
                Optional.of(number),
                name,
                Optional.of("Special Illustration Rare"),
                Optional.empty());
    }

    private static PriceQuote quote(String id, String printing, PriceKind kind, long cents, Instant at) {
        return new PriceQuote("tcgplayer", id, printing, "", kind, cents, Currency.USD, at);
    }

    @Test
    void another_source_of_the_same_card_joins_it_by_set_name_and_number() {
        var ids = catalog.upsertAll(List.of(card("pokemontcg", "sv6-199", "sv6", "Charizard ex", "199/165")));
        assertThat(ids).containsExactly(charizard);
        assertThat(catalog.find(charizard).orElseThrow().externalIds())
                .containsEntry("tcgplayer", "p-199")
                .containsEntry("pokemontcg", "sv6-199");
        // the same source's other product of the same number stays its own card
        var twin = catalog.upsertAll(List.of(card("tcgplayer", "p-199-promo", "TWM", "Charizard ex", "199/165")));
        assertThat(twin.get(0)).isNotEqualTo(charizard);
    }

    @Test
    void quotes_make_bars_and_latest_prices_and_a_repeat_is_one_observation() {
        var batch = new ArrayList<PriceQuote>();
        // four hours of quotes every 20 minutes, two printings
        for (int i = 0; i < 12; i++) {
            Instant at = T0.plus(Duration.ofMinutes(20L * i));
            batch.add(quote("p-25", "Normal", PriceKind.MARKET, 100 + i, at));
            batch.add(quote("p-25", "Reverse Holofoil", PriceKind.MARKET, 300 - i, at));
        }
        batch.add(quote("no-such-card", "Normal", PriceKind.MARKET, 5, T0));
        var recorded = prices.record("tcgplayer", batch);
        assertThat(recorded.stored()).isEqualTo(24);
        assertThat(recorded.unknown()).isEqualTo(1);
        assertThat(recorded.itemIds()).containsExactly(pikachu);

        // the same batch again stores nothing and changes no bar
        assertThat(prices.record("tcgplayer", batch).stored()).isZero();

        var hours = prices.history(
                pikachu,
                T0.minus(Duration.ofHours(1)),
                T0.plus(Duration.ofHours(5)),
                Resolution.HOUR,
                Optional.empty(),
                Optional.empty());
        assertThat(hours).hasSize(2);
        var normal = hours.get(0);
        assertThat(normal.series().printing()).isEqualTo("Normal");
        // 10:15, 10:35, 10:55 | 11:15 … | 12:15 … | 13:15, 13:35, 13:55
        assertThat(normal.bars()).extracting(PriceBar::count).containsExactly(3, 3, 3, 3);
        PriceBar first = normal.bars().get(0);
        assertThat(first.start()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(first.open()).isEqualTo(100);
        assertThat(first.close()).isEqualTo(102);
        assertThat(first.sum()).isEqualTo(303);
        var day = prices.history(
                        pikachu,
                        T0.minus(Duration.ofDays(1)),
                        T0.plus(Duration.ofDays(1)),
                        Resolution.DAY,
                        Optional.empty(),
                        Optional.of(PriceKind.MARKET))
                .get(1)
                .bars();
        assertThat(day).singleElement().satisfies(b -> {
            assertThat(b.start()).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
            assertThat(b.open()).isEqualTo(300);
            assertThat(b.close()).isEqualTo(289);
            assertThat(b.low()).isEqualTo(289);
            assertThat(b.high()).isEqualTo(300);
            assertThat(b.count()).isEqualTo(12);
        });
        var raw = prices.history(
                pikachu, T0, T0.plus(Duration.ofHours(1)), Resolution.RAW, Optional.of("tcgplayer"), Optional.empty());
        assertThat(raw.get(0).bars()).extracting(PriceBar::close).containsExactly(100L, 101L, 102L);
        assertThat(prices.latest(pikachu))
                .extracting(CardPriceStore.Latest::amount)
                .containsExactly(111L, 289L);
    }

    @Test
    void a_late_quote_lands_in_its_bar_without_moving_the_close() {
        Instant at = Instant.parse("2026-10-05T08:10:00Z");
        prices.record("tcgplayer", List.of(quote("p-199", "Holofoil", PriceKind.LOW, 500, at.plusSeconds(1800))));
        prices.record("tcgplayer", List.of(quote("p-199", "Holofoil", PriceKind.LOW, 450, at)));
        var bar = prices.history(
                        charizard,
                        at.minus(Duration.ofHours(1)),
                        at.plus(Duration.ofHours(1)),
                        Resolution.HOUR,
                        Optional.empty(),
                        Optional.of(PriceKind.LOW))
                .get(0)
                .bars()
                .get(0);
        assertThat(bar.open()).isEqualTo(450);
        assertThat(bar.close()).isEqualTo(500);
        assertThat(bar.count()).isEqualTo(2);
    }

    @Test
    void bars_agree_with_a_naive_rollup_of_random_quotes() {
        var random = new SplittableRandom(42);
        Instant start = Instant.parse("2026-09-01T00:00:00Z");
        var quotes = new ArrayList<PriceQuote>();
        for (int i = 0; i < 2_000; i++) {
            Instant at = start.plusSeconds(random.nextLong(3 * 86_400L));
            quotes.add(quote("p-199", "Random", PriceKind.HIGH, 1 + random.nextInt(10_000), at));
        }
        // in shuffled batches of 100, as several runs would bring them
        for (int i = 0; i < quotes.size(); i += 100) {
            prices.record("tcgplayer", quotes.subList(i, i + 100));
        }
        var distinct =
                quotes.stream().collect(java.util.stream.Collectors.toMap(PriceQuote::observedAt, q -> q, (a, b) -> a));
        var bars = prices.history(
                        charizard,
                        start,
                        start.plus(Duration.ofDays(3)),
                        Resolution.HOUR,
                        Optional.empty(),
                        Optional.of(PriceKind.HIGH))
                .get(0)
                .bars();
        assertThat(bars.stream().mapToInt(PriceBar::count).sum()).isEqualTo(distinct.size());
        for (PriceBar bar : bars) {
            var in = distinct.values().stream()
                    .filter(q -> !q.observedAt().isBefore(bar.start())
                            && q.observedAt().isBefore(bar.end()))
                    .sorted(java.util.Comparator.comparing(PriceQuote::observedAt))
                    .toList();
            assertThat(bar.count()).isEqualTo(in.size());
            assertThat(bar.open()).isEqualTo(in.get(0).amount());
            assertThat(bar.close()).isEqualTo(in.get(in.size() - 1).amount());
            assertThat(bar.sum())
                    .isEqualTo(in.stream().mapToLong(PriceQuote::amount).sum());
        }
    }

    @Test
    void movers_compare_the_latest_price_with_the_one_a_window_ago() {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        var batch = new ArrayList<PriceQuote>();
        for (int d = 10; d >= 0; d--) {
            batch.add(quote("p-199", "Holofoil", PriceKind.MARKET, 10_000 - d * 500L, now.minus(Duration.ofDays(d))));
        }
        prices.record("tcgplayer", batch);
        var movers =
                prices.movers(Optional.of("pokemon"), PriceKind.MARKET, Duration.ofDays(7), List.of("tcgplayer"), now);
        var mover =
                movers.stream().filter(m -> m.itemId() == charizard).findFirst().orElseThrow();
        assertThat(mover.latest()).isEqualTo(10_000);
        assertThat(mover.reference()).contains(6_000L);
        assertThat(mover.observations()).isEqualTo(8);
        assertThat(prices.movers(
                        Optional.of("onepiece"), PriceKind.MARKET, Duration.ofDays(7), List.of("tcgplayer"), now))
                .noneMatch(m -> m.itemId() == charizard);
    }
}
