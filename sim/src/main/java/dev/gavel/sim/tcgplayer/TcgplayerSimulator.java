package dev.gavel.sim.tcgplayer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.gavel.sim.SimFaults;
import dev.gavel.sim.SimServer;
import dev.gavel.sim.cards.DemoCards;
import dev.gavel.sim.cards.DemoCards.Card;
import dev.gavel.sim.cards.DemoCards.CardSet;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the TCGplayer API over the shared {@link DemoCards} world, in the shapes of
 * SOURCES.md: {@code POST /token} (client credentials, checked against the id and secret given at start),
 * the catalog ({@code /catalog/categories/{id}/groups}, {@code /catalog/products}, {@code
 * /catalog/products/{ids}/skus}) and {@code /pricing/product/{ids}}, all in the {@code {success, errors,
 * results}} envelope, with TCGplayer's limits (100 per catalog page, 250 ids per pricing call: more is a
 * 400) and its habit of answering "nothing found" with a 404. Every call but the token needs {@code
 * Authorization: bearer <token>}; an unknown, revoked or expired token gets a 401. A leading version segment
 * ({@code /v1.39.0/...}) is accepted and ignored. Prices are the card world's at the clock's now.
 *
 * <p>Faults (429 with {@code Retry-After}, 500, 503, a held answer, a truncated body, an error envelope with
 * 200, a refused token, one bad item among good ones) are switched from Java or over {@code /_sim/...};
 * counters per endpoint let tests count calls. Requests run on virtual threads. Thread-safe.
 */
public final class TcgplayerSimulator implements AutoCloseable {

    /** What the next calls to an endpoint answer instead of (or on top of) the normal answer. */
    public enum Fault {
        /** 429 with {@code Retry-After}. */
        HTTP_429,
        HTTP_500,
        HTTP_503,
        /** The answer is held for {@link #timeoutDelay(Duration)} (then given). */
        TIMEOUT,
        /** The body is cut in half. */
        MALFORMED,
        /** HTTP 200 with {@code {"success":false,"errors":[…],"results":[]}}. */
        ERROR_ENVELOPE,
        /** The presented token is revoked, and the call gets its 401. */
        UNAUTHORIZED,
        /** The answer is normal but its first item is broken (no product id, a price that is not a number). */
        BAD_ITEM
    }

    /** Which calls a fault applies to. */
    public enum Endpoint {
        ANY,
        GROUPS,
        PRODUCTS,
        SKUS,
        PRICING
    }

    /**
     * Counters since start: tokens issued and refused, calls per endpoint (whatever they answered), calls
     * refused with 401, faults served.
     */
    public record Stats(
            long tokensIssued,
            long tokenRefusals,
            long groupCalls,
            long productCalls,
            long skuCalls,
            long pricingCalls,
            long unauthorized,
            long faultsServed) {}

    /** TCGplayer's page size limit on catalog listings. */
    public static final int MAX_LIMIT = 100;

    /** How many product ids one pricing or SKU call takes. */
    public static final int MAX_IDS = 250;

    /** TCGplayer's token lifetime: about 14 days. */
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(1_209_599);

    private static final Pattern VERSION = Pattern.compile("^/v\\d+(\\.\\d+)*(?=/)");
    private static final Pattern GROUPS = Pattern.compile("/catalog/categories/([^/]+)/groups");
    private static final Pattern SKUS = Pattern.compile("/catalog/products/([^/]+)/skus");
    private static final Pattern PRICING = Pattern.compile("/pricing/product/([^/]+)");
    private static final Pattern ID = Pattern.compile("\\d{1,9}");
    private static final DateTimeFormatter WIRE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter ISSUED = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final String DENIED = "{\"Message\":\"Authorization has been denied for this request.\"}";
    private static final List<String> CONDITIONS =
            List.of("Near Mint", "Lightly Played", "Moderately Played", "Heavily Played", "Damaged");
    private static final Map<String, Integer> PRINTING_IDS =
            Map.of("Normal", 1, "Foil", 2, "Holofoil", 3, "Reverse Holofoil", 4);

