package dev.gavel.sim.optcg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.time.MutableClock;
import dev.gavel.sim.cards.DemoCards;
import dev.gavel.sim.optcg.OptcgSimulator.PriceStyle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The OPTCG simulator's wire shapes, over plain HTTP. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OptcgSimulatorTest {
    private static final DemoCards WORLD = DemoCards.generate(3, 10, 80);
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T12:00:00Z"));
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private OptcgSimulator sim;

    @BeforeEach
    void start() throws Exception {
        sim = OptcgSimulator.start(0, clock, WORLD);
    }

    @AfterEach
    void stop() {
        sim.close();
        http.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(String path) throws Exception {
        return json.readTree(get(path).body());
    }

    @Test
    void the_set_list_names_the_one_piece_sets_with_hyphenated_ids() throws Exception {
        var sets = body("/api/allSets/");

        assertThat(sets).hasSize(4);
        assertThat(sets.get(0).path("set_id").asText()).isEqualTo("OP-01");
        assertThat(sets.get(0).path("set_name").asText()).isEqualTo("Romance Dawn");
    }

    @Test
    void a_set_lists_its_cards_with_parallels_under_the_same_number() throws Exception {
        var cards = body("/api/sets/OP-01/");
        var foil = WORLD.cards().stream()
                .filter(c -> !c.pokemon()
                        && c.set().code().equals("OP01")
                        && c.printings().size() > 1)
                .findFirst()
                .orElseThrow();

        assertThat(cards)
                .hasSize(WORLD.cards().stream()
                        .filter(c -> !c.pokemon() && c.set().code().equals("OP01"))
                        .mapToInt(c -> c.printings().size())
                        .sum());
        JsonNode first = cards.get(0);
        for (String field : new String[] {
            "inventory_price",
            "market_price",
            "card_name",
            "set_name",
            "set_id",
            "rarity",
            "card_set_id",
            "card_color",
            "card_type",
            "date_scraped",
            "card_image_id",
            "card_image"
        }) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.path("market_price").isNumber()).isTrue();
        assertThat(first.path("date_scraped").asText()).isEqualTo("2026-12-02");
        var variants = body("/api/sets/card/" + foil.number() + "/");
        assertThat(variants).hasSize(2);
        assertThat(variants.get(1).path("card_set_id").asText()).isEqualTo(foil.number());
        assertThat(variants.get(1).path("card_image_id").asText()).isEqualTo(foil.number() + "_p1");
        assertThat(variants.get(1).path("card_name").asText()).endsWith("(Parallel)");
    }

    @Test
    void prices_can_be_strings_and_unknown_sets_and_cards_are_a_404() throws Exception {
        sim.priceStyle(PriceStyle.STRINGS);

        assertThat(body("/api/sets/OP-02/").get(0).path("market_price").isTextual())
                .isTrue();
        assertThat(get("/api/sets/OP-99/").statusCode()).isEqualTo(404);
        assertThat(get("/api/sets/card/OP09-999/").statusCode()).isEqualTo(404);
        assertThat(sim.stats().setCalls()).isEqualTo(2);
        assertThat(sim.stats().cardCalls()).isEqualTo(1);
        assertThat(body("/_sim/stats").path("setCalls").asLong()).isEqualTo(2);
    }
}
