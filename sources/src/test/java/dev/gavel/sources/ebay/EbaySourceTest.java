package dev.gavel.sources.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.Secret;
import dev.gavel.core.time.MutableClock;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.listing.ListingState;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.PageOutcome.Failure;
import dev.gavel.sim.cards.DemoCards;
import dev.gavel.sim.ebay.EbaySimulator;
import dev.gavel.sim.ebay.EbaySimulator.Fault;
import dev.gavel.sources.policy.SourcePolicy;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The eBay Browse source through the real JDK HTTP client against the eBay simulator: the application token
 * (kept, renewed near expiry and after a 401 mid-run), auctions and fixed-price listings read from string money
 * (auctions without a price), rejects that keep the rest of the page, the daily budget, 429 with Retry-After,
 * faults and eBay's error envelope; no call throws.
 */
class EbaySourceTest {
    private static final String CLIENT = "gavel-app";
    private static final String SECRET = "s3cret-of-the-app";
    private static final Map<String, String> CARDS = Map.of("category", EbaySimulator.CARDS_CATEGORY, "limit", "200");

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T18:00:00Z"));
    private final DemoCards world = DemoCards.generate(7, 600, 200);
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private EbaySimulator sim;
    private EbaySource source;

    @BeforeEach
    void start() throws Exception {
        sim = EbaySimulator.start(0, clock, world, 11, 1_500);
        sim.addClient(CLIENT, SECRET);
        source = source(quick(100_000), "EBAY_US", SECRET, Duration.ofSeconds(10));
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

    private EbaySource source(SourcePolicy.Settings policy, String marketplace, String secret, Duration timeout) {
        return new EbaySource(
                new EbaySettings(
                        sim.baseUrl() + "/",
                        CLIENT,
                        Secret.of(secret),
                        marketplace,
                        policy,
                        Duration.ofMinutes(1),
                        timeout),
                http,
                clock);
    }

    private static PageOutcome.Page page(PageOutcome outcome) {
        assertThat(outcome).isInstanceOf(PageOutcome.Page.class);
        return (PageOutcome.Page) outcome;
    }

    private static Map<String, String> with(Map<String, String> base, String... more) {
        var map = new HashMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            map.put(more[i], more[i + 1]);
        }
        return map;
    }

