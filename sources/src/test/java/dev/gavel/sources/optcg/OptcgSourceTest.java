package dev.gavel.sources.optcg;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.gavel.sim.optcg.OptcgSimulator;
import dev.gavel.sim.optcg.OptcgSimulator.Fault;
import dev.gavel.sim.optcg.OptcgSimulator.PriceStyle;
import dev.gavel.sources.policy.SourcePolicy;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The OPTCG source through the real JDK HTTP client against the OPTCG simulator over the shared card world:
 * the catalog set by set with its quotes, parallels as printings, prices as numbers and as strings, prices
 * by card number, broken cards beside good ones, and the faults; no call ever throws.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OptcgSourceTest {
    private static final DemoCards WORLD = DemoCards.generate(5, 40, 200);
    private static final Instant NOW = Instant.parse("2026-12-02T18:00:00Z");
    private static final Instant SCRAPED = Instant.parse("2026-12-02T00:00:00Z");

    private final MutableClock clock = MutableClock.at(NOW);
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private OptcgSimulator sim;
    private OptcgSource source;

    @BeforeEach
    void start() throws Exception {
        sim = OptcgSimulator.start(0, clock, WORLD);
        source = source(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        sim.close();
        client.close();
    }

    private OptcgSource source(Duration timeout) {
        return new OptcgSource(
                new OptcgSettings(
                        sim.baseUrl() + "/",
                        new SourcePolicy.Settings(1000, 100_000, 3, Duration.ofMillis(10), Duration.ofSeconds(30), 10),
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

    private List<CatalogPage> run() {
        var pages = new ArrayList<CatalogPage>();
        Optional<String> cursor = Optional.empty();
        do {
            CatalogPage page = ok(source.catalog(Game.ONEPIECE, cursor));
            pages.add(page);
            cursor = page.next();
        } while (cursor.isPresent() && pages.size() < 50);
        return pages;
    }

    private static List<Card> onePiece() {
        return WORLD.cards().stream().filter(c -> !c.pokemon()).toList();
    }

    /** What the world says the quotes are: per card number, printing, kind, cents. */
    private static List<String> expectedQuotes(List<Card> cards) {
        var out = new ArrayList<String>();
        for (Card c : cards) {
            for (int i = 0; i < c.printings().size(); i++) {
                DemoCards.Prices p = WORLD.prices(c, c.printings().get(i), SCRAPED, SCRAPED);
                String printing = i == 0 ? "Normal" : "Parallel";
                out.add(c.number() + "/" + printing + "/" + PriceKind.MARKET + "=" + p.market());
                out.add(c.number() + "/" + printing + "/" + PriceKind.LOW + "="
                        + p.low().orElseThrow());
            }
        }
        return out;
    }

    private static List<String> keys(List<PriceQuote> quotes) {
        return quotes.stream()
                .map(q -> q.externalId() + "/" + q.printing() + "/" + q.kind() + "=" + q.amount())
                .toList();
    }

    @Test
    void a_catalog_run_reads_set_by_set_with_every_cards_quotes_and_then_ends() {
        List<CatalogPage> pages = run();

        assertThat(pages).hasSize(4);
        assertThat(pages.getLast().next()).isEmpty();
        assertThat(sim.stats().setListCalls()).isEqualTo(1);
        assertThat(sim.stats().setCalls()).isEqualTo(4);
        List<CatalogEntry> entries =
                pages.stream().flatMap(p -> p.entries().stream()).toList();
        assertThat(entries).hasSize(200);
        assertThat(entries).extracting(CatalogEntry::externalId).doesNotHaveDuplicates();
        for (Card c : onePiece()) {
            CatalogEntry e = entries.stream()
                    .filter(x -> x.externalId().equals(c.number()))
                    .findFirst()
                    .orElseThrow();
            assertThat(e.game()).isEqualTo(Game.ONEPIECE);
            assertThat(e.source()).isEqualTo("optcg");
            assertThat(e.number()).contains(c.number());
            assertThat(e.name()).isEqualTo(c.name());
            assertThat(e.rarity()).contains(c.rarity());
            assertThat(e.setCode()).contains(c.set().code());
            assertThat(e.setName()).contains(c.set().name());
            assertThat(e.imageUrl().orElseThrow()).endsWith(c.number() + ".jpg");
        }
        List<PriceQuote> quotes =
                pages.stream().flatMap(p -> p.quotes().stream()).toList();
        assertThat(keys(quotes)).containsExactlyInAnyOrderElementsOf(expectedQuotes(onePiece()));
        assertThat(quotes).allSatisfy(q -> {
            assertThat(q.currency()).isEqualTo(Currency.USD);
            assertThat(q.observedAt()).as("the day's scrape").isEqualTo(SCRAPED);
        });
        assertThat(pages).allSatisfy(p -> assertThat(p.rejects()).isEmpty());
    }

    @Test
    void a_parallel_art_is_a_printing_of_the_same_card_not_a_card_of_its_own() {
        Card foil = onePiece().stream()
                .filter(c -> c.printings().size() > 1)
                .findFirst()
                .orElseThrow();

        List<PriceQuote> quotes = ok(source.prices(Game.ONEPIECE, List.of(foil.number())));

        assertThat(quotes).extracting(PriceQuote::printing).containsOnly("Normal", "Parallel");
        assertThat(keys(quotes)).containsExactlyInAnyOrderElementsOf(expectedQuotes(List.of(foil)));
    }

    @Test
    void prices_as_strings_numbers_or_both_read_to_the_same_cents() {
        var seen = new ArrayList<List<String>>();
        for (PriceStyle style : PriceStyle.values()) {
            sim.priceStyle(style);
            source = source(Duration.ofSeconds(2));
            seen.add(keys(run().stream().flatMap(p -> p.quotes().stream()).toList()));
        }

        assertThat(seen.get(0)).hasSize(expectedQuotes(onePiece()).size());
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        assertThat(seen.get(2)).isEqualTo(seen.get(0));
    }

    @Test
    void prices_by_card_number_read_each_cards_set_once_and_only_the_asked_cards() {
        List<Card> op01 = onePiece().stream()
                .filter(c -> c.set().code().equals("OP01"))
                .limit(5)
                .toList();
        List<Card> op03 = onePiece().stream()
                .filter(c -> c.set().code().equals("OP03"))
                .limit(3)
                .toList();
        var ask = new ArrayList<String>();
        op01.forEach(c -> ask.add(c.number()));
        op03.forEach(c -> ask.add(c.number()));
        ask.add("P-001");
        ask.add("not a card");

        List<PriceQuote> quotes = ok(source.prices(Game.ONEPIECE, ask));

        var cards = new ArrayList<Card>(op01);
        cards.addAll(op03);
        assertThat(keys(quotes)).containsExactlyInAnyOrderElementsOf(expectedQuotes(cards));
        assertThat(sim.stats().setListCalls()).isEqualTo(1);
        assertThat(sim.stats().setCalls()).isEqualTo(2);
        // the promo's set is not in the list: its own endpoint, a 404, no price
        assertThat(sim.stats().cardCalls()).isEqualTo(1);
        assertThat(source.health().outcomes()).containsEntry("skipped_ids", 1L);

        ok(source.prices(Game.ONEPIECE, List.of(op01.getFirst().number())));
        assertThat(sim.stats().setListCalls()).as("the set list is kept").isEqualTo(1);
    }

    @Test
    void broken_cards_are_refused_with_their_reasons_and_the_cards_beside_them_kept() {
        ok(source.catalog(Game.ONEPIECE, Optional.empty()));
        sim.injectFault(Fault.BAD_CARDS, 1);

        CatalogPage page = ok(source.catalog(Game.ONEPIECE, Optional.of("0:OP-01")));

        assertThat(page.rejects()).hasSize(2);
        assertThat(page.rejects().get(0).reasons()).containsEntry("card_set_id", "is missing");
        assertThat(page.rejects().get(1).reasons()).containsEntry("market_price", "is not a dollar amount: 'N/A'");
        var cardsOfSet =
                onePiece().stream().filter(c -> c.set().code().equals("OP01")).toList();
        int variants = cardsOfSet.stream().mapToInt(c -> c.printings().size()).sum();
        // one variant without a number, one without its prices, one without its inventory price
        assertThat(page.quotes()).hasSize(2 * variants - 2 - 2 - 1);
        assertThat(page.entries().size()).isBetween(cardsOfSet.size() - 1, cardsOfSet.size());
        assertThat(source.health().outcomes()).containsEntry("rejected_cards", 2L);
    }

    @Test
    void a_429_is_retried_and_when_it_persists_comes_back_rate_limited_with_retry_after() {
        sim.injectFault(Fault.HTTP_429, 1, 30);
        assertThat(ok(source.catalog(Game.ONEPIECE, Optional.empty())).entries())
                .isNotEmpty();

        sim.injectFault(Fault.HTTP_429, 3, 30);
        PageOutcome why = failure(source.catalog(Game.ONEPIECE, Optional.of("1:OP-02")));

        assertThat(why).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> {
            assertThat(u.failure()).isEqualTo(Failure.RATE_LIMITED);
            assertThat(u.retryAfter()).contains(Duration.ofSeconds(30));
        });
    }

    @Test
    void truncated_answers_server_errors_and_time_outs_are_retried() {
        source = source(Duration.ofSeconds(1));
        sim.timeoutDelay(Duration.ofSeconds(3));
        for (Fault f : List.of(Fault.MALFORMED, Fault.HTTP_500, Fault.HTTP_503, Fault.TIMEOUT)) {
            sim.injectFault(f, 1);
            assertThat(source.catalog(Game.ONEPIECE, Optional.of("2:OP-03")))
                    .as("after one %s", f)
                    .isInstanceOf(Fetched.Ok.class);
        }

        // a fresh source (its circuit closed): three truncated set lists in a row
        source = source(Duration.ofSeconds(1));
        sim.injectFault(Fault.MALFORMED, 3);
        assertThat(failure(source.catalog(Game.ONEPIECE, Optional.empty())))
                .isInstanceOfSatisfying(
                        PageOutcome.Malformed.class, m -> assertThat(m.reason()).contains("set list is not JSON"));
    }

    @Test
    void a_cursor_follows_its_set_by_id_and_a_bad_cursor_or_another_game_is_refused_without_a_call() {
        CatalogPage third = ok(source.catalog(Game.ONEPIECE, Optional.of("0:OP-03")));
        assertThat(third.entries()).allSatisfy(e -> assertThat(e.setCode()).contains("OP03"));
        assertThat(third.next()).contains("3:OP-04");
        long calls = sim.stats().setCalls() + sim.stats().setListCalls();

        assertThat(failure(source.catalog(Game.ONEPIECE, Optional.of("OP-03"))))
                .isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.message())
                        .contains("not an OPTCG catalog cursor"));
        assertThat(failure(source.catalog(Game.POKEMON, Optional.empty()))).isInstanceOf(PageOutcome.Unavailable.class);
        assertThat(failure(source.prices(Game.POKEMON, List.of("OP01-001"))))
                .isInstanceOf(PageOutcome.Unavailable.class);
        assertThat(sim.stats().setCalls() + sim.stats().setListCalls()).isEqualTo(calls);
    }

    @Test
    void an_unreachable_service_is_a_transport_failure_not_an_exception() {
        sim.close();

        PageOutcome why = failure(source.catalog(Game.ONEPIECE, Optional.empty()));

        assertThat(why).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.failure())
                .isIn(Failure.TRANSPORT, Failure.TIMEOUT));
        assertThat(new HashSet<>(source.health().outcomes().keySet())).contains("transport");
    }
}
