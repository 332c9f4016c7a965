package dev.gavel.sim.pokemontcg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.time.MutableClock;
import dev.gavel.sim.cards.DemoCards;
import dev.gavel.sim.cards.DemoCards.Card;
import dev.gavel.sim.pokemontcg.PokemonTcgSimulator.Fault;
import dev.gavel.sim.pokemontcg.PokemonTcgSimulator.Limits;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PokemonTcgSimulatorTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T18:00:30Z"));
    private final DemoCards world = DemoCards.generate(7, 600, 20);
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private PokemonTcgSimulator sim;
    private String key;

    @BeforeEach
    void start() throws Exception {
        sim = PokemonTcgSimulator.start(0, clock, world);
        key = sim.issueKey();
    }

    @AfterEach
    void stop() {
        sim.close();
        http.close();
    }

    private HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery));
        headers.forEach(builder::header);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode cards(String q, String more) throws Exception {
        var response =
                get("/v2/cards?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + more, Map.of("X-Api-Key", key));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static List<String> names(JsonNode page) {
        var out = new ArrayList<String>();
        page.path("data").forEach(c -> out.add(c.path("name").asText()));
        return out;
    }

    @Test
    void cards_of_a_set_come_in_pages_of_the_envelope() throws Exception {
        JsonNode page = cards("set.id:sv6", "&page=3&pageSize=50");

        assertThat(page.path("page").asInt()).isEqualTo(3);
        assertThat(page.path("pageSize").asInt()).isEqualTo(50);
        assertThat(page.path("count").asInt()).isEqualTo(20);
        assertThat(page.path("totalCount").asInt()).isEqualTo(120);
        assertThat(page.path("data"))
                .allSatisfy(c -> assertThat(c.path("set").path("id").asText()).isEqualTo("sv6"));
        assertThat(cards("set.id:sv6", "").path("pageSize").asInt()).isEqualTo(250);
    }

    @Test
    void a_card_has_the_apis_shape_with_nulls_where_a_price_is_absent() throws Exception {
        Card c = world.cards().stream()
                .filter(x -> x.pokemon() && x.productId() % 7 == 0 && x.productId() % 29 != 0)
                .findFirst()
                .orElseThrow();
        var response = get("/v2/cards/" + c.sourceId(), Map.of());
        JsonNode card = json.readTree(response.body()).path("data");

        assertThat(card.path("id").asText()).isEqualTo(c.sourceId());
        assertThat(card.path("supertype").asText()).isEqualTo("Pokémon");
        assertThat(c.number()).startsWith(card.path("number").asText() + "/");
        assertThat(card.path("set").path("printedTotal").asInt())
                .isEqualTo(c.set().size());
        assertThat(card.path("set").path("releaseDate").asText()).matches("\\d{4}/\\d{2}/\\d{2}");
        assertThat(card.path("images").path("small").asText()).endsWith(".png");
        JsonNode tcg = card.path("tcgplayer");
        assertThat(tcg.path("updatedAt").asText()).isEqualTo("2026/12/02");
        for (String printing : c.printings()) {
            String k =
                    switch (printing) {
                        case "Normal" -> "normal";
                        case "Holofoil" -> "holofoil";
                        default -> "reverseHolofoil";
                    };
            JsonNode p = tcg.path("prices").path(k);
            assertThat(p.get("mid").isNull()).isTrue();
            assertThat(p.get("market").isNumber()).isTrue();
        }
        assertThat(card.path("cardmarket").path("prices").path("trendPrice").isNumber())
                .isEqualTo(c.productId() % 13 != 0);

        var missing = get("/v2/cards/sv6-9999", Map.of());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).path("error").path("code").asInt())
                .isEqualTo(404);
    }

    @Test
    void q_understands_words_phrases_wildcards_exact_matches_negation_or_and_groups() throws Exception {
        assertThat(names(cards("name:charizard", ""))).isNotEmpty().allMatch(n -> n.startsWith("Charizard"));
        assertThat(names(cards("name:\"charizard ex\"", ""))).isNotEmpty().allMatch(n -> n.equals("Charizard ex"));
        assertThat(names(cards("!name:charizard", ""))).isNotEmpty().allMatch(n -> n.equals("Charizard"));
        assertThat(names(cards("name:\"char*\"", ""))).isNotEmpty().allMatch(n -> n.startsWith("Charizard"));
        assertThat(names(cards("name:flabebe", ""))).isNotEmpty().allMatch(n -> n.startsWith("Flabébé"));
        assertThat(names(cards("name:ex* set.id:sv8", ""))).isNotEmpty().allMatch(n -> n.endsWith(" ex"));
        JsonNode two = cards("(id:sv6-7 OR id:sv8-3) -rarity:\"special illustration rare\"", "");
        assertThat(two.path("totalCount").asInt()).isBetween(1, 2);
        JsonNode notCommon = cards("set.id:sv9 -rarity:common", "");
        assertThat(notCommon.path("data"))
                .allSatisfy(c -> assertThat(c.path("rarity").asText()).isNotEqualTo("Common"));

        for (String bad : List.of("hp:[1 TO 9]", "color:red", "(name:mew", "charizard", "name:\"mew")) {
            var response =
                    get("/v2/cards?q=" + URLEncoder.encode(bad, StandardCharsets.UTF_8), Map.of("X-Api-Key", key));
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            JsonNode error = json.readTree(response.body()).path("error");
            assertThat(error.path("code").asInt()).isEqualTo(400);
            assertThat(error.path("message").asText()).startsWith("Bad Request");
        }
        assertThat(get("/v2/cards?pageSize=251", Map.of("X-Api-Key", key)).statusCode())
                .isEqualTo(400);
    }

    @Test
    void sets_come_in_release_order() throws Exception {
        JsonNode sets =
                json.readTree(get("/v2/sets?orderBy=releaseDate", Map.of()).body());

        assertThat(sets.path("totalCount").asInt()).isEqualTo(5);
        var ids = new ArrayList<String>();
        sets.path("data").forEach(s -> ids.add(s.path("id").asText()));
        assertThat(ids).containsExactly("sv3pt5", "sv4pt5", "sv6", "sv8", "sv9");
        JsonNode first = sets.path("data").get(0);
        assertThat(first.path("releaseDate").asText()).isEqualTo("2023/09/22");
        assertThat(first.path("total").asInt())
                .isGreaterThanOrEqualTo(first.path("printedTotal").asInt());
    }

    @Test
    void without_a_key_thirty_calls_a_minute_are_allowed_then_429_says_when_to_come_back() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertThat(get("/v2/sets", Map.of()).statusCode()).isEqualTo(200);
        }
        var refused = get("/v2/sets", Map.of());

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("30");
        assertThat(json.readTree(refused.body()).path("error").path("code").asInt())
                .isEqualTo(429);
        assertThat(get("/v2/sets", Map.of("X-Api-Key", key)).statusCode()).isEqualTo(200);
        assertThat(get("/v2/sets", Map.of("X-Api-Key", "forged")).statusCode()).isEqualTo(403);

        sim.limits(new Limits(1, 1_000, 30));
        assertThat(get("/v2/sets", Map.of("X-Api-Key", key)).statusCode()).isEqualTo(429);
        assertThat(sim.stats().rateLimited()).isEqualTo(2);
    }

    @Test
    void faults_answer_once_each_and_then_the_api_is_itself_again() throws Exception {
        sim.injectFault(Fault.HTTP_500, 1);
        sim.injectFault(Fault.MALFORMED, 1);
        sim.injectFault(Fault.HTTP_429, 1, 12);

        assertThat(get("/v2/sets", Map.of()).statusCode()).isEqualTo(500);
        var cut = get("/v2/sets", Map.of());
        assertThat(cut.statusCode()).isEqualTo(200);
        assertThat(cut.body()).doesNotEndWith("}");
        var limited = get("/v2/sets", Map.of());
        assertThat(limited.headers().firstValue("Retry-After")).contains("12");
        assertThat(get("/v2/sets", Map.of()).statusCode()).isEqualTo(200);
        assertThat(sim.stats().faultsServed()).isEqualTo(3);
    }

    @Test
    void card_images_are_pngs_of_the_cards_size() throws Exception {
        var small = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/images/sv6/7.png"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        var large = http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/images/sv6/7_hires.png"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(small.headers().firstValue("Content-Type")).contains("image/png");
        var image = ImageIO.read(new ByteArrayInputStream(small.body()));
        assertThat(image.getWidth()).isEqualTo(245);
        assertThat(image.getHeight()).isEqualTo(342);
        assertThat(ImageIO.read(new ByteArrayInputStream(large.body())).getWidth())
                .isEqualTo(734);
        assertThat(get("/images/sv6/9999.png", Map.of()).statusCode()).isEqualTo(404);
        assertThat(sim.stats().calls()).as("images are not API calls").isZero();
    }
}