    /** The simulator's own answer to the search the source makes, read with a token of the test's. */
    private JsonNode raw(String query) throws Exception {
        String basic = Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        var token = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/identity/v1/oauth2/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                                + URLEncoder.encode(EbaySettings.SCOPE, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String access = json.readTree(token.body()).path("access_token").asText();
        var answer = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/buy/browse/v1/item_summary/search?" + query))
                        .header("Authorization", "Bearer " + access)
                        .header("X-EBAY-C-MARKETPLACE-ID", "EBAY_US")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(answer.body());
    }

    @Test
    void a_first_search_fetches_a_token_and_reads_auctions_and_fixed_price_listings() {
        var page = page(source.search(CARDS, 0));

        assertThat(page.strategy()).isEqualTo("ebay.browse");
        assertThat(page.listings()).hasSize(200);
        assertThat(page.rejects()).isEmpty();
        assertThat(page.more()).isTrue();
        assertThat(page.listings()).allSatisfy(l -> {
            assertThat(l.source()).isEqualTo("ebay");
            assertThat(l.externalId()).matches("v1\\|\\d+\\|0");
            assertThat(l.itemId()).isEqualTo(l.externalId());
            assertThat(l.state()).isEqualTo(ListingState.ACTIVE);
            assertThat(l.endsAt()).isAfter(clock.instant());
            assertThat(l.price()).isPresent();
            assertThat(l.observedAt()).isEqualTo(clock.instant());
        });
        var auctionsOnly =
                page.listings().stream().filter(l -> l.buyNow().isEmpty()).toList();
        assertThat(auctionsOnly)
                .as("auction-only items have no price")
                .isNotEmpty()
                .allSatisfy(l -> assertThat(
                                l.currentBid().isPresent() || l.startPrice().isPresent())
                        .isTrue());
        assertThat(page.listings()).anySatisfy(l -> assertThat(l.currentBid()).isPresent());
        assertThat(page.listings()).anySatisfy(l -> {
            assertThat(l.bidCount()).isZero();
            assertThat(l.startPrice()).isPresent();
            assertThat(l.currentBid()).isEmpty();
        });
        assertThat(page.listings()).anySatisfy(l -> assertThat(l.itemName()).matches(".+ \\d+/\\d+ .+ Pokemon.*"));
        assertThat(sim.stats().tokensIssued()).isEqualTo(1);
        assertThat(source.health().lastStrategy()).contains("ebay.browse");
    }

    @Test
    void money_strings_become_exact_cents_and_auction_only_items_have_no_price_on_the_wire() throws Exception {
        var page = page(source.search(CARDS, 0));
        JsonNode raw = raw("category_ids=183454&limit=200&offset=0&sort=endingSoonest&filter="
                + URLEncoder.encode("buyingOptions:{AUCTION|FIXED_PRICE}", StandardCharsets.UTF_8));

        var byId = new HashMap<String, Listing>();
        page.listings().forEach(l -> byId.put(l.externalId(), l));
        int auctionsWithoutPrice = 0;
        for (JsonNode item : raw.path("itemSummaries")) {
            Listing l = byId.get(item.path("itemId").asText());
            assertThat(l).as(item.path("itemId").asText()).isNotNull();
            if (item.has("price")) {
                assertThat(item.path("price").path("value").isTextual()).isTrue();
                assertThat(l.buyNow())
                        .hasValue(cents(item.path("price").path("value").asText()));
            } else {
                auctionsWithoutPrice++;
                assertThat(item.path("buyingOptions").toString()).contains("AUCTION");
                assertThat(l.buyNow()).isEmpty();
            }
            if (item.has("currentBidPrice")) {
                long bid = cents(item.path("currentBidPrice").path("value").asText());
                assertThat(item.path("bidCount").asInt() > 0 ? l.currentBid() : l.startPrice())
                        .hasValue(bid);
                assertThat(l.bidCount()).isEqualTo(item.path("bidCount").asInt());
            }
            assertThat(l.endsAt())
                    .isEqualTo(Instant.parse(item.path("itemEndDate").asText()));
        }
        assertThat(auctionsWithoutPrice).isPositive();
    }

    private static long cents(String dollars) {
        return new BigDecimal(dollars).movePointRight(2).longValueExact();
    }

    @Test
    void the_buying_keywords_and_price_filters_reach_ebay() {
        var fixed = page(source.search(with(CARDS, "buying", "fixed"), 0)).listings();
        var auctions = page(source.search(with(CARDS, "buying", "auction"), 0)).listings();
        var cheap = page(source.search(with(CARDS, "minPrice", "2", "maxPrice", "9.50"), 0))
                .listings();
        var charizards =
                page(source.search(Map.of("q", "charizard", "limit", "50"), 0)).listings();

        // an auction with buy it now is a fixed-price offer too, until its first bid
        assertThat(fixed).isNotEmpty().allSatisfy(l -> {
            assertThat(l.buyNow()).isPresent();
            assertThat(l.currentBid()).isEmpty();
            assertThat(l.bidCount()).isZero();
        });
        assertThat(fixed).anySatisfy(l -> assertThat(l.startPrice()).isPresent());
        assertThat(auctions).isNotEmpty().allSatisfy(l -> assertThat(
                        l.currentBid().isPresent() || l.startPrice().isPresent())
                .isTrue());
        assertThat(cheap).isNotEmpty().allSatisfy(l -> assertThat(shown(l)).isBetween(200L, 950L));
        assertThat(charizards).isNotEmpty().allSatisfy(l -> assertThat(
                        l.itemName().toLowerCase(Locale.ROOT))
                .contains("charizard"));
    }

    private static long shown(Listing l) {
        OptionalLong bid = l.currentBid().isPresent() ? l.currentBid() : l.startPrice();
        return bid.isPresent() ? bid.getAsLong() : l.buyNow().getAsLong();
    }

    @Test
    void the_card_key_makes_every_listing_of_the_watch_that_cards_and_pages_do_not_overlap() {
        var first = page(source.search(Map.of("q", "pokemon", "limit", "30", "card", "pokemon:sv6-7"), 0));
        var second = page(source.search(Map.of("q", "pokemon", "limit", "30", "card", "pokemon:sv6-7"), 1));

        assertThat(first.listings()).hasSize(30).allSatisfy(l -> assertThat(l.itemId())
                .isEqualTo("pokemon:sv6-7"));
        var ids = new HashSet<String>();
        first.listings().forEach(l -> ids.add(l.externalId()));
        second.listings().forEach(l -> assertThat(ids.add(l.externalId())).isTrue());
        assertThat(source.pages(Map.of("pages", "3"))).isEqualTo(3);
    }

    @Test
    void the_token_is_kept_until_near_its_expiry_and_a_new_one_is_fetched_then() {
        for (int i = 0; i < 3; i++) {
            page(source.search(CARDS, i));
        }
        assertThat(sim.stats().tokensIssued()).isEqualTo(1);

        // 7,200 s of life, renewed 300 s early
        clock.advance(Duration.ofSeconds(6_899));
        page(source.search(CARDS, 0));
        assertThat(sim.stats().tokensIssued()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        page(source.search(CARDS, 0));

        assertThat(sim.stats().tokensIssued()).isEqualTo(2);
        assertThat(source.health().outcomes()).containsEntry("token_fetched", 2L);
    }

    @Test
    void a_token_that_stops_working_mid_run_is_replaced_and_the_run_goes_on() {
        var seen = new HashSet<String>();
        for (int page = 0; page < 5; page++) {
            if (page == 2) {
                sim.revokeTokens();
            }
            page(source.search(CARDS, page)).listings().forEach(l -> assertThat(seen.add(l.externalId()))
                    .isTrue());
        }

        assertThat(seen).hasSize(1_000);
        assertThat(sim.stats().tokensIssued()).isEqualTo(2);
        assertThat(sim.stats().searchCalls())
                .as("the refused call and its retry")
                .isEqualTo(6);
        assertThat(source.health().outcomes()).containsEntry("page", 5L);
    }

    @Test
    void a_short_lived_token_expiring_between_pages_is_renewed_before_the_call() {
        sim.tokenTtl(Duration.ofSeconds(60));
        page(source.search(CARDS, 0));
        clock.advance(Duration.ofSeconds(55));

        page(source.search(CARDS, 1));

        assertThat(sim.stats().tokensIssued()).isEqualTo(2);
        assertThat(sim.stats().searchCalls()).as("no call was refused").isEqualTo(2);
    }

    @Test
    void bids_rise_and_auctions_end_as_the_clock_moves() {
        Map<String, String> auctions = with(CARDS, "buying", "auction");
        var before = new HashMap<String, Listing>();
        for (int p = 0; p < 4; p++) {
            page(source.search(auctions, p)).listings().forEach(l -> before.put(l.externalId(), l));
        }
        assertThat(before.size()).as("every auction up, in four pages").isLessThan(800);

        clock.advance(Duration.ofDays(2));
        var after = new HashMap<String, Listing>();
        for (int p = 0; p < 4; p++) {
            page(source.search(auctions, p)).listings().forEach(l -> after.put(l.externalId(), l));
        }

        long ended = before.values().stream()
                .filter(l -> l.endsAt().isBefore(clock.instant()))
                .count();
        assertThat(ended).isPositive();
        before.values().stream()
                .filter(l -> l.endsAt().isBefore(clock.instant()))
                .forEach(l -> assertThat(after).doesNotContainKey(l.externalId()));
        var rose = before.values().stream()
                .filter(l -> after.containsKey(l.externalId()))
                .filter(l -> after.get(l.externalId()).bidCount() > l.bidCount())
                .toList();
        // a first bid is the opening price; every bid after it is a bid increment higher
        assertThat(rose).isNotEmpty().allSatisfy(l -> {
            Listing later = after.get(l.externalId());
            assertThat(later.currentBid()).isPresent();
            if (l.bidCount() > 0) {
                assertThat(shown(later)).isGreaterThan(shown(l));
            } else {
                assertThat(shown(later)).isGreaterThanOrEqualTo(shown(l));
            }
        });
        assertThat(rose).anySatisfy(l -> assertThat(l.bidCount()).isPositive());
    }

    @Test
    void a_429_with_retry_after_is_retried_by_the_policy_and_comes_back_rate_limited_when_it_persists() {
        sim.injectFault(Fault.HTTP_429, 1, 9);
        page(source.search(CARDS, 0));

        sim.injectFault(Fault.HTTP_429, 3, 9);
        var outcome = source.search(CARDS, 0);

        assertThat(outcome).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> {
            assertThat(u.failure()).isEqualTo(Failure.RATE_LIMITED);
            assertThat(u.retryAfter()).contains(Duration.ofSeconds(9));
        });
        assertThat(sim.stats().searchCalls()).isEqualTo(5);
    }

    @Test
    void the_daily_budget_is_counted_per_call_shown_in_health_and_spent_stops_calls() {
        var budgeted = source(quick(3), "EBAY_US", SECRET, Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            page(budgeted.search(CARDS, i));
        }

        var outcome = budgeted.search(CARDS, 3);

        assertThat(outcome).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.failure())
                .isEqualTo(Failure.DAILY_BUDGET_SPENT));
        assertThat(sim.stats().searchCalls()).isEqualTo(3);
        var health = budgeted.health();
        assertThat(health.dailyBudget()).isEqualTo(3);
        assertThat(health.usedToday()).isEqualTo(3);
        assertThat(health.outcomes()).containsEntry("daily_budget_spent", 1L);
        assertThat(EbaySettings.of("http://127.0.0.1:1", CLIENT, Secret.of(SECRET))
                        .policy()
                        .dailyBudget())
                .isEqualTo(5_000);
    }

    @Test
    void ebays_own_quota_spent_is_rate_limited_until_the_next_utc_day() {
        sim.dailyQuota(2);
        page(source.search(CARDS, 0));
        page(source.search(CARDS, 1));

        var outcome = source.search(CARDS, 2);

        assertThat(outcome).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> {
            assertThat(u.failure()).isEqualTo(Failure.RATE_LIMITED);
            assertThat(u.retryAfter()).isEmpty();
        });
        clock.advance(Duration.ofHours(7));
        page(source.search(CARDS, 2));
        assertThat(sim.stats().callsToday()).isEqualTo(1);
    }

    @Test
    void server_errors_slow_and_truncated_answers_are_retried_and_persistent_ones_are_reported() {
        var impatient = source(quick(100_000), "EBAY_US", SECRET, Duration.ofMillis(1500));
        sim.slowDelay(Duration.ofSeconds(6));
        for (Fault f : List.of(Fault.HTTP_500, Fault.HTTP_503, Fault.SLOW, Fault.MALFORMED)) {
            sim.injectFault(f, 1);
            assertThat(impatient.search(CARDS, 0)).as("after one %s", f).isInstanceOf(PageOutcome.Page.class);
        }

        sim.injectFault(Fault.MALFORMED, 3);
        assertThat(impatient.search(CARDS, 0)).isInstanceOf(PageOutcome.Malformed.class);
        sim.injectFault(Fault.HTTP_500, 3);
        assertThat(impatient.search(CARDS, 0))
                .isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.failure())
                        .isEqualTo(Failure.SERVER_ERROR));
        sim.injectFault(Fault.SLOW, 3);
        assertThat(impatient.search(CARDS, 0))
                .isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.failure())
                        .isEqualTo(Failure.TIMEOUT));
    }

    @Test
    void items_without_any_price_are_rejected_with_the_reason_and_the_rest_of_the_page_is_kept() {
        sim.injectFault(Fault.DROP_PRICES, 1);

        var page = page(source.search(with(CARDS, "limit", "30"), 0));

        assertThat(page.listings()).hasSize(20);
        assertThat(page.rejects()).hasSize(10).allSatisfy(r -> {
            assertThat(r.externalId()).matches("v1\\|\\d+\\|0");
            assertThat(r.reasons()).containsKey("price");
            assertThat(r.reasons().get("price")).contains("currentBidPrice");
        });
        assertThat(page.rejects()).extracting(r -> r.index()).startsWith(2, 5, 8);
    }

    @Test
    void refused_credentials_and_ebays_error_envelope_come_back_as_what_they_say() {
        var wrong = source(quick(100_000), "EBAY_US", "not-the-secret", Duration.ofSeconds(10));
        assertThat(wrong.search(CARDS, 0)).isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> {
            assertThat(u.failure()).isEqualTo(Failure.NO_CREDENTIAL);
            assertThat(u.message()).contains("invalid_client").doesNotContain("not-the-secret");
        });
        assertThat(wrong.health().outcomes()).containsEntry("token_refused", 1L);
        assertThat(sim.stats().searchCalls()).isZero();

        var british = source(quick(100_000), "EBAY_GB", SECRET, Duration.ofSeconds(10));
        assertThat(british.search(CARDS, 0)).isInstanceOfSatisfying(PageOutcome.SourceError.class, e -> {
            assertThat(e.name()).isEqualTo("API_BROWSE.REQUEST");
            assertThat(e.code()).isEqualTo("12020");
            assertThat(e.message()).contains("EBAY_US");
        });
    }

    @Test
    void a_search_ends_at_the_ten_thousand_items_ebay_serves() throws Exception {
        try (var big = EbaySimulator.start(0, clock, world, 3, 12_000)) {
            big.addClient(CLIENT, SECRET);
            var wide = new EbaySource(
                    new EbaySettings(
                            big.baseUrl(),
                            CLIENT,
                            Secret.of(SECRET),
                            "EBAY_US",
                            quick(100),
                            Duration.ofMinutes(1),
                            Duration.ofSeconds(5)),
                    http,
                    clock);

            var last = page(wide.search(CARDS, 49));
            var beyond = page(wide.search(CARDS, 50));

            assertThat(last.listings()).hasSize(200);
            assertThat(last.more()).isFalse();
            assertThat(beyond.listings()).isEmpty();
            assertThat(beyond.more()).isFalse();
            assertThat(big.stats().searchCalls())
                    .as("the page past the end is not asked for")
                    .isEqualTo(1);
        }
    }

    @Test
    void bad_queries_get_a_reason_per_key_and_never_reach_ebay() {
        var problems = source.queryProblems(Map.of(
                "team", "DAL",
                "buying", "barter",
                "minPrice", "20",
                "maxPrice", "5",
                "limit", "200",
                "pages", "101",
                "category", "cards"));

        assertThat(problems).containsOnlyKeys("team", "buying", "maxPrice", "pages", "category");
        assertThat(problems.get("buying")).contains("auction, fixed or all");
        assertThat(problems.get("maxPrice")).contains("below minPrice");
        assertThat(source.queryProblems(Map.of("limit", "200", "pages", "51", "q", "x")))
                .containsOnlyKeys("pages");
        assertThat(source.queryProblems(Map.of("limit", "200", "pages", "51", "q", "x"))
                        .get("pages"))
                .contains("10000 items");
        assertThat(source.queryProblems(Map.of("limit", "200", "pages", "50", "q", "x")))
                .isEmpty();
        assertThat(source.queryProblems(Map.of("limit", "10"))).containsOnlyKeys("q");
        assertThat(source.queryProblems(Map.of("q", "umbreon ex", "buying", "auction", "minPrice", "9.99")))
                .isEmpty();
        assertThat(source.search(Map.of("q", "x", "minPrice", "1.005"), 0))
                .isInstanceOfSatisfying(PageOutcome.Unavailable.class, u -> assertThat(u.message())
                        .contains("minPrice"));
        assertThat(sim.stats().searchCalls()).isZero();
        assertThat(source.queryKeys()).contains("q", "buying", "card");
    }
}