    private record Grant(Instant expiresAt) {}

    private record Request(String method, String path, Map<String, String> query, String authorization, String body) {}

    private record Answer(int status, Map<String, String> headers, String body) {}

    /** A fault and the endpoint it is for. */
    private record Injected(Fault fault, Endpoint endpoint) {
        boolean appliesTo(Endpoint called) {
            return endpoint == Endpoint.ANY || endpoint == called;
        }
    }

    private final SimServer server;
    private final Clock clock;
    private final DemoCards cards;
    private final String clientId;
    private final String clientSecret;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
    private final SimFaults<Injected> faults = new SimFaults<>();

    private volatile Duration tokenLifetime = DEFAULT_TOKEN_LIFETIME;
    private volatile Duration timeoutDelay = Duration.ofSeconds(15);
    private final AtomicLong tokensIssued = new AtomicLong();
    private final AtomicLong tokenRefusals = new AtomicLong();
    private final AtomicLong groupCalls = new AtomicLong();
    private final AtomicLong productCalls = new AtomicLong();
    private final AtomicLong skuCalls = new AtomicLong();
    private final AtomicLong pricingCalls = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong faultsServed = new AtomicLong();

    private TcgplayerSimulator(SimServer server, Clock clock, DemoCards cards, String clientId, String clientSecret) {
        this.server = server;
        this.clock = clock;
        this.cards = cards;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /**
     * Starts on 127.0.0.1:{@code port} (0: any free port), serving {@code cards} to the application with
     * {@code clientId} and {@code clientSecret}.
     */
    public static TcgplayerSimulator start(int port, Clock clock, DemoCards cards, String clientId, String clientSecret)
            throws IOException {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(cards, "cards");
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("the simulator needs a client id and a client secret");
        }
        var server = SimServer.bind(port);
        var sim = new TcgplayerSimulator(server, clock, cards, clientId, clientSecret);
        server.start(sim::handle);
        return sim;
    }

