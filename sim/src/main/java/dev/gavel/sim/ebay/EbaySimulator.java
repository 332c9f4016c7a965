package dev.gavel.sim.ebay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.gavel.sim.SimFaults;
import dev.gavel.sim.SimServer;
import dev.gavel.sim.cards.DemoCards;
import dev.gavel.sim.ebay.EbayMarket.Offer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for eBay's Browse API over the shared {@link DemoCards} world, in the shapes of SOURCES.md:
 * the client-credentials token ({@code POST /identity/v1/oauth2/token}, Basic client id:secret, {@code
 * grant_type=client_credentials}, the public API scope → {@code {access_token, expires_in, token_type}}) and
 * {@code GET /buy/browse/v1/item_summary/search} with {@code q}, {@code category_ids}, {@code
 * filter=buyingOptions:{AUCTION|FIXED_PRICE},price:[a..b],priceCurrency:USD}, {@code sort}, {@code limit}
 * (≤ 200) and {@code offset}, a bearer token and {@code X-EBAY-C-MARKETPLACE-ID: EBAY_US}.
 *
 * <p>The listings (see {@link EbayMarket}) are card auctions and fixed-price listings whose titles name the
 * card as sellers do ("Charizard ex 199/226 Twilight Masquerade Pokemon NM"); bids rise and listings end and
 * are relisted as the clock moves. Money is strings ({@code {"value":"12.99","currency":"USD"}}); an
 * auction-only listing has no {@code price}; only listings with a fixed price come back unless the filter asks
 * for auctions; {@code total} stops at 10,000. Errors are in eBay's envelope {@code {"errors":[{errorId,
 * domain, category, message, longMessage}]}} (the {@code API_BROWSE} error ids are the simulator's own); the
 * daily call quota (default 5,000 search calls per UTC day) answers 429 when spent. Faults apply to search
 * calls and are switched from Java or over {@code /_sim/...} ({@code POST /_sim/clients?clientId&clientSecret},
 * {@code POST /_sim/faults?fault=HTTP_429&times=2&retryAfterSeconds=5}, {@code POST /_sim/tokens/revoke}, {@code
 * POST /_sim/quota?daily=100}, {@code GET /_sim/stats}). Thread-safe.
 */
public final class EbaySimulator implements AutoCloseable {

    /** What the next search calls answer instead of (or on top of) the normal answer. */
    public enum Fault {
        HTTP_429,
        HTTP_500,
        HTTP_503,
        /** The answer is held for {@link #slowDelay(Duration)} (real time), then given. */
        SLOW,
        /** The answer is cut in half: not JSON. */
        MALFORMED,
        /** Every third item of the answer comes without {@code price} and {@code currentBidPrice}. */
        DROP_PRICES
    }

    /**
     * Counters since start: tokens issued, search calls received (today's, by the simulator's UTC day), 429s for a
     * spent quota or an injected fault, and faults served.
     */
    public record Stats(long tokensIssued, long searchCalls, long callsToday, long rateLimited, long faultsServed) {}

    /** The OAuth scope of the public (application) Browse API. */
    public static final String SCOPE = "https://api.ebay.com/oauth/api_scope";

    /** eBay's category of single collectible card game cards, where every simulated listing sits. */
    public static final String CARDS_CATEGORY = "183454";

    private static final String PARENT_CATEGORY = "2536";
    public static final int MAX_LIMIT = 200;
    public static final int MAX_RESULTS = 10_000;
    public static final long DEFAULT_DAILY_QUOTA = 5_000;
    private static final String SEARCH = "/buy/browse/v1/item_summary/search";
    private static final String TOKEN = "/identity/v1/oauth2/token";
    private static final DateTimeFormatter EBAY_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern PRICE =
            Pattern.compile("\\[\\s*(\\d+(?:\\.\\d+)?)?\\s*(\\.\\.\\s*(\\d+(?:\\.\\d+)?)?\\s*)?]");
    private static final Set<String> SORTS = Set.of("endingSoonest", "newlyListed", "price", "-price");

    private record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer json(int status, String body) {
            return new Answer(
                    status,
                    Map.of("Content-Type", "application/json", "Content-Language", "en-US"),
                    body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A search as asked, checked. */
    private record Search(
            List<String> words,
            List<String> without,
            Optional<Set<String>> categories,
            Set<String> buyingOptions,
            Optional<Long> minCents,
            Optional<Long> maxCents,
            Optional<String> sort,
            int limit,
            int offset) {}

    /** A refusal of a search's parameters: the error's id and what to tell the caller. */
    private static final class BadSearch extends Exception {
        private static final long serialVersionUID = 1L;
        final int errorId;

        BadSearch(int errorId, String message) {
            super(message, null, false, false);
            this.errorId = errorId;
        }
    }

    private final SimServer server;
    private final Clock clock;
    private final EbayMarket market;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

    private final SimFaults<Fault> faults = new SimFaults<>();

    /** Guarded by {@code this}. */
    private long quotaDay = Long.MIN_VALUE;

    private long usedToday;

    private volatile long dailyQuota = DEFAULT_DAILY_QUOTA;
    private volatile Duration tokenTtl = Duration.ofSeconds(7200);
    private volatile Duration slowDelay = Duration.ofSeconds(15);
    private final AtomicLong tokensIssued = new AtomicLong();
    private final AtomicLong searchCalls = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong faultsServed = new AtomicLong();

    private EbaySimulator(SimServer server, Clock clock, EbayMarket market) {
        this.server = server;
        this.clock = clock;
        this.market = market;
    }

    /** Starts on 127.0.0.1:{@code port} (0: any free port) with 2,000 listings up at any time. */
    public static EbaySimulator start(int port, Clock clock, DemoCards world, long seed) throws IOException {
        return start(port, clock, world, seed, 2_000);
    }

    /** Starts on 127.0.0.1:{@code port} with {@code listings} (1 to 99,999) listings of {@code world}'s cards up. */
    public static EbaySimulator start(int port, Clock clock, DemoCards world, long seed, int listings)
            throws IOException {
        var market = new EbayMarket(seed, world, listings);
        var server = SimServer.bind(port);
        var sim = new EbaySimulator(server, clock, market);
        server.start(sim::handle);
        return sim;
    }

    /** Where the simulator listens, as {@code http://127.0.0.1:PORT} without a trailing slash. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** An application (client id and secret) that may ask for tokens. */
    public void addClient(String clientId, String clientSecret) {
        if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("a client needs an id and a secret");
        }
        clients.put(clientId, clientSecret);
    }

    /** How long tokens issued from now on work (default 7,200 s, eBay's). */
    public void tokenTtl(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a token must live a while, got " + ttl);
        }
        tokenTtl = ttl;
    }

    /** Every token issued so far stops working, as after a credential rotation. */
    public void revokeTokens() {
        tokens.clear();
    }

    /** Search calls allowed per UTC day (default 5,000) from the next call on. */
    public void dailyQuota(long calls) {
        if (calls < 0) {
            throw new IllegalArgumentException("a quota cannot be negative, got " + calls);
        }
        dailyQuota = calls;
    }

    /** The next {@code times} search calls answer {@code fault}; a {@link Fault#HTTP_429} says {@code Retry-After: 1}. */
    public void injectFault(Fault fault, int times) {
        injectFault(fault, times, 1);
    }

    /** As {@link #injectFault(Fault, int)}, with {@code Retry-After: retryAfterSeconds} on a 429. */
    public void injectFault(Fault fault, int times, int retryAfterSeconds) {
        faults.add(fault, times, retryAfterSeconds);
    }

    /** How long a {@link Fault#SLOW} answer is held, in real time (default 15 s). */
    public void slowDelay(Duration delay) {
        slowDelay = delay;
    }

    public Stats stats() {
        long today;
        synchronized (this) {
            today = quotaDay
                            == LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                                    .toEpochDay()
                    ? usedToday
                    : 0;
        }
        return new Stats(tokensIssued.get(), searchCalls.get(), today, rateLimited.get(), faultsServed.get());
    }

    /** eBay's item id ("v1|110000012345|0") of every listing up now, for tests that follow one. */
    public List<String> liveItemIds() {
        Instant now = clock.instant();
        return market.live(now).stream().map(Offer::itemId).toList();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- transport

    private SimServer.Reply handle(HttpExchange exchange) throws IOException, InterruptedException {
        Answer answer;
        try {
            answer = route(exchange);
        } catch (RuntimeException e) {
            answer = ebayError(
                    500,
                    12000,
                    "API_BROWSE",
                    "APPLICATION",
                    "There was a problem with an eBay internal system or process.",
                    e.getClass().getSimpleName());
        }
        return new SimServer.Reply(answer.status(), answer.headers(), answer.body());
    }

    private Answer route(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        var headers = exchange.getRequestHeaders();
        if (path.startsWith("/_sim/")) {
            return control(
                    method, path, SimServer.query(exchange.getRequestURI().getRawQuery()));
        }
        if (path.equals(TOKEN)) {
            if (!method.equals("POST")) {
                return oauthError(405, "invalid_request", "the token endpoint takes POST");
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            return token(headers.getFirst("Authorization"), headers.getFirst("Content-Type"), SimServer.query(body));
        }
        if (path.equals(SEARCH)) {
            if (!method.equals("GET")) {
                return ebayError(405, 12001, "API_BROWSE", "REQUEST", "Method not allowed", "search takes GET");
            }
            return search(
                    headers.getFirst("Authorization"),
                    headers.getFirst("X-EBAY-C-MARKETPLACE-ID"),
                    exchange.getRequestURI().getRawQuery());
        }
        return ebayError(404, 2002, "ACCESS", "REQUEST", "Resource not found", "no resource " + path);
    }

    // ---- the token

    private Answer token(String authorization, String contentType, Map<String, String> form) {
        Optional<String> client = basicClient(authorization);
        if (client.isEmpty()) {
            return oauthError(401, "invalid_client", "client authentication failed");
        }
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return oauthError(400, "invalid_request", "request is missing a required parameter or malformed");
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return oauthError(
                    400,
                    "unsupported_grant_type",
                    "grant type in request is not supported by the authorization server");
        }
        String scope = form.getOrDefault("scope", "");
        if (scope.isBlank() || !Arrays.stream(scope.trim().split("\\s+")).allMatch(SCOPE::equals)) {
            return oauthError(
                    400,
                    "invalid_scope",
                    "The requested scope is invalid, unknown, malformed, or exceeds the scope granted to the client");
        }
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        String token = "v^1.1#i^1#p^1#r^0#I^3#f^0#t^" + Base64.getEncoder().encodeToString(bytes);
        Duration ttl = tokenTtl;
        Instant now = clock.instant();
        tokens.values().removeIf(expires -> !now.isBefore(expires));
        tokens.put(token, now.plus(ttl));
        tokensIssued.incrementAndGet();
        return Answer.json(
                200,
                json.createObjectNode()
                        .put("access_token", token)
                        .put("expires_in", ttl.toSeconds())
                        .put("token_type", "Application Access Token")
                        .toString());
    }

    private Optional<String> basicClient(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String id = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        return secret.equals(clients.get(id)) ? Optional.of(id) : Optional.empty();
    }

    private Answer oauthError(int status, String error, String description) {
        return Answer.json(
                status,
                json.createObjectNode()
                        .put("error", error)
                        .put("error_description", description)
                        .toString());
    }

    // ---- search

    private Answer search(String authorization, String marketplace, String rawQuery) throws InterruptedException {
        searchCalls.incrementAndGet();
        Instant now = clock.instant();
        if (!validToken(authorization, now)) {
            return ebayError(
                    401,
                    1001,
                    "OAuth",
                    "REQUEST",
                    "Invalid access token",
                    "Invalid access token. Check the value of the Authorization HTTP request header.");
        }
        if (!spendQuota(now)) {
            rateLimited.incrementAndGet();
            return ebayError(
                    429,
                    2001,
                    "ACCESS",
                    "REQUEST",
                    "Too many requests",
                    "The request limit has been reached for the resource.");
        }
        if (marketplace == null || !marketplace.equals("EBAY_US")) {
            return ebayError(
                    400,
                    12020,
                    "API_BROWSE",
                    "REQUEST",
                    "Invalid marketplace",
                    "The X-EBAY-C-MARKETPLACE-ID header is missing or not a supported marketplace: '" + marketplace
                            + "'. Use EBAY_US.");
        }
        boolean dropPrices = false;
        Optional<SimFaults.Pending<Fault>> fault = faults.take();
        if (fault.isPresent()) {
            faultsServed.incrementAndGet();
            switch (fault.get().fault()) {
                case HTTP_429 -> {
                    rateLimited.incrementAndGet();
                    var answer = ebayError(
                            429,
                            2001,
                            "ACCESS",
                            "REQUEST",
                            "Too many requests",
                            "The request limit has been reached for the resource.");
                    var headers = new LinkedHashMap<>(answer.headers());
                    headers.put("Retry-After", Integer.toString(fault.get().retryAfterSeconds()));
                    return new Answer(429, headers, answer.body());
                }
                case HTTP_500 -> {
                    return ebayError(
                            500,
                            12000,
                            "API_BROWSE",
                            "APPLICATION",
                            "There was a problem with an eBay internal system or process. Contact eBay developer support for assistance.",
                            "There was a problem with an eBay internal system or process.");
                }
                case HTTP_503 -> {
                    return new Answer(
                            503,
                            Map.of("Content-Type", "text/html"),
                            "<html><body><h1>503 Service Unavailable</h1></body></html>"
                                    .getBytes(StandardCharsets.UTF_8));
                }
                case SLOW -> Thread.sleep(slowDelay);
                case MALFORMED -> {
                    Answer whole = page(rawQuery, now, false);
                    return new Answer(
                            whole.status(),
                            whole.headers(),
                            Arrays.copyOf(whole.body(), Math.max(1, whole.body().length / 2)));
                }
                case DROP_PRICES -> dropPrices = true;
            }
        }
        return page(rawQuery, now, dropPrices);
    }

    private boolean validToken(String authorization, Instant now) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        Instant expires = tokens.get(authorization.substring(7).trim());
        return expires != null && now.isBefore(expires);
    }

    private synchronized boolean spendQuota(Instant now) {
        long day = LocalDate.ofInstant(now, ZoneOffset.UTC).toEpochDay();
        if (day != quotaDay) {
            quotaDay = day;
            usedToday = 0;
        }
        if (usedToday >= dailyQuota) {
            return false;
        }
        usedToday++;
        return true;
    }

    private Answer page(String rawQuery, Instant now, boolean dropPrices) {
        Map<String, String> query = SimServer.query(rawQuery);
        Search s;
        var warnings = new ArrayList<String>();
        try {
            s = parse(query, warnings);
        } catch (BadSearch e) {
            return ebayError(400, e.errorId, "API_BROWSE", "REQUEST", "Invalid request", e.getMessage());
        }
        Predicate<Offer> keep = o -> true;
        if (!s.words().isEmpty() || !s.without().isEmpty()) {
            keep = keep.and(o -> {
                Set<String> title = o.titleWords();
                return title.containsAll(s.words()) && s.without().stream().noneMatch(title::contains);
            });
        }
        if (s.categories().isPresent()) {
            Set<String> c = s.categories().get();
            boolean cards = c.contains(CARDS_CATEGORY) || c.contains(PARENT_CATEGORY);
            keep = keep.and(o -> cards);
        }
        keep = keep.and(o -> o.buyingOptions(now).stream().anyMatch(s.buyingOptions()::contains));
        if (s.minCents().isPresent()) {
            keep = keep.and(o -> o.shownPrice(now) >= s.minCents().get());
        }
        if (s.maxCents().isPresent()) {
            keep = keep.and(o -> o.shownPrice(now) <= s.maxCents().get());
        }
        List<Offer> matching =
                new ArrayList<>(market.live(now).stream().filter(keep).toList());
        Comparator<Offer> order =
                switch (s.sort().orElse("")) {
                    case "endingSoonest" -> Comparator.comparing(Offer::endsAt);
                    case "newlyListed" -> Comparator.comparing(Offer::listedAt).reversed();
                    case "price" -> Comparator.comparingLong(o -> o.shownPrice(now));
                    case "-price" ->
                        Comparator.<Offer>comparingLong(o -> o.shownPrice(now)).reversed();
                    // best match: an order of the simulator's own that does not change while listings stay up
                    default ->
                        Comparator.comparingLong(o -> Long.rotateLeft(o.legacyId() * 0x9E37_79B9_7F4A_7C15L, 17));
                };
        matching.sort(order.thenComparingLong(Offer::legacyId));
        int total = Math.min(matching.size(), MAX_RESULTS);
        int from = Math.min(s.offset(), total);
        int to = Math.min(from + s.limit(), total);
        var root = json.createObjectNode();
        root.put("href", href(query, s.offset(), s.limit()));
        root.put("total", total);
        if (to < total) {
            root.put("next", href(query, s.offset() + s.limit(), s.limit()));
        }
        if (s.offset() > 0) {
            root.put("prev", href(query, Math.max(0, s.offset() - s.limit()), s.limit()));
        }
        root.put("limit", s.limit()).put("offset", s.offset());
        if (to > from) {
            ArrayNode items = root.putArray("itemSummaries");
            for (int i = from; i < to; i++) {
                items.add(item(matching.get(i), now, dropPrices && (i - from) % 3 == 2));
            }
        }
        if (!warnings.isEmpty()) {
            ArrayNode array = root.putArray("warnings");
            for (String w : warnings) {
                array.addObject()
                        .put("errorId", 12501)
                        .put("domain", "API_BROWSE")
                        .put("category", "REQUEST")
                        .put("message", w);
            }
        }
        return Answer.json(200, root.toString());
    }

    private Search parse(Map<String, String> query, List<String> warnings) throws BadSearch {
        String q = query.getOrDefault("q", "").trim();
        String categoryIds = query.getOrDefault("category_ids", "").trim();
        if (q.isEmpty() && categoryIds.isEmpty()) {
            throw new BadSearch(12002, "At least one of q or category_ids is required.");
        }
        if (q.length() > 100) {
            throw new BadSearch(12003, "The 'q' value is longer than 100 characters.");
        }
        var words = new ArrayList<String>();
        var without = new ArrayList<String>();
        for (String token : q.split("\\s+")) {
            if (token.startsWith("-") && token.length() > 1) {
                without.addAll(EbayMarket.words(token.substring(1)));
            } else {
                words.addAll(EbayMarket.words(token));
            }
        }
        Optional<Set<String>> categories = Optional.empty();
        if (!categoryIds.isEmpty()) {
            if (!categoryIds.matches("\\d+(,\\d+)*")) {
                throw new BadSearch(
                        12004, "The 'category_ids' value '" + categoryIds + "' is not a list of category ids.");
            }
            categories = Optional.of(Set.of(categoryIds.split(",")));
        }
        Set<String> buying = Set.of("FIXED_PRICE");
        Optional<Long> min = Optional.empty();
        Optional<Long> max = Optional.empty();
        boolean priced = false;
        Optional<String> currency = Optional.empty();
        for (String filter : splitFilters(query.getOrDefault("filter", ""))) {
            int colon = filter.indexOf(':');
            if (colon <= 0) {
                throw new BadSearch(12010, "The filter '" + filter + "' is not name:value.");
            }
            String name = filter.substring(0, colon).trim();
            String value = filter.substring(colon + 1).trim();
            switch (name) {
                case "buyingOptions" -> {
                    if (!value.startsWith("{") || !value.endsWith("}")) {
                        throw new BadSearch(
                                12011, "buyingOptions takes {AUCTION|FIXED_PRICE|BEST_OFFER}, got '" + value + "'.");
                    }
                    var options = Set.of(value.substring(1, value.length() - 1).split("\\|"));
                    for (String o : options) {
                        if (!Set.of("AUCTION", "FIXED_PRICE", "BEST_OFFER").contains(o)) {
                            throw new BadSearch(
                                    12011, "'" + o + "' is not a buying option (AUCTION, FIXED_PRICE, BEST_OFFER).");
                        }
                    }
                    buying = options;
                }
                case "price" -> {
                    Matcher m = PRICE.matcher(value);
                    if (!m.matches()) {
                        throw new BadSearch(12012, "price takes [low..high], [low] or [..high], got '" + value + "'.");
                    }
                    min = cents(m.group(1));
                    max = cents(m.group(3));
                    if (min.isEmpty() && max.isEmpty()) {
                        throw new BadSearch(12012, "price takes [low..high], [low] or [..high], got '" + value + "'.");
                    }
                    if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
                        throw new BadSearch(12012, "The price range " + value + " ends below where it starts.");
                    }
                    priced = true;
                }
                case "priceCurrency" -> currency = Optional.of(value);
                default -> warnings.add("The filter '" + name + "' is not supported and was ignored.");
            }
        }
        if (priced && currency.isEmpty()) {
            throw new BadSearch(12013, "A price filter needs priceCurrency (USD).");
        }
        if (currency.isPresent() && !currency.get().equals("USD")) {
            throw new BadSearch(
                    12013, "priceCurrency '" + currency.get() + "' is not the marketplace's currency (USD).");
        }
        Optional<String> sort = Optional.ofNullable(query.get("sort")).filter(v -> !v.isBlank());
        if (sort.isPresent() && !SORTS.contains(sort.get())) {
            throw new BadSearch(12014, "The sort value '" + sort.get() + "' is not one of " + SORTS + ".");
        }
        int limit = whole(query, "limit", 50);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadSearch(12015, "The 'limit' value must be from 1 to 200, got " + limit + ".");
        }
        int offset = whole(query, "offset", 0);
        if (offset < 0 || offset >= MAX_RESULTS) {
            throw new BadSearch(12016, "The 'offset' value must be from 0 to 9999, got " + offset + ".");
        }
        return new Search(words, without, categories, buying, min, max, sort, limit, offset);
    }

    private static Optional<Long> cents(String dollars) throws BadSearch {
        if (dollars == null || dollars.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(dollars)
                    .movePointRight(2)
                    .setScale(0, java.math.RoundingMode.UNNECESSARY)
                    .longValueExact());
        } catch (ArithmeticException | NumberFormatException e) {
            throw new BadSearch(12012, "'" + dollars + "' is not an amount in dollars and cents.");
        }
    }

    private static int whole(Map<String, String> query, String key, int fallback) throws BadSearch {
        String v = query.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new BadSearch(
                    key.equals("limit") ? 12015 : 12016, "The '" + key + "' value '" + v + "' is not a whole number.");
        }
    }

    /** Filters are comma-separated, but commas inside {...} and [...] belong to the value. */
    private static List<String> splitFilters(String filter) {
        var out = new ArrayList<String>();
        int depth = 0;
        var current = new StringBuilder();
        for (char c : filter.toCharArray()) {
            if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && depth > 0) {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out.stream().map(String::trim).filter(f -> !f.isEmpty()).toList();
    }

    private String href(Map<String, String> query, int offset, int limit) {
        var q = new LinkedHashMap<>(query);
        q.put("limit", Integer.toString(limit));
        q.put("offset", Integer.toString(offset));
        var text = new StringBuilder(baseUrl()).append(SEARCH).append('?');
        q.forEach((k, v) -> text.append(encode(k)).append('=').append(encode(v)).append('&'));
        text.setLength(text.length() - 1);
        return text.toString();
    }

    private ObjectNode item(Offer o, Instant now, boolean dropPrices) {
        var node = json.createObjectNode().put("itemId", o.itemId()).put("title", o.title());
        node.putArray("leafCategoryIds").add(CARDS_CATEGORY);
        var categories = node.putArray("categories");
        categories.addObject().put("categoryId", CARDS_CATEGORY).put("categoryName", "CCG Individual Cards");
        categories.addObject().put("categoryId", PARENT_CATEGORY).put("categoryName", "Collectible Card Games");
        if (!dropPrices) {
            o.price(now).ifPresent(p -> money(node.putObject("price"), p));
        }
        if (o.auction()) {
            if (!dropPrices) {
                money(node.putObject("currentBidPrice"), o.currentBid(now).getAsLong());
            }
            node.put("bidCount", o.bidsAt(now));
        }
        var options = node.putArray("buyingOptions");
        o.buyingOptions(now).forEach(options::add);
        node.put("itemEndDate", EBAY_TIME.format(o.endsAt()));
        node.put("itemCreationDate", EBAY_TIME.format(o.listedAt()));
        node.put("condition", o.grade().isPresent() ? "Graded" : "Ungraded");
        node.put("conditionId", o.grade().isPresent() ? "2750" : "4000");
        node.put("itemWebUrl", "https://www.ebay.com/itm/" + o.legacyId());
        node.put("itemHref", baseUrl() + "/buy/browse/v1/item/" + encode(o.itemId()));
        node.putObject("seller")
                .put("username", o.seller())
                .put("feedbackPercentage", o.feedbackPercentage())
                .put("feedbackScore", o.feedbackScore());
        var shipping = node.putArray("shippingOptions").addObject().put("shippingCostType", "FIXED");
        money(shipping.putObject("shippingCost"), o.shippingCents());
        node.putObject("itemLocation").put("postalCode", "941**").put("country", "US");
        node.put("listingMarketplaceId", "EBAY_US");
        return node;
    }

    private static void money(ObjectNode node, long cents) {
        node.put("value", BigDecimal.valueOf(cents, 2).toPlainString()).put("currency", "USD");
    }

    private Answer ebayError(
            int status, int errorId, String domain, String category, String message, String longMessage) {
        var root = json.createObjectNode();
        root.putArray("errors")
                .addObject()
                .put("errorId", errorId)
                .put("domain", domain)
                .put("category", category)
                .put("message", message)
                .put("longMessage", longMessage);
        return Answer.json(status, root.toString());
    }

    // ---- operator control

    private Answer control(String method, String path, Map<String, String> query) {
        String route = method + " " + path;
        try {
            switch (route) {
                case "POST /_sim/clients" -> {
                    addClient(query.getOrDefault("clientId", ""), query.getOrDefault("clientSecret", ""));
                    return Answer.json(
                            200,
                            json.createObjectNode()
                                    .put("clientId", query.get("clientId"))
                                    .toString());
                }
                case "POST /_sim/faults" -> {
                    var fault = Fault.valueOf(query.getOrDefault("fault", ""));
                    int times = Integer.parseInt(query.getOrDefault("times", "1"));
                    injectFault(fault, times, Integer.parseInt(query.getOrDefault("retryAfterSeconds", "1")));
                    return Answer.json(
                            200,
                            json.createObjectNode()
                                    .put("fault", fault.name())
                                    .put("times", times)
                                    .toString());
                }
                case "POST /_sim/tokens/revoke" -> {
                    revokeTokens();
                    return Answer.json(200, "{\"revoked\":true}");
                }
                case "POST /_sim/quota" -> {
                    dailyQuota(Long.parseLong(query.getOrDefault("daily", Long.toString(DEFAULT_DAILY_QUOTA))));
                    return Answer.json(
                            200,
                            json.createObjectNode().put("daily", dailyQuota).toString());
                }
                case "GET /_sim/stats" -> {
                    return Answer.json(200, json.valueToTree(stats()).toString());
                }
                default -> {
                    return Answer.json(
                            404,
                            json.createObjectNode()
                                    .put("error", "no control " + route)
                                    .toString());
                }
            }
        } catch (IllegalArgumentException e) {
            return Answer.json(
                    400,
                    json.createObjectNode()
                            .put("error", String.valueOf(e.getMessage()))
                            .toString());
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
