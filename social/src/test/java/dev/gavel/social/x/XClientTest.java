package dev.gavel.social.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gavel.core.Secret;
import dev.gavel.core.time.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a local HTTP server answering in X's shapes (SOURCES.md), scripted per test. */
class XClientTest {
    private static final String PAGE = """
            {"data":[
              {"id":"1861000000000000001","text":"bid 2.5 ETH #GENESIS1","created_at":"2026-11-21T19:00:01.000Z","author_id":"42",
               "conversation_id":"1860000000000000000","referenced_tweets":[{"type":"replied_to","id":"1860000000000000000"}],
               "edit_controls":{"edits_remaining":5,"is_edit_eligible":true},"brand_new_field":{"x":1}},
              {"id":"1861000000000000002","text":"gm","created_at":"2026-11-21T19:00:02.000Z","author_id":"43"},
              {"id":"1861000000000000003","text":"no author","created_at":"2026-11-21T19:00:03.000Z"}
            ],
             "includes":{"users":[{"id":"42","username":"ada","created_at":"2019-05-01T00:00:00.000Z","verified":false,"public_metrics":{}},
                                  {"id":"43","username":"newbie"}]},
             "meta":{"newest_id":"1861000000000000003","oldest_id":"1861000000000000001","result_count":3,"next_token":"b26v89c19zqg8o3f"}}
            """;

    record Scripted(int status, Map<String, String> headers, String body) {}

