package dev.gavel.sources.pokemontcg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.Secret;
import dev.gavel.core.time.MutableClock;
import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.PriceKind;
import dev.gavel.market.price.PriceQuote;
import dev.gavel.market.source.CardSource.CatalogPage;
import dev.gavel.market.source.Fetched;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.PageOutcome.Failure;
import dev.gavel.sim.cards.DemoCards;
import dev.gavel.sim.cards.DemoCards.Card;
import dev.gavel.sim.pokemontcg.PokemonTcgSimulator;
import dev.gavel.sim.pokemontcg.PokemonTcgSimulator.Fault;
import dev.gavel.sim.pokemontcg.PokemonTcgSimulator.Limits;
import dev.gavel.sources.policy.SourcePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pokemontcg.io source through the real JDK HTTP client against the pokemontcg.io simulator: the catalog
 * set by set and page by page, prices per printing and kind in exact cents with nulls as no price, Cardmarket's
 * euros, id batches, the key's and no key's limits, 429 with Retry-After, the daily budget, faults and error
 * envelopes; no call throws.
 */
class PokemonTcgSourceTest {
    private static final Instant NOW = Instant.parse("2026-12-02T18:00:00Z");
    private static final Instant TODAY = Instant.parse("2026-12-02T00:00:00Z");

