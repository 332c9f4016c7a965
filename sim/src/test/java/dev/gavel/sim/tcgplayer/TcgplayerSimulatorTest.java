package dev.gavel.sim.tcgplayer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.time.MutableClock;
import dev.gavel.sim.cards.DemoCards;
import dev.gavel.sim.tcgplayer.TcgplayerSimulator.Endpoint;
import dev.gavel.sim.tcgplayer.TcgplayerSimulator.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TCGplayer simulator's wire shapes and limits, over plain HTTP. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcgplayerSimulatorTest {
    private static final DemoCards WORLD = DemoCards.generate(3, 300, 80);
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T12:00:00Z"));
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private TcgplayerSimulator sim;
    private String token;

    @BeforeEach
    void start() throws Exception {
        sim = TcgplayerSimulator.start(0, clock, WORLD, "id-1", "secret-1");
        token = json.readTree(
                        tokenCall("client_credentials", "id-1", "secret-1").body())
                .path("access_token")
                .asText();
    }

    @AfterEach
    void stop() {
        sim.close();
        http.close();
    }

    private HttpResponse<String> tokenCall(String grant, String id, String secret) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=" + grant + "&client_id=" + id + "&client_secret=" + secret))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    @Test
    void client_credentials_buy_a_bearer_token_and_anything_else_is_refused() throws Exception {
        var grant = body(tokenCall("client_credentials", "id-1", "secret-1"));
        assertThat(grant.path("token_type").asText()).isEqualTo("bearer");
        assertThat(grant.path("expires_in").asLong()).isEqualTo(1_209_599);
        assertThat(grant.path("access_token").asText()).hasSizeGreaterThan(40);

        var wrong = tokenCall("client_credentials", "id-1", "nope");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(body(wrong).path("error").asText()).isEqualTo("invalid_client");
        assertThat(tokenCall("password", "id-1", "secret-1").statusCode()).isEqualTo(400);
        assertThat(sim.stats().tokensIssued()).isEqualTo(2);
        assertThat(sim.stats().tokenRefusals()).isEqualTo(2);
    }

    @Test
    void without_a_valid_token_every_call_is_a_401_and_a_token_dies_with_its_lifetime() throws Exception {
        var none = get("/catalog/categories/3/groups", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(body(none).path("Message").asText()).isEqualTo("Authorization has been denied for this request.");
        assertThat(get("/catalog/categories/3/groups", "made-up").statusCode()).isEqualTo(401);

        sim.tokenLifetime(Duration.ofSeconds(60));
        String shortLived = body(tokenCall("client_credentials", "id-1", "secret-1"))
                .path("access_token")
                .asText();
        assertThat(get("/catalog/categories/3/groups", shortLived).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(60));
        assertThat(get("/catalog/categories/3/groups", shortLived).statusCode()).isEqualTo(401);
        assertThat(get("/catalog/categories/3/groups", token).statusCode()).isEqualTo(200);
        sim.revokeTokens();
        assertThat(get("/catalog/categories/3/groups", token).statusCode()).isEqualTo(401);
        assertThat(sim.stats().unauthorized()).isEqualTo(4);
    }

    @Test
    void groups_and_products_come_in_the_envelope_with_extended_data_and_a_leading_version_is_ignored()
            throws Exception {
        var groups = body(get("/v1.39.0/catalog/categories/68/groups?limit=100", token));
        assertThat(groups.path("success").asBoolean()).isTrue();
        assertThat(groups.path("totalItems").asInt()).isEqualTo(4);
        var first = groups.path("results").get(0);
        assertThat(first.path("abbreviation").asText()).isEqualTo("OP01");
        assertThat(first.path("categoryId").asInt()).isEqualTo(68);
        assertThat(first.path("publishedOn").asText()).isEqualTo("2022-12-02T00:00:00");

        var products = body(get(
                "/catalog/products?categoryId=68&groupId="
                        + first.path("groupId").asInt() + "&getExtendedFields=true&offset=0&limit=100",
                token));
        assertThat(products.path("totalItems").asInt()).isEqualTo(20);
        var product = products.path("results").get(0);
        assertThat(product.path("extendedData").get(0).path("value").asText()).isEqualTo("OP01-001");
        assertThat(product.path("extendedData").get(0).path("name").asText()).isEqualTo("Number");
        assertThat(product.path("extendedData").get(1).path("name").asText()).isEqualTo("Rarity");
        assertThat(product.has("cleanName") && product.has("imageUrl") && product.has("url"))
                .isTrue();
    }

    @Test
    void more_than_100_a_page_or_250_ids_a_price_call_is_a_400_and_nothing_found_a_404() throws Exception {
        var tooMany = get("/catalog/products?categoryId=3&limit=101", token);
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(body(tooMany).path("success").asBoolean()).isFalse();

        String ids251 = IntStream.range(0, 251)
                .mapToObj(i -> Integer.toString(500_001 + i))
                .collect(Collectors.joining(","));
        assertThat(get("/pricing/product/" + ids251, token).statusCode()).isEqualTo(400);

        var nothing = get("/pricing/product/1,2", token);
        assertThat(nothing.statusCode()).isEqualTo(404);
        assertThat(nothing.body())
                .isEqualTo("{\"success\":false,\"errors\":[\"No products were found.\"],\"results\":[]}");
    }

    @Test
    void prices_are_one_result_per_printing_with_nulls_where_the_world_has_no_price() throws Exception {
        var card = WORLD.cards().stream()
                .filter(c -> c.productId() % 21 == 0)
                .findFirst()
                .orElseThrow();

        var results = body(get("/pricing/product/" + card.productId(), token)).path("results");

        assertThat(results).hasSize(card.printings().size());
        var first = results.get(0);
        assertThat(first.path("subTypeName").asText())
                .isEqualTo(card.printings().getFirst());
        assertThat(first.path("midPrice").isNull()).isTrue();
        assertThat(first.path("directLowPrice").isNull()).isTrue();
        var prices = WORLD.prices(card, card.printings().getFirst(), clock.instant(), clock.instant());
        assertThat(first.path("marketPrice").decimalValue().movePointRight(2).longValueExact())
                .isEqualTo(prices.market());
    }

    @Test
    void faults_hit_only_their_endpoint_and_skus_list_every_printing_and_condition() throws Exception {
        sim.injectFault(Fault.HTTP_429, 1, Endpoint.PRICING, 9);
        var card = WORLD.cards().getFirst();

        var skus = body(get("/catalog/products/" + card.productId() + "/skus", token))
                .path("results");
        var limited = get("/pricing/product/" + card.productId(), token);

        assertThat(skus).hasSize(card.printings().size() * 5);
        assertThat(skus.get(0).has("skuId") && skus.get(0).has("conditionId")).isTrue();
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("9");
        assertThat(get("/pricing/product/" + card.productId(), token).statusCode())
                .isEqualTo(200);
        assertThat(List.of(
                        sim.stats().skuCalls(),
                        sim.stats().pricingCalls(),
                        sim.stats().faultsServed()))
                .containsExactly(1L, 2L, 1L);
    }

    @Test
    void faults_and_counters_are_reachable_over_http_too() throws Exception {
        var inject = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/faults"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"fault\":\"ERROR_ENVELOPE\",\"endpoint\":\"GROUPS\",\"times\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(inject.statusCode()).isEqualTo(200);

        var failed = get("/catalog/categories/3/groups", token);

        assertThat(failed.statusCode()).isEqualTo(200);
        assertThat(body(failed).path("success").asBoolean()).isFalse();
        var stats = body(get("/_sim/stats", null));
        assertThat(stats.path("groupCalls").asLong()).isEqualTo(1);
        assertThat(stats.path("faultsServed").asLong()).isEqualTo(1);
        assertThat(stats.path("tokensIssued").asLong()).isEqualTo(1);
    }
}