    private HttpServer server;
    private final Deque<Scripted> script = new ArrayDeque<>();
    private final List<String> seen = new ArrayList<>();
    private final List<Instant> seenAt = new ArrayList<>();
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-21T19:00:00Z"));
    private final List<Duration> slept = new ArrayList<>();
    private XClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        var settings = new XSettings(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Secret.of("app-bearer"),
                Optional.of(Secret.of("host-user-token")),
                Duration.ofSeconds(5),
                3,
                Duration.ofMillis(100),
                Duration.ofMinutes(16));
        client = new XClient(settings, clock, d -> {
            slept.add(d);
            clock.advance(d);
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth="
                + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
        seenAt.add(clock.instant());
        var next = script.isEmpty() ? new Scripted(500, Map.of(), "{}") : script.poll();
        next.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = next.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(next.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static Map<String, String> limit(int remaining, Instant reset) {
        return Map.of(
                "x-rate-limit-limit",
                "450",
                "x-rate-limit-remaining",
                Integer.toString(remaining),
                "x-rate-limit-reset",
                Long.toString(reset.getEpochSecond()));
    }

    @Test
    void a_search_page_is_read_with_users_and_paging_and_odd_posts_are_skipped() {
        script.add(new Scripted(200, limit(449, clock.instant().plusSeconds(900)), PAGE));

        var page = client.searchRecent("#GENESIS1 is:reply", Optional.of("1860999999999999999"), Optional.empty());

        assertThat(page.tweets()).extracting(Tweet::id).containsExactly("1861000000000000001", "1861000000000000002");
        var bid = page.tweets().get(0);
        assertThat(bid.inReplyToTweetId()).contains("1860000000000000000");
        assertThat(bid.createdAt()).isEqualTo(Instant.parse("2026-11-21T19:00:01Z"));
        assertThat(page.tweets().get(1).conversationId()).isEmpty();
        assertThat(page.users().get("42").createdAt()).contains(Instant.parse("2019-05-01T00:00:00Z"));
        assertThat(page.users().get("43").createdAt()).isEmpty();
        assertThat(page.nextToken()).contains("b26v89c19zqg8o3f");
        assertThat(page.newestId()).contains("1861000000000000003");
        assertThat(seen.get(0))
                .startsWith(
                        "GET /2/tweets/search/recent?query=%23GENESIS1+is%3Areply&max_results=100&since_id=1860999999999999999")
                .contains(
                        "tweet.fields=created_at%2Cauthor_id%2Cconversation_id",
                        "expansions=author_id", "auth=Bearer app-bearer");
    }

    @Test
    void an_empty_result_has_no_data_and_no_error() {
        script.add(new Scripted(200, Map.of(), "{\"meta\":{\"result_count\":0}}"));
        var page = client.mentions("99", Optional.empty(), Optional.of("tok"));
        assertThat(page.tweets()).isEmpty();
        assertThat(page.nextToken()).isEmpty();
        assertThat(seen.get(0)).startsWith("GET /2/users/99/mentions?max_results=100&pagination_token=tok");
    }

    @Test
    void a_429_is_waited_out_until_the_reset_and_never_hammered() {
        Instant reset = clock.instant().plusSeconds(120);
        script.add(
                new Scripted(
                        429,
                        limit(0, reset),
                        "{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\",\"type\":\"about:blank\",\"status\":429}"));
        script.add(new Scripted(200, limit(449, reset.plusSeconds(900)), PAGE));

        var page = client.searchRecent("#G1", Optional.empty(), Optional.empty());

        assertThat(page.tweets()).hasSize(2);
        assertThat(seen).hasSize(2);
        assertThat(seenAt.get(1)).isAfter(reset);
    }

    @Test
    void a_spent_window_makes_the_next_call_wait_for_the_reset_before_calling() {
        Instant reset = clock.instant().plusSeconds(300);
        script.add(new Scripted(200, limit(0, reset), PAGE));
        script.add(new Scripted(200, limit(449, reset.plusSeconds(900)), PAGE));

        client.searchRecent("#G1", Optional.empty(), Optional.empty());
        client.searchRecent("#G1", Optional.empty(), Optional.empty());

        assertThat(seenAt.get(1)).isAfter(reset);
        assertThat(slept).hasSize(1);
    }

    @Test
    void a_reset_further_off_than_the_client_waits_is_handed_to_the_caller() {
        Instant reset = clock.instant().plus(Duration.ofHours(2));
        script.add(new Scripted(429, limit(0, reset), "{}"));

        assertThatThrownBy(() -> client.searchRecent("#G1", Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(XException.RateLimited.class, e -> assertThat(e.resetAt())
                        .isEqualTo(reset));
        assertThat(seen).hasSize(1);
    }

    @Test
    void server_errors_are_retried_with_growing_backoff_then_given_up() {
        script.add(new Scripted(503, Map.of(), "{\"title\":\"Service Unavailable\"}"));
        script.add(new Scripted(500, Map.of(), "{}"));
        script.add(new Scripted(200, Map.of(), PAGE));
        assertThat(client.searchRecent("#G1", Optional.empty(), Optional.empty())
                        .tweets())
                .hasSize(2);
        assertThat(slept).hasSize(2);
        assertThat(slept.get(1)).isGreaterThan(slept.get(0).minusMillis(60));

        for (int i = 0; i < 4; i++) {
            script.add(new Scripted(502, Map.of(), "{}"));
        }
        assertThatThrownBy(() -> client.searchRecent("#G1", Optional.empty(), Optional.empty()))
                .isInstanceOf(XException.Unavailable.class)
                .hasMessageContaining("502");
    }

    @Test
    void a_refused_request_says_why_and_is_not_retried() {
        script.add(
                new Scripted(
                        400,
                        Map.of(),
                        "{\"errors\":[{\"parameters\":{\"since_id\":[\"x\"]},\"message\":\"The `since_id` query parameter value [x] is not valid\"}],\"title\":\"Invalid Request\",\"type\":\"https://api.twitter.com/2/problems/invalid-request\"}"));

        assertThatThrownBy(() -> client.searchRecent("#G1", Optional.of("x"), Optional.empty()))
                .isInstanceOfSatisfying(
                        XException.Rejected.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("since_id");
        assertThat(seen).hasSize(1);
    }

    @Test
    void repeated_failures_open_the_circuit_breaker() {
        for (int i = 0; i < 40; i++) {
            script.add(new Scripted(500, Map.of(), "{}"));
        }
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> client.searchRecent("#G1", Optional.empty(), Optional.empty()))
                    .isInstanceOf(XException.Unavailable.class);
        }
        int calls = seen.size();

        assertThatThrownBy(() -> client.searchRecent("#G1", Optional.empty(), Optional.empty()))
                .isInstanceOf(XException.Unavailable.class)
                .hasMessageContaining("circuit breaker is open");
        assertThat(seen).hasSize(calls);
        assertThat(client.circuitBreaker().getState().name()).isEqualTo("OPEN");
    }

    @Test
    void a_reply_is_posted_as_the_host() {
        script.add(new Scripted(201, Map.of(), "{\"data\":{\"id\":\"1862000000000000000\",\"text\":\"Accepted\"}}"));

        String id = client.post(
                "Accepted: 2.5 ETH leads. Next bid at least 2.625 ETH.", Optional.of("1861000000000000001"));

        assertThat(id).isEqualTo("1862000000000000000");
        assertThat(seen.get(0))
                .startsWith("POST /2/tweets auth=Bearer host-user-token")
                .contains("\"in_reply_to_tweet_id\":\"1861000000000000001\"");
    }

    @Test
    void snowflake_ids_tell_when_a_post_was_made() {
        assertThat(Tweet.snowflakeTime("1861000000000000001"))
                .isBetween(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(Tweet.snowflakeTime(Long.toString(
                        ((Instant.parse("2026-11-21T19:00:00Z").toEpochMilli() - 1_288_834_974_657L) << 22))))
                .isEqualTo(Instant.parse("2026-11-21T19:00:00Z"));
    }
}
