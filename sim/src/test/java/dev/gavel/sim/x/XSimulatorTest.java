package dev.gavel.sim.x;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.time.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class XSimulatorTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-21T19:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private XSimulator sim;

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                        .header("Authorization", "Bearer t")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void replies_are_found_by_hashtag_newest_first_after_since_id_and_in_pages() throws Exception {
        sim = XSimulator.start(0, clock, "gavelhost");
        var announce = sim.post(sim.hostId(), "Auction #G1 is live", Optional.empty());
        var ada = sim.user("ada", clock.instant().minus(Duration.ofDays(400)));
        var first = sim.post(ada.id(), "bid 1 ETH #G1", Optional.of(announce.id()));
        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 12; i++) {
            sim.post(ada.id(), "bid " + (2 + i) + " ETH #g1", Optional.of(announce.id()));
        }

        var page = new ObjectMapper()
                .readTree(get("/2/tweets/search/recent?query=%23G1%20is%3Areply&max_results=10&since_id=" + first.id())
                        .body());
        assertThat(page.path("data")).hasSize(10);
        assertThat(page.path("data").get(0).path("text").asText()).isEqualTo("bid 13 ETH #g1");
        assertThat(page.path("includes").path("users").get(0).path("username").asText())
                .isEqualTo("ada");
        assertThat(page.path("data")
                        .get(0)
                        .path("referenced_tweets")
                        .get(0)
                        .path("id")
                        .asText())
                .isEqualTo(announce.id());
        JsonNode next = new ObjectMapper()
                .readTree(get("/2/tweets/search/recent?query=%23G1%20is%3Areply&max_results=10&since_id=" + first.id()
                                + "&next_token="
                                + page.path("meta").path("next_token").asText())
                        .body());
        assertThat(next.path("data")).hasSize(2);
        assertThat(next.path("meta").has("next_token")).isFalse();
    }

    @Test
    void injected_429s_carry_rate_limit_headers_and_then_calls_work_again() throws Exception {
        sim = XSimulator.start(0, clock, "gavelhost");
        sim.inject429(1, Duration.ofSeconds(30));

        var limited = get("/2/tweets/search/recent?query=%23G1");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("x-rate-limit-remaining")).contains("0");
        assertThat(limited.headers().firstValue("x-rate-limit-reset"))
                .contains(Long.toString(clock.instant().plusSeconds(30).getEpochSecond()));

        assertThat(get("/2/tweets/search/recent?query=%23G1").statusCode()).isEqualTo(200);
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/2/tweets/search/recent?query=x"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
    }
}