    /** Where the simulator listens, as {@code http://127.0.0.1:PORT} without a trailing slash. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The {@code expires_in} of tokens issued from now on (default {@link #DEFAULT_TOKEN_LIFETIME}). */
    public void tokenLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.toSeconds() < 1) {
            throw new IllegalArgumentException("a token lifetime must be at least 1 s, got " + lifetime);
        }
        tokenLifetime = lifetime;
    }

    /** Every token issued so far is refused from now on. */
    public void revokeTokens() {
        tokens.clear();
    }

    /** How long a {@link Fault#TIMEOUT} holds its answer, in real time (default 15 s). */
    public void timeoutDelay(Duration delay) {
        timeoutDelay = Objects.requireNonNull(delay, "delay");
    }

    /** The next {@code times} calls to any endpoint but the token answer {@code fault}. */
    public void injectFault(Fault fault, int times) {
        injectFault(fault, times, Endpoint.ANY, 1);
    }

    /** The next {@code times} calls to {@code endpoint} answer {@code fault}; a 429 says {@code Retry-After: retryAfterSeconds}. */
    public void injectFault(Fault fault, int times, Endpoint endpoint, int retryAfterSeconds) {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(endpoint, "endpoint");
        faults.add(new Injected(fault, endpoint), times, retryAfterSeconds);
    }

    public Stats stats() {
        return new Stats(
                tokensIssued.get(),
                tokenRefusals.get(),
                groupCalls.get(),
                productCalls.get(),
                skuCalls.get(),
                pricingCalls.get(),
                unauthorized.get(),
                faultsServed.get());
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- transport

    private SimServer.Reply handle(HttpExchange exchange) throws IOException, InterruptedException {
        var uri = exchange.getRequestURI();
        var request = new Request(
                exchange.getRequestMethod(),
                VERSION.matcher(uri.getRawPath()).replaceFirst(""),
                form(uri.getRawQuery()),
                exchange.getRequestHeaders().getFirst("Authorization"),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Answer answer = route(request);
        return SimServer.Reply.text(answer.status(), answer.headers(), answer.body());
    }

    private Answer route(Request r) throws InterruptedException {
        String path = r.path();
        if (path.startsWith("/_sim/")) {
            return control(r);
        }
        if (path.equals("/token")) {
            return r.method().equals("POST")
                    ? token(r)
                    : envelopeError(405, "The requested resource does not support http method '" + r.method() + "'.");
        }
        Endpoint endpoint;
        if (GROUPS.matcher(path).matches()) {
            endpoint = Endpoint.GROUPS;
            groupCalls.incrementAndGet();
        } else if (path.equals("/catalog/products")) {
            endpoint = Endpoint.PRODUCTS;
            productCalls.incrementAndGet();
        } else if (SKUS.matcher(path).matches()) {
            endpoint = Endpoint.SKUS;
            skuCalls.incrementAndGet();
        } else if (PRICING.matcher(path).matches()) {
            endpoint = Endpoint.PRICING;
            pricingCalls.incrementAndGet();
        } else {
            return envelopeError(404, "No HTTP resource was found that matches the request URI '" + path + "'.");
        }
        Optional<String> token = bearer(r.authorization());
        Grant grant = token.map(tokens::get).orElse(null);
        if (grant == null || !clock.instant().isBefore(grant.expiresAt())) {
            unauthorized.incrementAndGet();
            return jsonAnswer(401, DENIED);
        }
        if (!r.method().equals("GET")) {
            return envelopeError(405, "The requested resource does not support http method '" + r.method() + "'.");
        }
        boolean badItem = false;
        boolean truncate = false;
        Optional<SimFaults.Pending<Injected>> fault = faults.take(f -> f.appliesTo(endpoint));
        if (fault.isPresent()) {
            faultsServed.incrementAndGet();
            switch (fault.get().fault().fault()) {
                case HTTP_429 -> {
                    return new Answer(
                            429,
                            Map.of(
                                    "Content-Type",
                                    "application/json",
                                    "Retry-After",
                                    Integer.toString(fault.get().retryAfterSeconds())),
                            "{\"message\":\"API rate limit exceeded\"}");
                }
                case HTTP_500 -> {
                    return html(500, "Internal Server Error");
                }
                case HTTP_503 -> {
                    return html(503, "Service Unavailable");
                }
                case TIMEOUT -> Thread.sleep(timeoutDelay);
                case MALFORMED -> truncate = true;
                case ERROR_ENVELOPE -> {
                    return envelopeError(200, "An unexpected error has occurred. Please try again later.");
                }
                case UNAUTHORIZED -> {
                    tokens.remove(token.get());
                    unauthorized.incrementAndGet();
                    return jsonAnswer(401, DENIED);
                }
                case BAD_ITEM -> badItem = true;
            }
        }
        Answer answer =
                switch (endpoint) {
                    case GROUPS -> groups(path, r.query(), badItem);
                    case PRODUCTS -> products(r.query(), badItem);
                    case SKUS -> skus(path, badItem);
                    case PRICING -> pricing(path, badItem);
                    case ANY -> throw new IllegalStateException("no endpoint");
                };
        if (truncate) {
            return new Answer(
                    answer.status(),
                    answer.headers(),
                    answer.body().substring(0, Math.max(1, answer.body().length() / 2)));
        }
        return answer;
    }

    private static Optional<String> bearer(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.strip();
        if (h.length() < 7 || !h.substring(0, 7).equalsIgnoreCase("bearer ")) {
            return Optional.empty();
        }
        String t = h.substring(7).strip();
        return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }

    // ---- token

    private Answer token(Request r) {
        Map<String, String> form = form(r.body());
        if (!"client_credentials".equals(form.get("grant_type"))) {
            tokenRefusals.incrementAndGet();
            return oauthError("unsupported_grant_type", null);
        }
        if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
            tokenRefusals.incrementAndGet();
            return oauthError("invalid_client", "The client credentials are invalid.");
        }
        Instant now = clock.instant();
        Duration lifetime = tokenLifetime;
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tokens.values().removeIf(g -> !now.isBefore(g.expiresAt()));
        tokens.put(token, new Grant(now.plus(lifetime)));
        tokensIssued.incrementAndGet();
        return jsonAnswer(
                200,
                json.createObjectNode()
                        .put("access_token", token)
                        .put("token_type", "bearer")
                        .put("expires_in", lifetime.toSeconds())
                        .put("userName", clientId)
                        .put(".issued", ISSUED.format(now))
                        .put(".expires", ISSUED.format(now.plus(lifetime)))
                        .toString());
    }

    private Answer oauthError(String error, String description) {
        ObjectNode body = json.createObjectNode().put("error", error);
        if (description != null) {
            body.put("error_description", description);
        }
        return jsonAnswer(400, body.toString());
    }

    // ---- catalog

    private Answer groups(String path, Map<String, String> query, boolean badItem) {
        Matcher m = GROUPS.matcher(path);
        m.matches();
        Optional<Integer> category = id(m.group(1));
        if (category.isEmpty()) {
            return envelopeError(400, "The value '" + m.group(1) + "' is not valid for categoryId.");
        }
        Optional<Page> page = page(query);
        if (page.isEmpty()) {
            return envelopeError(400, "offset must be 0 or more and limit from 1 to " + MAX_LIMIT + ".");
        }
        List<CardSet> sets = cards.sets(category.get());
        List<CardSet> slice = page.get().of(sets);
        if (slice.isEmpty()) {
            return envelopeError(404, "No groups were found.");
        }
        ArrayNode results = json.createArrayNode();
        for (CardSet s : slice) {
            ObjectNode g = results.addObject()
                    .put("groupId", s.groupId())
                    .put("name", s.name())
                    .put("abbreviation", s.abbreviation())
                    .put("isSupplemental", false)
                    .put("publishedOn", WIRE_TIME.format(s.releasedOn().atStartOfDay()))
                    .put("modifiedOn", WIRE_TIME.format(modified(s)))
                    .put("categoryId", s.category());
            if (badItem && results.size() == 1) {
                g.remove("groupId");
            }
        }
        return envelope(sets.size(), results);
    }

    private Answer products(Map<String, String> query, boolean badItem) {
        Optional<Integer> category =
                Optional.ofNullable(query.get("categoryId")).flatMap(TcgplayerSimulator::id);
        Optional<Integer> group = Optional.ofNullable(query.get("groupId")).flatMap(TcgplayerSimulator::id);
        if (query.containsKey("categoryId") && category.isEmpty() || query.containsKey("groupId") && group.isEmpty()) {
            return envelopeError(400, "categoryId and groupId must be whole numbers.");
        }
        Optional<Page> page = page(query);
        if (page.isEmpty()) {
            return envelopeError(400, "offset must be 0 or more and limit from 1 to " + MAX_LIMIT + ".");
        }
        boolean extended = "true".equalsIgnoreCase(query.get("getExtendedFields"));
        List<Card> matching = cards.cards().stream()
                .filter(c -> category.isEmpty() || c.set().category() == category.get())
                .filter(c -> group.isEmpty() || c.set().groupId() == group.get())
                .toList();
        List<Card> slice = page.get().of(matching);
        if (slice.isEmpty()) {
            return envelopeError(404, "No products were found.");
        }
        ArrayNode results = json.createArrayNode();
        for (Card c : slice) {
            ObjectNode p = results.addObject()
                    .put("productId", c.productId())
                    .put("name", c.name())
                    .put("cleanName", c.cleanName())
                    .put("imageUrl", "https://tcgplayer-cdn.tcgplayer.com/product/" + c.productId() + "_200w.jpg")
                    .put("categoryId", c.set().category())
                    .put("groupId", c.set().groupId())
                    .put("url", "https://www.tcgplayer.com/product/" + c.productId() + "/" + slug(c))
                    .put("modifiedOn", WIRE_TIME.format(modified(c.set())));
            if (extended) {
                ArrayNode data = p.putArray("extendedData");
                data.addObject()
                        .put("name", "Number")
                        .put("displayName", "Card Number")
                        .put("value", c.number());
                data.addObject()
                        .put("name", "Rarity")
                        .put("displayName", "Rarity")
                        .put("value", c.rarity());
            }
            if (badItem && results.size() == 1) {
                p.remove("productId");
            }
        }
        return envelope(matching.size(), results);
    }

    private Answer skus(String path, boolean badItem) {
        Matcher m = SKUS.matcher(path);
        m.matches();
        Optional<List<Card>> found = idList(m.group(1));
        if (found.isEmpty()) {
            return envelopeError(400, "productIds must be up to " + MAX_IDS + " comma-separated whole numbers.");
        }
        if (found.get().isEmpty()) {
            return envelopeError(404, "No products were found.");
        }
        ArrayNode results = json.createArrayNode();
        for (Card c : found.get()) {
            for (String printing : c.printings()) {
                int printingId = PRINTING_IDS.getOrDefault(printing, 1);
                for (int condition = 1; condition <= CONDITIONS.size(); condition++) {
                    ObjectNode sku = results.addObject()
                            .put("skuId", (long) c.productId() * 100 + printingId * 10 + condition)
                            .put("productId", c.productId())
                            .put("languageId", 1)
                            .put("printingId", printingId)
                            .put("conditionId", condition);
                    if (badItem && results.size() == 1) {
                        sku.put("skuId", "n/a");
                    }
                }
            }
        }
        return envelope(results.size(), results);
    }

    // ---- pricing

    private Answer pricing(String path, boolean badItem) {
        Matcher m = PRICING.matcher(path);
        m.matches();
        Optional<List<Card>> found = idList(m.group(1));
        if (found.isEmpty()) {
            return envelopeError(400, "productIds must be up to " + MAX_IDS + " comma-separated whole numbers.");
        }
        if (found.get().isEmpty()) {
            return envelopeError(404, "No products were found.");
        }
        Instant now = clock.instant();
        ArrayNode results = json.createArrayNode();
        for (Card c : found.get()) {
            for (String printing : c.printings()) {
                DemoCards.Prices p = cards.prices(c, printing, now, now);
                ObjectNode r = results.addObject().put("productId", c.productId());
                money(r, "lowPrice", p.low());
                money(r, "midPrice", p.mid());
                money(r, "highPrice", p.high());
                money(r, "marketPrice", Optional.of(p.market()));
                money(r, "directLowPrice", p.directLow());
                r.put("subTypeName", printing);
                if (badItem && results.size() == 1) {
                    r.put("marketPrice", "n/a");
                }
            }
        }
        return envelope(results.size(), results);
    }

    private static void money(ObjectNode node, String field, Optional<Long> cents) {
        if (cents.isPresent()) {
            node.put(field, BigDecimal.valueOf(cents.get(), 2));
        } else {
            node.putNull(field);
        }
    }

    /** The distinct known cards of a comma-separated id list; empty when the list is not ids or too long. */
    private Optional<List<Card>> idList(String raw) {
        String decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        String[] parts = decoded.split(",", -1);
        if (parts.length > MAX_IDS) {
            return Optional.empty();
        }
        Set<Integer> ids = new LinkedHashSet<>();
        for (String part : parts) {
            Optional<Integer> id = id(part.strip());
            if (id.isEmpty()) {
                return Optional.empty();
            }
            ids.add(id.get());
        }
        return Optional.of(
                ids.stream().map(cards::byProductId).flatMap(Optional::stream).toList());
    }

    private record Page(int offset, int limit) {
        <T> List<T> of(List<T> all) {
            int from = Math.min(offset, all.size());
            return all.subList(from, Math.min(all.size(), from + limit));
        }
    }

    /** offset (default 0) and limit (default 10, at most {@link #MAX_LIMIT}); empty when out of range. */
    private static Optional<Page> page(Map<String, String> query) {
        Optional<Integer> offset = id(query.getOrDefault("offset", "0"));
        Optional<Integer> limit = id(query.getOrDefault("limit", "10"));
        if (offset.isEmpty() || limit.isEmpty() || limit.get() < 1 || limit.get() > MAX_LIMIT) {
            return Optional.empty();
        }
        return Optional.of(new Page(offset.get(), limit.get()));
    }

    private static Optional<Integer> id(String s) {
        return s != null && ID.matcher(s).matches() ? Optional.of(Integer.parseInt(s)) : Optional.empty();
    }

    private static LocalDateTime modified(CardSet set) {
        return set.releasedOn().plusDays(30).atTime(14, 5, 12);
    }

    private static String slug(Card c) {
        String set = c.pokemon() ? "pokemon" : "one-piece-card-game";
        return (set + "-" + c.set().name() + "-" + c.cleanName())
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-");
    }

    private Answer envelope(int totalItems, ArrayNode results) {
        ObjectNode root = json.createObjectNode();
        root.put("totalItems", totalItems).put("success", true);
        root.putArray("errors");
        root.set("results", results);
        return jsonAnswer(200, root.toString());
    }

    private Answer envelopeError(int status, String message) {
        ObjectNode root = json.createObjectNode().put("success", false);
        root.putArray("errors").add(message);
        root.putArray("results");
        return jsonAnswer(status, root.toString());
    }

    private static Answer jsonAnswer(int status, String body) {
        return new Answer(status, Map.of("Content-Type", "application/json; charset=utf-8"), body);
    }

    private static Answer html(int status, String reason) {
        return new Answer(
                status,
                Map.of("Content-Type", "text/html"),
                "<html><body><h1>" + status + " " + reason + "</h1></body></html>");
    }

    // ---- operator control

    private Answer control(Request r) {
        String route = r.method() + " " + r.path();
        JsonNode body;
        try {
            body = r.body().isBlank() ? json.createObjectNode() : json.readTree(r.body());
        } catch (IOException e) {
            return simError(400, "the body is not JSON");
        }
        try {
            switch (route) {
                case "POST /_sim/faults" -> {
                    var fault = Fault.valueOf(body.path("fault").asText(""));
                    var endpoint = Endpoint.valueOf(body.path("endpoint").asText("ANY"));
                    int times = body.path("times").asInt(1);
                    injectFault(
                            fault,
                            times,
                            endpoint,
                            body.path("retryAfterSeconds").asInt(1));
                    return jsonAnswer(
                            200,
                            json.createObjectNode()
                                    .put("fault", fault.name())
                                    .put("endpoint", endpoint.name())
                                    .put("times", times)
                                    .toString());
                }
                case "POST /_sim/tokens/revoke" -> {
                    revokeTokens();
                    return jsonAnswer(200, "{\"revoked\":true}");
                }
                case "POST /_sim/tokens/lifetime" -> {
                    tokenLifetime(Duration.ofSeconds(body.path("seconds").asLong(0)));
                    return jsonAnswer(
                            200,
                            json.createObjectNode()
                                    .put("seconds", tokenLifetime.toSeconds())
                                    .toString());
                }
                case "GET /_sim/stats" -> {
                    return jsonAnswer(200, json.valueToTree(stats()).toString());
                }
                default -> {
                    return simError(404, "no control " + route);
                }
            }
        } catch (IllegalArgumentException e) {
            return simError(400, e.getMessage());
        }
    }

    private Answer simError(int status, String message) {
        return jsonAnswer(status, json.createObjectNode().put("error", message).toString());
    }

    private static Map<String, String> form(String raw) {
        var map = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    map.put(
                            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // a broken escape: the pair is not there, as a strict server would read it
                }
            }
        }
        return map;
    }
}
