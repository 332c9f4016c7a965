package dev.gavel.sources.tcgplayer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.Secret;
import dev.gavel.core.time.MutableClock;
import dev.gavel.market.auth.AuthPool;
import dev.gavel.market.auth.CredentialKind;
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
import dev.gavel.sim.tcgplayer.TcgplayerSimulator;
import dev.gavel.sim.tcgplayer.TcgplayerSimulator.Endpoint;
import dev.gavel.sim.tcgplayer.TcgplayerSimulator.Fault;
import dev.gavel.sources.policy.SourcePolicy;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The TCGplayer source through the real JDK HTTP client against the TCGplayer simulator serving the shared
 * card world: catalog paging across groups, pricing in batches of 250, nulls, 404 as no prices, the error
 * envelope, tokens renewed near expiry and after a 401 mid-run, 429 with {@code Retry-After}, malformed
 * answers and broken items; no call ever throws.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcgplayerSourceTest {
    private static final String CLIENT_ID = "gavel-test-client";
    private static final String CLIENT_SECRET = "s3cret-of-the-test";
    private static final DemoCards WORLD = DemoCards.generate(11, 700, 200);

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T18:00:00Z"));
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private TcgplayerSimulator sim;
    private TcgplayerSource source;

    @BeforeEach
    void start() throws Exception {
        sim = TcgplayerSimulator.start(0, clock, WORLD, CLIENT_ID, CLIENT_SECRET);
        source = source(CLIENT_SECRET, Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        sim.close();
        client.close();
    }

    private TcgplayerSource source(String secret, Duration timeout) {
        return source(secret, timeout, 10);
    }

    private TcgplayerSource source(String secret, Duration timeout, int circuitWindow) {
        return new TcgplayerSource(
                new TcgplayerSettings(
                        sim.baseUrl(),
                        CLIENT_ID,
                        Secret.of(secret),
                        new SourcePolicy.Settings(
                                1000, 100_000, 3, Duration.ofMillis(10), Duration.ofSeconds(30), circuitWindow),
                        timeout),
                client,
                clock);
    }

    private static <T> T ok(Fetched<T> fetched) {
        assertThat(fetched).isInstanceOf(Fetched.Ok.class);
        return ((Fetched.Ok<T>) fetched).value();
    }

    private static PageOutcome failure(Fetched<?> fetched) {
        assertThat(fetched).isInstanceOf(Fetched.Failed.class);
        return ((Fetched.Failed<?>) fetched).why();
    }

    /** Reads the whole catalog of {@code game}, calling {@code between} after each page. */
    private List<CatalogPage> run(Game game, Runnable between) {
        var pages = new ArrayList<CatalogPage>();
        Optional<String> cursor = Optional.empty();
        do {
            CatalogPage page = ok(source.catalog(game, cursor));
            pages.add(page);
            cursor = page.next();
            between.run();
        } while (cursor.isPresent() && pages.size() < 100);
        return pages;
    }

    private static List<CatalogEntry> entries(List<CatalogPage> pages) {
        return pages.stream().flatMap(p -> p.entries().stream()).toList();
    }

    private static List<String> pokemonIds(int n) {
        return WORLD.cards().stream()
                .filter(Card::pokemon)
                .limit(n)
                .map(c -> Integer.toString(c.productId()))
                .toList();
    }

    // ---- catalog

    @Test
    void a_catalog_run_pages_through_every_group_and_product_and_then_ends() {
        List<CatalogPage> pages = run(Game.POKEMON, () -> {});

        // 5 groups of 140 cards: 100 and 40 each
        assertThat(pages).hasSize(10);
        assertThat(pages.getLast().next()).isEmpty();
        List<CatalogEntry> entries = entries(pages);
        assertThat(entries).hasSize(700);
        assertThat(entries).extracting(CatalogEntry::externalId).doesNotHaveDuplicates();
        assertThat(pages).allSatisfy(p -> assertThat(p.rejects()).isEmpty());
        assertThat(sim.stats().groupCalls()).isEqualTo(1);
        assertThat(sim.stats().productCalls()).isEqualTo(10);
        assertThat(sim.stats().tokensIssued()).isEqualTo(1);

        Map<String, CatalogEntry> byId =
                entries.stream().collect(Collectors.toMap(CatalogEntry::externalId, Function.identity()));
        for (Card card : WORLD.cards().stream().filter(Card::pokemon).toList()) {
            CatalogEntry e = byId.get(Integer.toString(card.productId()));
            assertThat(e).as("product %s", card.productId()).isNotNull();
            assertThat(e.game()).isEqualTo(Game.POKEMON);
            assertThat(e.source()).isEqualTo("tcgplayer");
            assertThat(e.name()).isEqualTo(card.name());
            assertThat(e.number()).contains(card.number());
            assertThat(e.rarity()).contains(card.rarity());
            assertThat(e.setCode()).contains(card.set().abbreviation());
            assertThat(e.setName()).contains(card.set().name());
            assertThat(e.setReleased()).contains(card.set().releasedOn());
            assertThat(e.imageUrl()).isPresent();
        }
    }

    @Test
    void one_piece_is_category_68_with_its_own_groups() {
        List<CatalogEntry> entries = entries(run(Game.ONEPIECE, () -> {}));

        assertThat(entries).hasSize(200);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.game()).isEqualTo(Game.ONEPIECE);
            assertThat(e.number().orElseThrow()).matches("OP0[1-4]-\\d{3}");
            assertThat(e.setCode().orElseThrow())
                    .isEqualTo(e.number().orElseThrow().substring(0, 4));
        });
    }

    @Test
    void a_broken_product_is_refused_with_its_reason_and_the_rest_of_the_page_is_kept() {
        sim.injectFault(Fault.BAD_ITEM, 1, Endpoint.PRODUCTS, 0);

        CatalogPage page = ok(source.catalog(Game.POKEMON, Optional.empty()));

        assertThat(page.entries()).hasSize(99);
        assertThat(page.rejects()).singleElement().satisfies(r -> {
            assertThat(r.index()).isZero();
            assertThat(r.reasons()).containsEntry("productId", "is missing");
        });
        assertThat(page.next()).contains("0:" + WORLD.sets(3).getFirst().groupId() + ":100");
        assertThat(source.health().outcomes()).containsEntry("rejected_products", 1L);
    }

    @Test
    void a_cursor_that_is_not_one_and_a_game_tcgplayer_lacks_are_refused_without_a_call() {
        var bad = failure(source.catalog(Game.POKEMON, Optional.of("page-2")));
        var m26 = failure(source.catalog(Game.M26, Optional.empty()));
        var m26Prices = failure(source.prices(Game.M26, List.of("1")));

        assertThat(bad).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.message())
                .contains("'page-2' is not a TCGplayer catalog cursor"));
        assertThat(m26).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.message())
                .contains("no m26 catalog"));
        assertThat(m26Prices).isInstanceOf(PageOutcome.Unavailable.class);
        assertThat(sim.stats().tokensIssued()
                        + sim.stats().productCalls()
                        + sim.stats().pricingCalls())
                .isZero();
    }

    // ---- prices

    @Test
    void six_hundred_ids_are_priced_in_three_calls_of_at_most_250() {
        List<String> ids = pokemonIds(600);

        List<PriceQuote> quotes = ok(source.prices(Game.POKEMON, ids));

        assertThat(source.priceBatch()).isEqualTo(250);
        assertThat(sim.stats().pricingCalls()).isEqualTo(3);
        assertThat(quotes).extracting(PriceQuote::externalId).containsAll(ids);
        assertThat(quotes).allSatisfy(q -> {
            assertThat(q.source()).isEqualTo("tcgplayer");
            assertThat(q.currency()).isEqualTo(Currency.USD);
            assertThat(q.condition()).isEmpty();
            assertThat(q.observedAt()).isEqualTo(clock.instant());
        });
    }

    @Test
    void every_price_kind_comes_in_exact_cents_per_printing_and_nulls_give_no_quote() {
        List<Card> sample = WORLD.cards().stream()
                .filter(Card::pokemon)
                .filter(c -> c.productId() % 21 == 0 || c.productId() % 7 == 1)
                .limit(40)
                .toList();
        assertThat(sample).anyMatch(c -> c.productId() % 21 == 0);

        List<PriceQuote> quotes = ok(source.prices(
                Game.POKEMON,
                sample.stream().map(c -> Integer.toString(c.productId())).toList()));

        var expected = new HashSet<String>();
        Instant now = clock.instant();
        for (Card c : sample) {
            for (String printing : c.printings()) {
                DemoCards.Prices p = WORLD.prices(c, printing, now, now);
                String key = c.productId() + "/" + printing + "/";
                expected.add(key + PriceKind.MARKET + "=" + p.market());
                p.low().ifPresent(v -> expected.add(key + PriceKind.LOW + "=" + v));
                p.mid().ifPresent(v -> expected.add(key + PriceKind.MID + "=" + v));
                p.high().ifPresent(v -> expected.add(key + PriceKind.HIGH + "=" + v));
                p.directLow().ifPresent(v -> expected.add(key + PriceKind.DIRECT_LOW + "=" + v));
            }
        }
        assertThat(quotes)
                .extracting(q -> q.externalId() + "/" + q.printing() + "/" + q.kind() + "=" + q.amount())
                .containsExactlyInAnyOrderElementsOf(expected);
        Card sparse =
                sample.stream().filter(c -> c.productId() % 21 == 0).findFirst().orElseThrow();
        assertThat(quotes)
                .filteredOn(q -> q.externalId().equals(Integer.toString(sparse.productId())))
                .extracting(PriceQuote::kind)
                .doesNotContain(PriceKind.MID, PriceKind.DIRECT_LOW)
                .contains(PriceKind.MARKET, PriceKind.LOW, PriceKind.HIGH);
    }

    @Test
    void ids_tcgplayer_does_not_know_are_a_404_and_mean_no_prices_not_a_failure() {
        List<PriceQuote> quotes = ok(source.prices(Game.POKEMON, List.of("999999999", "123")));

        assertThat(quotes).isEmpty();
        assertThat(sim.stats().pricingCalls()).isEqualTo(1);
        assertThat(source.policy().circuitState()).isEqualTo("CLOSED");
    }

    @Test
    void ids_that_are_not_product_ids_are_skipped_and_counted_and_the_others_priced() {
        String good = pokemonIds(1).getFirst();

        List<PriceQuote> quotes = ok(source.prices(Game.POKEMON, List.of("abc", good, "", "-5", "12,13")));

        assertThat(quotes).isNotEmpty().allSatisfy(q -> assertThat(q.externalId())
                .isEqualTo(good));
        assertThat(source.health().outcomes()).containsEntry("skipped_ids", 4L);
    }

    @Test
    void an_error_envelope_is_the_sources_error_with_its_message_and_is_not_retried() {
        sim.injectFault(Fault.ERROR_ENVELOPE, 1, Endpoint.PRICING, 0);

        PageOutcome why = failure(source.prices(Game.POKEMON, pokemonIds(3)));

        assertThat(why).isInstanceOfSatisfying(PageOutcome.SourceError.class, e -> {
            assertThat(e.name()).isEqualTo("tcgplayer");
            assertThat(e.code()).isEqualTo("200");
            assertThat(e.message()).contains("An unexpected error has occurred");
        });
        assertThat(sim.stats().pricingCalls()).isEqualTo(1);
    }

    @Test
    void a_broken_result_is_skipped_and_counted_and_the_good_ones_beside_it_are_kept() {
        List<String> ids = pokemonIds(10);
        sim.injectFault(Fault.BAD_ITEM, 1, Endpoint.PRICING, 0);

        List<PriceQuote> quotes = ok(source.prices(Game.POKEMON, ids));

        Card first = WORLD.byProductId(Integer.parseInt(ids.getFirst())).orElseThrow();
        String firstPrinting = first.printings().getFirst();
        assertThat(quotes)
                .noneMatch(q ->
                        q.externalId().equals(ids.getFirst()) && q.printing().equals(firstPrinting));
        assertThat(quotes).extracting(PriceQuote::externalId).containsAll(ids.subList(1, 10));
        assertThat(source.health().outcomes()).containsEntry("skipped_price_results", 1L);
    }

    // ---- tokens

    @Test
    void the_token_is_kept_until_near_its_expiry_and_then_renewed_before_it_fails() {
        sim.tokenLifetime(Duration.ofMinutes(10));
        List<String> ids = pokemonIds(5);

        ok(source.prices(Game.POKEMON, ids));
        clock.advance(Duration.ofMinutes(8));
        ok(source.prices(Game.POKEMON, ids));
        assertThat(sim.stats().tokensIssued()).isEqualTo(1);

        // 9.5 minutes into a 10-minute token: less than a tenth is left
        clock.advance(Duration.ofSeconds(90));
        ok(source.prices(Game.POKEMON, ids));

        assertThat(sim.stats().tokensIssued()).isEqualTo(2);
        assertThat(sim.stats().unauthorized()).isZero();
        assertThat(source.health().pool())
                .containsEntry(CredentialKind.ACCESS_TOKEN, new AuthPool.Summary(1, 1, 0, 0, 0));
    }

    @Test
    void a_catalog_run_longer_than_a_token_lives_renews_it_and_goes_on() {
        sim.tokenLifetime(Duration.ofMinutes(10));

        List<CatalogEntry> entries = entries(run(Game.POKEMON, () -> clock.advance(Duration.ofMinutes(4))));

        assertThat(entries).hasSize(700);
        assertThat(sim.stats().tokensIssued()).isGreaterThanOrEqualTo(4);
        assertThat(sim.stats().unauthorized()).isZero();
    }

    @Test
    void a_token_refused_mid_run_is_renewed_once_and_the_run_goes_on() {
        var pages = new ArrayList<CatalogPage>();
        Optional<String> cursor = Optional.empty();
        do {
            CatalogPage page = ok(source.catalog(Game.POKEMON, cursor));
            pages.add(page);
            cursor = page.next();
            if (pages.size() == 3) {
                sim.revokeTokens();
            }
        } while (cursor.isPresent());

        assertThat(entries(pages)).hasSize(700);
        assertThat(sim.stats().unauthorized()).isEqualTo(1);
        assertThat(sim.stats().tokensIssued()).isEqualTo(2);
        assertThat(source.health().outcomes()).containsEntry("token_refused_mid_run", 1L);
    }

    @Test
    void refused_client_credentials_say_so_and_mark_the_secret_stopped() {
        source = source("not-the-secret", Duration.ofSeconds(2));

        PageOutcome why = failure(source.prices(Game.POKEMON, pokemonIds(1)));

        assertThat(why).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> {
            assertThat(u.failure()).isEqualTo(Failure.UNAUTHORIZED);
            assertThat(u.message()).contains("invalid_client").doesNotContain("not-the-secret");
        });
        assertThat(sim.stats().pricingCalls()).isZero();
        assertThat(source.health().pool())
                .containsEntry(CredentialKind.CLIENT_SECRET, new AuthPool.Summary(0, 0, 0, 0, 1));
    }

    @Test
    void without_a_secret_no_call_is_made_and_the_answer_says_what_is_missing() {
        source = source("", Duration.ofSeconds(2));

        PageOutcome why = failure(source.catalog(Game.POKEMON, Optional.empty()));

        assertThat(why).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> {
            assertThat(u.failure()).isEqualTo(Failure.NO_CREDENTIAL);
            assertThat(u.message()).contains("GAVEL_TCGPLAYER_CLIENT_SECRET");
        });
        assertThat(sim.stats().tokensIssued() + sim.stats().tokenRefusals()).isZero();
    }

    // ---- faults

    @Test
    void a_429_is_retried_by_the_policy_and_when_it_persists_comes_back_rate_limited_with_retry_after() {
        List<String> ids = pokemonIds(5);
        sim.injectFault(Fault.HTTP_429, 1, Endpoint.PRICING, 7);

        assertThat(ok(source.prices(Game.POKEMON, ids))).isNotEmpty();
        assertThat(sim.stats().pricingCalls()).isEqualTo(2);

        sim.injectFault(Fault.HTTP_429, 3, Endpoint.PRICING, 7);
        PageOutcome why = failure(source.prices(Game.POKEMON, ids));

        assertThat(why).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> {
            assertThat(u.failure()).isEqualTo(Failure.RATE_LIMITED);
            assertThat(u.retryAfter()).contains(Duration.ofSeconds(7));
        });
        assertThat(sim.stats().pricingCalls()).isEqualTo(5);
    }

    @Test
    void a_truncated_answer_is_malformed_and_retried_and_three_in_a_row_say_so() {
        List<String> ids = pokemonIds(5);
        sim.injectFault(Fault.MALFORMED, 1, Endpoint.PRICING, 0);
        assertThat(ok(source.prices(Game.POKEMON, ids))).isNotEmpty();

        sim.injectFault(Fault.MALFORMED, 3, Endpoint.PRICING, 0);
        PageOutcome why = failure(source.prices(Game.POKEMON, ids));

        assertThat(why).isInstanceOfSatisfying(PageOutcome.Malformed.class, m -> assertThat(m.reason())
                .contains("not JSON"));
    }

    @Test
    void server_errors_and_time_outs_are_retried_with_back_off() {
        source = source(CLIENT_SECRET, Duration.ofSeconds(1));
        sim.timeoutDelay(Duration.ofSeconds(3));
        for (Fault f : List.of(Fault.HTTP_500, Fault.HTTP_503, Fault.TIMEOUT)) {
            sim.injectFault(f, 1, Endpoint.ANY, 0);
            assertThat(source.catalog(Game.ONEPIECE, Optional.empty()))
                    .as("after one %s", f)
                    .isInstanceOf(Fetched.Ok.class);
        }
        sim.injectFault(Fault.HTTP_503, 3, Endpoint.PRICING, 0);
        assertThat(failure(source.prices(Game.POKEMON, pokemonIds(1))))
                .isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.failure())
                        .isEqualTo(Failure.SERVER_ERROR));
    }

    @Test
    void under_any_mix_of_faults_every_call_answers_and_none_throws() {
        long seed = 20_261_202L;
        var random = new SplittableRandom(seed);
        // a circuit that never opens here, so every call reaches the simulator and meets its faults
        source = source(CLIENT_SECRET, Duration.ofMillis(200), 1000);
        sim.timeoutDelay(Duration.ofMillis(400));
        sim.tokenLifetime(Duration.ofMinutes(3));
        var outcomes = new HashMap<String, Integer>();
        Fault[] faults = Fault.values();
        Endpoint[] endpoints = Endpoint.values();
        Optional<String> cursor = Optional.empty();
        for (int i = 0; i < 60; i++) {
            if (random.nextInt(3) == 0) {
                sim.injectFault(
                        faults[random.nextInt(faults.length)],
                        1 + random.nextInt(3),
                        endpoints[random.nextInt(endpoints.length)],
                        random.nextInt(5));
            }
            if (random.nextInt(10) == 0) {
                sim.revokeTokens();
            }
            clock.advance(Duration.ofSeconds(random.nextInt(120)));
            Fetched<?> answer;
            if (random.nextBoolean()) {
                Fetched<CatalogPage> page = source.catalog(Game.POKEMON, cursor);
                if (page instanceof Fetched.Ok<CatalogPage> ok) {
                    cursor = ok.value().next();
                }
                answer = page;
            } else {
                answer = source.prices(Game.POKEMON, pokemonIds(1 + random.nextInt(300)));
            }
            assertThat(answer).as("seed %d, call %d", seed, i).isNotNull();
            String label = answer instanceof Fetched.Failed<?> f ? f.why().label() : "ok";
            outcomes.merge(label, 1, Integer::sum);
        }
        assertThat(outcomes).as("seed %d: %s", seed, outcomes).containsKey("ok").hasSizeGreaterThanOrEqualTo(3);
    }
}