    private final MutableClock clock = MutableClock.at(NOW);
    private final DemoCards world = DemoCards.generate(7, 600, 20);
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private PokemonTcgSimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = PokemonTcgSimulator.start(0, clock, world);
    }

    @AfterEach
    void stop() {
        sim.close();
        http.close();
    }

    private static SourcePolicy.Settings quick(long dailyBudget) {
        // a wide circuit window: these tests count faults, not the breaker
        return new SourcePolicy.Settings(1000, dailyBudget, 3, Duration.ofMillis(10), Duration.ofSeconds(30), 100);
    }

    private PokemonTcgSource source(Optional<Secret> key) {
        return source(key, quick(100_000), Duration.ofSeconds(10), sim.baseUrl());
    }

    private PokemonTcgSource source(Optional<Secret> key, SourcePolicy.Settings policy, Duration timeout, String url) {
        return new PokemonTcgSource(new PokemonTcgSettings(url, key, policy, 50, timeout), http, clock);
    }

    private Optional<Secret> key() {
        return Optional.of(Secret.of(sim.issueKey()));
    }

    private static <T> T ok(Fetched<T> fetched) {
        assertThat(fetched).isInstanceOf(Fetched.Ok.class);
        return ((Fetched.Ok<T>) fetched).value();
    }

    private static PageOutcome failed(Fetched<?> fetched) {
        assertThat(fetched).isInstanceOf(Fetched.Failed.class);
        return ((Fetched.Failed<?>) fetched).why();
    }

    private Card card(Predicate<Card> which) {
        return world.cards().stream()
                .filter(Card::pokemon)
                .filter(which)
                .findFirst()
                .orElseThrow();
    }

    private JsonNode raw(String id) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/v2/cards/" + id))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body()).path("data");
    }

    @Test
    void a_catalog_run_reads_every_set_page_by_page_in_release_order_and_ends() {
        var source = source(key());
        var entries = new ArrayList<CatalogEntry>();
        var cursors = new ArrayList<String>();
        Optional<String> cursor = Optional.empty();
        for (int i = 0; i < 100; i++) {
            CatalogPage page = ok(source.catalog(Game.POKEMON, cursor));
            entries.addAll(page.entries());
            cursor = page.next();
            if (cursor.isEmpty()) {
                break;
            }
            cursors.add(cursor.get());
        }

        assertThat(cursor).isEmpty();
        assertThat(entries).hasSize(600);
        assertThat(new HashSet<>(entries.stream().map(CatalogEntry::externalId).toList()))
                .hasSize(600);
        // 120 cards a set in pages of 50: three pages each, the oldest set first
        assertThat(cursors).startsWith("sv3pt5:2", "sv3pt5:3", "sv4pt5:1");
        assertThat(cursors).endsWith("sv9:2", "sv9:3");
        assertThat(sim.stats().calls()).isEqualTo(1 + 5 * 3);
    }

    @Test
    void an_entry_has_its_set_release_day_rarity_image_and_the_number_as_printed() {
        Card c = card(x -> x.set().code().equals("sv6") && x.number().startsWith("7/"));
        CatalogPage page = ok(source(key()).catalog(Game.POKEMON, Optional.of("sv6:1")));

        CatalogEntry e = page.entries().stream()
                .filter(x -> x.externalId().equals(c.sourceId()))
                .findFirst()
                .orElseThrow();
        assertThat(e.externalId()).isEqualTo("sv6-7");
        assertThat(e.game()).isEqualTo(Game.POKEMON);
        assertThat(e.source()).isEqualTo("pokemontcg");
        assertThat(e.name()).isEqualTo(c.name());
        assertThat(e.setCode()).contains("sv6");
        assertThat(e.setName()).contains("Twilight Masquerade");
        assertThat(e.setReleased()).contains(LocalDate.of(2024, 5, 24));
        assertThat(e.number()).as("as TCGplayer writes it").contains(c.number()).contains("7/226");
        assertThat(e.rarity()).contains(c.rarity());
        assertThat(e.imageUrl()).contains(sim.baseUrl() + "/images/sv6/7.png");
        assertThat(page.rejects()).isEmpty();
    }

    @Test
    void tcgplayer_prices_become_one_quote_per_printing_and_kind_in_exact_cents_and_a_null_is_no_quote()
            throws Exception {
        // a card with no mid and no direct low price, and more than one printing
        Card c = card(x -> x.productId() % 7 == 0
                && x.productId() % 3 == 0
                && x.productId() % 29 != 0
                && x.printings().size() == 2);
        List<PriceQuote> quotes = ok(source(key()).prices(Game.POKEMON, List.of(c.sourceId())));

        var tcg = quotes.stream().filter(q -> q.source().equals("pokemontcg")).toList();
        assertThat(tcg).hasSize(2 * 3).allSatisfy(q -> {
            assertThat(q.externalId()).isEqualTo(c.sourceId());
            assertThat(q.currency()).isEqualTo(Currency.USD);
            assertThat(q.condition()).isEmpty();
            assertThat(q.observedAt())
                    .as("updatedAt's day, from its start in UTC")
                    .isEqualTo(TODAY);
        });
        assertThat(tcg).extracting(PriceQuote::kind).doesNotContain(PriceKind.MID, PriceKind.DIRECT_LOW);
        JsonNode wire = raw(c.sourceId()).path("tcgplayer").path("prices");
        for (String printing : c.printings()) {
            var expected = world.prices(c, printing, TODAY, TODAY);
            String key = printing.equals("Reverse Holofoil")
                    ? "reverseHolofoil"
                    : printing.toLowerCase(java.util.Locale.ROOT);
            assertThat(wire.path(key).get("mid").isNull())
                    .as("null on the wire")
                    .isTrue();
            assertThat(quote(tcg, printing, PriceKind.MARKET)).isEqualTo(expected.market());
            assertThat(quote(tcg, printing, PriceKind.LOW))
                    .isEqualTo(expected.low().orElseThrow());
            assertThat(quote(tcg, printing, PriceKind.HIGH))
                    .isEqualTo(expected.high().orElseThrow());
            assertThat(quote(tcg, printing, PriceKind.MARKET))
                    .isEqualTo(wire.path(key)
                            .get("market")
                            .decimalValue()
                            .movePointRight(2)
                            .longValueExact());
        }
    }

    private static long quote(List<PriceQuote> quotes, String printing, PriceKind kind) {
        return quotes.stream()
                .filter(q -> q.printing().equals(printing) && q.kind() == kind)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " of " + printing + " in " + quotes))
                .amount();
    }

    @Test
    void cardmarket_prices_come_as_their_own_source_in_euros_and_cards_without_prices_have_no_quotes()
            throws Exception {
        var source = source(key());
        Card withBoth = card(x -> x.productId() % 13 != 0
                && x.productId() % 29 != 0
                && x.printings().contains("Reverse Holofoil"));
        Card noCardmarket = card(x -> x.productId() % 13 == 0 && x.productId() % 29 != 0);
        Card noPrices = card(x -> x.productId() % 13 == 0 && x.productId() % 29 == 0);

        List<PriceQuote> quotes = ok(source.prices(
                Game.POKEMON, List.of(withBoth.sourceId(), noCardmarket.sourceId(), noPrices.sourceId())));

        var euros = quotes.stream().filter(q -> q.source().equals("cardmarket")).toList();
        assertThat(euros).allSatisfy(q -> {
            assertThat(q.currency()).isEqualTo(Currency.EUR);
            assertThat(q.externalId()).isEqualTo(withBoth.sourceId());
        });
        JsonNode wire = raw(withBoth.sourceId()).path("cardmarket").path("prices");
        assertThat(quote(euros, "", PriceKind.MARKET))
                .isEqualTo(
                        wire.get("trendPrice").decimalValue().movePointRight(2).longValueExact());
        assertThat(quote(euros, "Reverse Holofoil", PriceKind.MARKET))
                .isEqualTo(wire.get("reverseHoloTrend")
                        .decimalValue()
                        .movePointRight(2)
                        .longValueExact());
        assertThat(quotes)
                .filteredOn(q -> q.externalId().equals(noCardmarket.sourceId()))
                .isNotEmpty()
                .allSatisfy(q -> assertThat(q.source()).isEqualTo("pokemontcg"));
        assertThat(quotes).noneMatch(q -> q.externalId().equals(noPrices.sourceId()));
    }

    @Test
    void prices_of_many_cards_take_one_call_per_batch_of_a_hundred_ids() {
        var ids = world.cards().stream()
                .filter(Card::pokemon)
                .limit(150)
                .map(Card::sourceId)
                .toList();
        var source = source(key());

        List<PriceQuote> quotes = ok(source.prices(Game.POKEMON, ids));

        assertThat(sim.stats().calls()).isEqualTo(2);
        assertThat(quotes).allMatch(q -> ids.contains(q.externalId()));
        long priced = world.cards().stream()
                .filter(Card::pokemon)
                .limit(150)
                .filter(c -> c.productId() % 29 != 0)
                .count();
        assertThat(quotes.stream()
                        .filter(q -> q.source().equals("pokemontcg"))
                        .map(PriceQuote::externalId)
                        .distinct())
                .hasSize((int) priced);
        assertThat(source.health().usedToday()).isEqualTo(2);
        assertThat(source.health().lastStrategy()).contains("pokemontcg.v2");
    }

    @Test
    void a_429_with_retry_after_is_retried_by_the_policy_and_comes_back_rate_limited_when_it_persists() {
        var source = source(key());
        sim.injectFault(Fault.HTTP_429, 1, 7);
        assertThat(ok(source.prices(Game.POKEMON, List.of("sv6-1")))).isNotEmpty();
        assertThat(sim.stats().calls()).isEqualTo(2);

        sim.injectFault(Fault.HTTP_429, 3, 7);
        PageOutcome why = failed(source.prices(Game.POKEMON, List.of("sv6-1")));

        assertThat(why).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> {
            assertThat(u.failure()).isEqualTo(Failure.RATE_LIMITED);
            assertThat(u.retryAfter()).contains(Duration.ofSeconds(7));
        });
        assertThat(source.health().outcomes()).containsEntry("rate_limited", 1L);
    }

    @Test
    void without_a_key_the_api_allows_its_calls_a_minute_and_then_says_when_the_next_minute_starts() {
        sim.limits(new Limits(20_000, 1_000, 3));
        clock.set(Instant.parse("2026-12-02T18:00:20Z"));
        var anonymous = source(Optional.empty());
        for (int i = 0; i < 3; i++) {
            ok(anonymous.prices(Game.POKEMON, List.of("sv6-1")));
        }

        PageOutcome why = failed(anonymous.prices(Game.POKEMON, List.of("sv6-1")));

        assertThat(why).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> {
            assertThat(u.failure()).isEqualTo(Failure.RATE_LIMITED);
            assertThat(u.retryAfter()).contains(Duration.ofSeconds(40));
        });
        var keyed = source(key());
        for (int i = 0; i < 5; i++) {
            ok(keyed.prices(Game.POKEMON, List.of("sv6-1")));
        }
        clock.advance(Duration.ofSeconds(40));
        ok(anonymous.prices(Game.POKEMON, List.of("sv6-1")));
        assertThat(sim.stats().withKey()).isEqualTo(5);
        assertThat(sim.stats().withoutKey()).isEqualTo(4);
    }

    @Test
    void the_settings_pick_the_smaller_limits_when_no_key_is_set() {
        var without = PokemonTcgSettings.of("http://127.0.0.1:1/", Optional.empty());
        var blank = PokemonTcgSettings.of("http://127.0.0.1:1", Optional.of(Secret.of("")));
        var with = PokemonTcgSettings.of("http://127.0.0.1:1", Optional.of(Secret.of("k")));

        assertThat(without.baseUrl()).isEqualTo("http://127.0.0.1:1");
        assertThat(without.policy().dailyBudget()).isEqualTo(1_000);
        assertThat(without.policy().requestsPerSecond() * 60).isEqualTo(30);
        assertThat(blank.apiKey()).isEmpty();
        assertThat(blank.policy()).isEqualTo(without.policy());
        assertThat(with.policy().dailyBudget()).isEqualTo(20_000);
        assertThat(with.pageSize()).isEqualTo(250);
    }

    @Test
    void a_spent_daily_budget_stops_calls_before_they_reach_the_api_until_the_next_utc_day() {
        var source = source(key(), quick(2), Duration.ofSeconds(10), sim.baseUrl());
        ok(source.prices(Game.POKEMON, List.of("sv6-1")));
        ok(source.prices(Game.POKEMON, List.of("sv6-2")));

        PageOutcome why = failed(source.prices(Game.POKEMON, List.of("sv6-3")));

        assertThat(why).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.failure())
                .isEqualTo(Failure.DAILY_BUDGET_SPENT));
        assertThat(sim.stats().calls()).isEqualTo(2);
        assertThat(source.health().usedToday()).isEqualTo(2);
        assertThat(source.health().dailyBudget()).isEqualTo(2);
        clock.advance(Duration.ofHours(6));
        ok(source.prices(Game.POKEMON, List.of("sv6-3")));
    }

    @Test
    void server_errors_slow_and_truncated_answers_are_retried_and_persistent_ones_are_reported() {
        var source = source(key(), quick(100_000), Duration.ofMillis(1500), sim.baseUrl());
        sim.slowDelay(Duration.ofSeconds(6));
        for (Fault f : List.of(Fault.HTTP_500, Fault.HTTP_503, Fault.SLOW, Fault.MALFORMED)) {
            sim.injectFault(f, 1);
            assertThat(source.catalog(Game.POKEMON, Optional.of("sv6:1")))
                    .as("after one %s", f)
                    .isInstanceOf(Fetched.Ok.class);
        }

        sim.injectFault(Fault.MALFORMED, 3);
        assertThat(failed(source.catalog(Game.POKEMON, Optional.of("sv6:1"))))
                .isInstanceOf(PageOutcome.Malformed.class);
        sim.injectFault(Fault.HTTP_500, 3);
        assertThat(failed(source.prices(Game.POKEMON, List.of("sv6-1"))))
                .isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.failure())
                        .isEqualTo(Failure.SERVER_ERROR));
        sim.injectFault(Fault.SLOW, 3);
        assertThat(failed(source.prices(Game.POKEMON, List.of("sv6-1"))))
                .isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.failure())
                        .isEqualTo(Failure.TIMEOUT));
    }

    @Test
    void the_apis_error_envelope_and_a_refused_key_come_back_as_what_they_say() {
        var lost = source(key(), quick(100_000), Duration.ofSeconds(10), sim.baseUrl() + "/nowhere");
        assertThat(failed(lost.catalog(Game.POKEMON, Optional.empty())))
                .isInstanceOfSatisfying(PageOutcome.SourceError.class, e -> {
                    assertThat(e.name()).isEqualTo("pokemontcg");
                    assertThat(e.code()).isEqualTo("404");
                    assertThat(e.message()).isEqualTo("Not Found");
                });

        var forged = source(Optional.of(Secret.of("not-a-key")));
        assertThat(failed(forged.prices(Game.POKEMON, List.of("sv6-1"))))
                .isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> {
                    assertThat(u.failure()).isEqualTo(Failure.NO_CREDENTIAL);
                    assertThat(u.message()).contains("403").doesNotContain("not-a-key");
                });
        // the lost source never reached /v2; the refused key was not tried again
        assertThat(sim.stats().calls()).isEqualTo(1);
    }

    @Test
    void a_cursor_this_source_did_not_write_is_refused_without_a_call_and_other_games_are_empty() {
        var source = source(key());
        assertThat(failed(source.catalog(Game.POKEMON, Optional.of("sv6"))))
                .isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.message())
                        .contains("<set id>:<page>"));
        assertThat(sim.stats().calls()).isZero();

        assertThat(failed(source.catalog(Game.POKEMON, Optional.of("base1:2"))))
                .isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.message())
                        .contains("'base1'", "no longer lists"));
        assertThat(sim.stats().calls()).as("the sets were read again first").isEqualTo(1);

        CatalogPage onePiece = ok(source.catalog(Game.ONEPIECE, Optional.empty()));
        assertThat(onePiece.entries()).isEmpty();
        assertThat(onePiece.next()).isEmpty();
        assertThat(ok(source.prices(Game.ONEPIECE, List.of("OP01-001")))).isEmpty();
        assertThat(ok(source.prices(Game.POKEMON, List.of("sv6-1\" OR name:*"))))
                .isEmpty();
        assertThat(sim.stats().calls()).isEqualTo(1);
    }

    @Test
    void prices_follow_the_day_the_api_last_refreshed_them() {
        var source = source(key());
        Card c = card(x -> x.productId() % 29 != 0);
        long today = quote(
                ok(source.prices(Game.POKEMON, List.of(c.sourceId()))),
                c.printings().get(0),
                PriceKind.MARKET);

        clock.advance(Duration.ofHours(5));
        long later = quote(
                ok(source.prices(Game.POKEMON, List.of(c.sourceId()))),
                c.printings().get(0),
                PriceKind.MARKET);
        clock.advance(Duration.ofDays(3));
        List<PriceQuote> days = ok(source.prices(Game.POKEMON, List.of(c.sourceId())));

        assertThat(later).as("the same day, the same price").isEqualTo(today);
        assertThat(quote(days, c.printings().get(0), PriceKind.MARKET))
                .isEqualTo(world.market(
                        c, c.printings().get(0), TODAY.plus(Duration.ofDays(3)), TODAY.plus(Duration.ofDays(3))));
        assertThat(days).allSatisfy(q -> assertThat(q.observedAt()).isEqualTo(TODAY.plus(Duration.ofDays(3))));
    }
}
