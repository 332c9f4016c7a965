package dev.gavel.sim.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.time.MutableClock;
import dev.gavel.sim.cards.DemoCards;
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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EbaySimulatorTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T18:00:00Z"));
    private final DemoCards world = DemoCards.generate(7, 600, 200);
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private EbaySimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = EbaySimulator.start(0, clock, world, 5, 1_000);
        sim.addClient("app", "secret");
    }

    @AfterEach
    void stop() {
        sim.close();
        http.close();
    }

    private HttpResponse<String> token(String client, String form) throws Exception {
        String basic = Base64.getEncoder().encodeToString(client.getBytes(StandardCharsets.UTF_8));
        return http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/identity/v1/oauth2/token"))
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String grant() {
        return "grant_type=client_credentials&scope=" + URLEncoder.encode(EbaySimulator.SCOPE, StandardCharsets.UTF_8);
    }

    private String accessToken() throws Exception {
        return json.readTree(token("app:secret", grant()).body())
                .path("access_token")
                .asText();
    }

    private HttpResponse<String> search(String token, String query, boolean marketplace) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/buy/browse/v1/item_summary/search?" + query))
                .header("Authorization", "Bearer " + token);
        if (marketplace) {
            builder.header("X-EBAY-C-MARKETPLACE-ID", "EBAY_US");
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String token, String query) throws Exception {
        var response = search(token, query, true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static String filter(String f) {
        return "&filter=" + URLEncoder.encode(f, StandardCharsets.UTF_8);
    }

    @Test
    void the_token_endpoint_grants_application_tokens_and_refuses_what_it_should() throws Exception {
        JsonNode grant = json.readTree(token("app:secret", grant()).body());
        assertThat(grant.path("token_type").asText()).isEqualTo("Application Access Token");
        assertThat(grant.path("expires_in").asInt()).isEqualTo(7200);
        assertThat(grant.path("access_token").asText()).startsWith("v^1.1#");

        var wrongSecret = token("app:nope", grant());
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(json.readTree(wrongSecret.body()).path("error").asText()).isEqualTo("invalid_client");
        var wrongGrant = token("app:secret", "grant_type=password&scope=x");
        assertThat(json.readTree(wrongGrant.body()).path("error").asText()).isEqualTo("unsupported_grant_type");
        var wrongScope = token("app:secret", "grant_type=client_credentials&scope=everything");
        assertThat(json.readTree(wrongScope.body()).path("error").asText()).isEqualTo("invalid_scope");
        assertThat(sim.stats().tokensIssued()).isEqualTo(1);
    }

    @Test
    void search_needs_a_live_token_and_the_marketplace_header() throws Exception {
        var none = search("made-up", "q=pokemon", true);
        assertThat(none.statusCode()).isEqualTo(401);
        JsonNode error = json.readTree(none.body()).path("errors").get(0);
        assertThat(error.path("errorId").asInt()).isEqualTo(1001);
        assertThat(error.path("domain").asText()).isEqualTo("OAuth");
        assertThat(error.path("longMessage").asText()).isNotBlank();

        String token = accessToken();
        assertThat(search(token, "q=pokemon", false).statusCode()).isEqualTo(400);
        sim.tokenTtl(Duration.ofSeconds(60));
        String brief = accessToken();
        clock.advance(Duration.ofSeconds(60));
        assertThat(search(brief, "q=pokemon", true).statusCode()).isEqualTo(401);
        assertThat(search(token, "q=pokemon", true).statusCode()).isEqualTo(200);
    }

    @Test
    void only_fixed_price_offers_come_back_unless_auctions_are_asked_for_and_auction_only_items_have_no_price()
            throws Exception {
        String token = accessToken();
        JsonNode fixed = ok(token, "category_ids=183454&limit=200");
        JsonNode auctions = ok(token, "category_ids=183454&limit=200" + filter("buyingOptions:{AUCTION}"));

        assertThat(fixed.path("itemSummaries")).allSatisfy(i -> {
            assertThat(i.path("buyingOptions").toString()).contains("FIXED_PRICE");
            assertThat(i.path("price").path("value").isTextual()).isTrue();
            assertThat(i.path("price").path("value").asText()).matches("\\d+\\.\\d{2}");
        });
        assertThat(auctions.path("itemSummaries")).allSatisfy(i -> {
            assertThat(i.path("buyingOptions").toString()).contains("AUCTION");
            assertThat(i.path("currentBidPrice").path("currency").asText()).isEqualTo("USD");
            assertThat(i.has("bidCount")).isTrue();
        });
        assertThat(auctions.path("itemSummaries"))
                .anySatisfy(i -> assertThat(i.has("price")).isFalse());
        assertThat(fixed.path("total").asInt()).isLessThan(1_000);
        assertThat(fixed.path("next").asText()).contains("offset=200");
    }

    @Test
    void keywords_prices_sort_and_limits_narrow_the_search_and_bad_values_get_ebays_error_envelope() throws Exception {
        String token = accessToken();
        JsonNode found = ok(
                token,
                "q=umbreon&sort=endingSoonest&limit=50"
                        + filter("buyingOptions:{AUCTION|FIXED_PRICE},price:[1..40],priceCurrency:USD"));

        Instant last = Instant.MIN;
        for (JsonNode i : found.path("itemSummaries")) {
            assertThat(i.path("title").asText()).containsIgnoringCase("umbreon");
            JsonNode shown = i.has("currentBidPrice") ? i.path("currentBidPrice") : i.path("price");
            assertThat(Double.parseDouble(shown.path("value").asText())).isBetween(1.0, 40.0);
            Instant end = Instant.parse(i.path("itemEndDate").asText());
            assertThat(end).isAfterOrEqualTo(last);
            last = end;
        }
        assertThat(found.path("total").asInt()).isPositive();

        var bad = new HashMap<String, Integer>();
        bad.put("q=x&limit=201", 12015);
        bad.put("q=x&offset=10000", 12016);
        bad.put("limit=5", 12002);
        bad.put("q=x" + filter("price:[5..1],priceCurrency:USD"), 12012);
        bad.put("q=x" + filter("price:[1..5]"), 12013);
        bad.put("q=x&sort=cheapest", 12014);
        for (Map.Entry<String, Integer> e : bad.entrySet()) {
            var response = search(token, e.getKey(), true);
            assertThat(response.statusCode()).as(e.getKey()).isEqualTo(400);
            JsonNode error = json.readTree(response.body()).path("errors").get(0);
            assertThat(error.path("errorId").asInt()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(error.path("domain").asText()).isEqualTo("API_BROWSE");
        }
    }

    @Test
    void the_market_is_the_same_for_the_same_seed_and_time_and_moves_with_the_clock() throws Exception {
        String token = accessToken();
        String query = "category_ids=183454&limit=200" + filter("buyingOptions:{AUCTION}");
        JsonNode first = ok(token, query);
        try (var twin = EbaySimulator.start(0, clock, world, 5, 1_000)) {
            assertThat(twin.liveItemIds()).isEqualTo(sim.liveItemIds());
        }

        clock.advance(Duration.ofDays(11));
        JsonNode later = ok(accessToken(), query);

        var before = new HashMap<String, JsonNode>();
        first.path("itemSummaries").forEach(i -> before.put(i.path("itemId").asText(), i));
        later.path("itemSummaries").forEach(i -> assertThat(before)
                .doesNotContainKey(i.path("itemId").asText()));
        assertThat(sim.liveItemIds()).hasSize(1_000).doesNotContainAnyElementsOf(before.keySet());
    }

    @Test
    void the_daily_quota_answers_429_when_spent_and_resets_on_the_next_utc_day() throws Exception {
        sim.dailyQuota(2);
        String token = accessToken();
        ok(token, "q=pokemon");
        ok(token, "q=pokemon");

        var refused = search(token, "q=pokemon", true);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(json.readTree(refused.body())
                        .path("errors")
                        .get(0)
                        .path("errorId")
                        .asInt())
                .isEqualTo(2001);
        assertThat(sim.stats().callsToday()).isEqualTo(2);
        clock.advance(Duration.ofHours(6));
        ok(accessToken(), "q=pokemon");
    }

    @Test
    void an_auctions_bids_only_rise_and_its_buy_it_now_goes_with_the_first_bid() {
        var market = new EbayMarket(5, world, 1_000);
        Instant now = clock.instant();
        int checked = 0;
        for (EbayMarket.Offer o : market.live(now)) {
            if (!o.auction() || o.bids().isEmpty()) {
                continue;
            }
            checked++;
            long previous = 0;
            for (EbayMarket.Bid b : o.bids()) {
                assertThat(b.cents()).isGreaterThan(previous);
                assertThat(b.at()).isAfter(o.listedAt()).isBefore(o.endsAt());
                previous = b.cents();
            }
            assertThat(o.bids().get(0).cents()).isEqualTo(o.startCents());
            if (o.buyItNow()) {
                assertThat(o.price(o.bids().get(0).at().minusSeconds(1))).isPresent();
                assertThat(o.price(o.bids().get(0).at())).isEmpty();
            }
        }
        assertThat(checked).isGreaterThan(100);
    }
}
