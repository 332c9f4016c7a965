package dev.gavel.social.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * X API v2 over {@code java.net.http}. Reads with the app's bearer token, posts with the host's user token.
 * Honours {@code x-rate-limit-remaining}/{@code x-rate-limit-reset} per endpoint: with the window spent it
 * waits for the reset (up to {@link XSettings#maxRateLimitWait()}) instead of calling, and a 429 is waited
 * out, never hammered. 5xx answers, timeouts and I/O errors are retried with exponential backoff and
 * jitter; persistent failure opens a circuit breaker. Fields X may omit are optional; unknown fields are
 * ignored. Thread-safe.
 */
public final class XClient {
    private static final Logger LOG = LoggerFactory.getLogger(XClient.class);
    static final String TWEET_FIELDS =
            "created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,edit_controls,edit_history_tweet_ids";
    static final String USER_FIELDS = "created_at,public_metrics,verified,username";
    private static final int MAX_429_WAITS = 5;

    /** Waits; tests replace it with one that moves a clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private record Window(int remaining, Instant resetAt) {}

    private final XSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final CircuitBreaker breaker;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public XClient(XSettings settings, Clock clock, Sleeper sleeper) {
        this(settings, clock, sleeper, io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.ofDefaults());
    }

    /** With the breaker registered in {@code breakers} (so its state can be exported as metrics). */
    public XClient(
            XSettings settings,
            Clock clock,
            Sleeper sleeper,
            io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry breakers) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.clock = clock;
        this.sleeper = sleeper;
        this.breaker = breakers.circuitBreaker(
                "x-api",
                CircuitBreakerConfig.custom()
                        .slidingWindowSize(20)
                        .minimumNumberOfCalls(5)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Duration.ofSeconds(30))
                        .ignoreExceptions(XException.Rejected.class, XException.RateLimited.class)
                        .build());
    }

    public static XClient create(
            XSettings settings, io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry breakers) {
        return new XClient(settings, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), breakers);
    }

    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /** Recent search ({@code GET /2/tweets/search/recent}), newer than {@code sinceId} when given. */
    public TweetPage searchRecent(String query, Optional<String> sinceId, Optional<String> nextToken) {
        var params = new LinkedHashMap<String, String>();
        params.put("query", query);
        params.put("max_results", "100");
        sinceId.ifPresent(id -> params.put("since_id", id));
        nextToken.ifPresent(t -> params.put("next_token", t));
        return page(get("search", "/2/tweets/search/recent", params));
    }

    /** Posts mentioning {@code userId} ({@code GET /2/users/:id/mentions}). */
    public TweetPage mentions(String userId, Optional<String> sinceId, Optional<String> paginationToken) {
        var params = new LinkedHashMap<String, String>();
        params.put("max_results", "100");
        sinceId.ifPresent(id -> params.put("since_id", id));
        paginationToken.ifPresent(t -> params.put("pagination_token", t));
        return page(get("mentions", "/2/users/" + userId + "/mentions", params));
    }

    /** Posts as the host ({@code POST /2/tweets}), as a reply when {@code inReplyTo} is given; returns the new id. */
    public String post(String text, Optional<String> inReplyTo) {
        var token = settings.userToken()
                .orElseThrow(() -> new XException.Rejected(401, "no user token (GAVEL_X_USER_TOKEN) to post with"));
        var body = json.createObjectNode().put("text", text);
        inReplyTo.ifPresent(id -> body.putObject("reply").put("in_reply_to_tweet_id", id));
        var request = HttpRequest.newBuilder(settings.baseUrl().resolve("/2/tweets"))
                .header("Authorization", "Bearer " + token.reveal())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        var answer = call("post", request);
        String id = answer.path("data").path("id").asText("");
        if (id.isEmpty()) {
            throw new XException.Unavailable("X answered a post without an id: " + answer, null);
        }
        return id;
    }

    private JsonNode get(String endpoint, String path, Map<String, String> params) {
        params.put("tweet.fields", TWEET_FIELDS);
        params.put("expansions", "author_id");
        params.put("user.fields", USER_FIELDS);
        var query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        var request = HttpRequest.newBuilder(settings.baseUrl().resolve(path + query))
                .header("Authorization", "Bearer " + settings.bearerToken().reveal())
                .GET();
        return call(endpoint, request);
    }

    private JsonNode call(String endpoint, HttpRequest.Builder request) {
        try {
            return breaker.executeSupplier(() -> callWithRetries(endpoint, request));
        } catch (CallNotPermittedException e) {
            throw new XException.Unavailable(
                    "X calls are paused: the circuit breaker is open after repeated failures", e);
        }
    }

    private JsonNode callWithRetries(String endpoint, HttpRequest.Builder request) {
        int failures = 0;
        int waits429 = 0;
        while (true) {
            awaitWindow(endpoint);
            HttpResponse<String> response;
            try {
                response = http.send(request.timeout(settings.timeout()).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (++failures > settings.retries()) {
                    throw new XException.Unavailable("X did not answer " + endpoint + ": " + e.getMessage(), e);
                }
                backoff(failures);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new XException.Unavailable("interrupted while calling X", e);
            }
            remember(endpoint, response);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(response.body());
            }
            if (status == 429) {
                Instant reset = resetOf(response).orElse(clock.instant().plusSeconds(60));
                if (++waits429 > MAX_429_WAITS
                        || Duration.between(clock.instant(), reset).compareTo(settings.maxRateLimitWait()) > 0) {
                    throw new XException.RateLimited(endpoint, reset);
                }
                LOG.info("X rate limit on {}: waiting until {}", endpoint, reset);
                sleepUntil(reset.plusSeconds(1));
                continue;
            }
            if (status >= 500) {
                if (++failures > settings.retries()) {
                    throw new XException.Unavailable(
                            "X answered " + status + " to " + endpoint + " " + (failures) + " times", null);
                }
                backoff(failures);
                continue;
            }
            throw new XException.Rejected(status, detail(response.body()));
        }
    }

    /** With the window spent, wait for its reset (or tell the caller when that is too far off). */
    private void awaitWindow(String endpoint) {
        var window = windows.get(endpoint);
        if (window == null || window.remaining() > 0 || !window.resetAt().isAfter(clock.instant())) {
            return;
        }
        if (Duration.between(clock.instant(), window.resetAt()).compareTo(settings.maxRateLimitWait()) > 0) {
            throw new XException.RateLimited(endpoint, window.resetAt());
        }
        sleepUntil(window.resetAt().plusSeconds(1));
    }

    private void remember(String endpoint, HttpResponse<String> response) {
        var remaining = response.headers().firstValue("x-rate-limit-remaining");
        var reset = resetOf(response);
        if (remaining.isPresent() && reset.isPresent()) {
            try {
                windows.put(
                        endpoint, new Window(Integer.parseInt(remaining.get().strip()), reset.get()));
            } catch (NumberFormatException e) {
                // a header we cannot read is no limit we can honour
            }
        }
    }

    private static Optional<Instant> resetOf(HttpResponse<String> response) {
        try {
            return response.headers()
                    .firstValue("x-rate-limit-reset")
                    .map(v -> Instant.ofEpochSecond(Long.parseLong(v.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void backoff(int failures) {
        long base = settings.backoff().toMillis() << Math.min(failures - 1, 6);
        long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, base / 2));
        sleepFor(Duration.ofMillis(base + jitter));
    }

    private void sleepUntil(Instant instant) {
        var d = Duration.between(clock.instant(), instant);
        if (!d.isNegative() && !d.isZero()) {
            sleepFor(d);
        }
    }

    private void sleepFor(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XException.Unavailable("interrupted while waiting to call X", e);
        }
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            throw new XException.Unavailable("X answered something that is not JSON", e);
        }
    }

    private String detail(String body) {
        try {
            var node = json.readTree(body);
            if (node.hasNonNull("detail")) {
                return node.path("title").asText("") + ": "
                        + node.path("detail").asText();
            }
            if (node.path("errors").isArray() && !node.path("errors").isEmpty()) {
                var first = node.path("errors").get(0);
                return first.path("message").asText(first.path("detail").asText(first.toString()));
            }
            return body;
        } catch (IOException | RuntimeException e) {
            return body == null ? "" : body.substring(0, Math.min(200, body.length()));
        }
    }

    /** Reads the envelope; tweets with a missing id, text, author or a broken time are skipped and logged. */
    TweetPage page(JsonNode root) {
        var users = new LinkedHashMap<String, XUser>();
        for (JsonNode u : root.path("includes").path("users")) {
            if (u.hasNonNull("id")) {
                users.put(
                        u.path("id").asText(),
                        new XUser(
                                u.path("id").asText(),
                                u.path("username").asText(""),
                                instant(u.path("created_at")),
                                u.path("verified").asBoolean(false)));
            }
        }
        var tweets = new ArrayList<Tweet>();
        for (JsonNode t : root.path("data")) {
            var created = instant(t.path("created_at"));
            if (!t.hasNonNull("id") || !t.hasNonNull("text") || !t.hasNonNull("author_id") || created.isEmpty()) {
                LOG.warn("skipping an X post without id, text, author or time: {}", t);
                continue;
            }
            Optional<String> repliedTo = Optional.empty();
            for (JsonNode ref : t.path("referenced_tweets")) {
                if ("replied_to".equals(ref.path("type").asText()) && ref.hasNonNull("id")) {
                    repliedTo = Optional.of(ref.path("id").asText());
                }
            }
            var history = t.path("edit_history_tweet_ids");
            Optional<String> first = history.isArray() && !history.isEmpty()
                    ? Optional.of(history.get(0).asText())
                    : Optional.empty();
            tweets.add(new Tweet(
                    t.path("id").asText(),
                    t.path("text").asText(),
                    created.get(),
                    t.path("author_id").asText(),
                    Optional.ofNullable(t.path("conversation_id").asText(null)),
                    repliedTo,
                    first));
        }
        var meta = root.path("meta");
        return new TweetPage(
                tweets,
                users,
                Optional.ofNullable(meta.path("newest_id").asText(null)),
                Optional.ofNullable(meta.path("next_token").asText(null)));
    }

    private static Optional<Instant> instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(node.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
