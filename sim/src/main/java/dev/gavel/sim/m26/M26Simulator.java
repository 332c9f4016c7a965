package dev.gavel.sim.m26;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.gavel.sim.SimFaults;
import dev.gavel.sim.SimServer;
import dev.gavel.sim.m26.AuctionJson.ResponseData;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Madden 26 Ultimate Team companion app's auction house, speaking the shapes of
 * SOURCES.md: the EA OAuth refresh ({@code /connect/token}), the Blaze login
 * ({@code /wal/authentication/login}) and the {@code /wal/mca/Process/{sessionKey}} gateway with its JSON held
 * in JSON strings, answering {@code Mobile_SearchAuctions} and {@code Mobile_RefreshAuctionDetails} over a
 * seeded market that evolves with the clock (see {@link AuctionHouse}). Faults and answer shapes are switched
 * from Java or over {@code /_sim/...}; {@code /_sim/har} captures a real login-and-search exchange as a HAR.
 * Requests are served on virtual threads, so a held ({@link Fault#TIMEOUT}) request blocks nobody else.
 * Thread-safe.
 */
public final class M26Simulator implements AutoCloseable {

    /** What the next Process calls answer instead of (or on top of) the normal answer. */
    public enum Fault {
        HTTP_429,
        HTTP_500,
        HTTP_503,
        TIMEOUT,
        MALFORMED,
        BLAZE_ERROR,
        SOFT_FAILURE,
        CAPTCHA,
        UNAUTHORIZED
    }

    /** How search answers are shaped: this year's, last years' ({@code result.Data}), FUT's, or garbage. */
    public enum Shape {
        CURRENT,
        LEGACY,
        FUT,
        RENAMED
    }

    /**
     * A change in the market. {@code kind} is NEW, BID, SOLD, EXPIRED or CANCELLED; {@code price} is the new
     * current bid for BID, the final price for SOLD, and the opening price for the others.
     */
    public record MarketEvent(Instant at, long auctionId, String kind, long price) {}

    /** Counters since start: successful Blaze logins and OAuth refreshes, Process calls received, faults answered. */
    public record Stats(long logins, long tokenRefreshes, long processCalls, long faultsServed) {}

    static final int MUT = 2050;
    private static final String PROCESS = "/wal/mca/Process/";
    private static final Pattern PRODUCT = Pattern.compile("madden-2026-(ps5|xbsx|pc)-mca");
    private static final Pattern BLAZE_ID = Pattern.compile("madden-2026-(ps5|xbsx|pc)");
    private static final Duration ACCESS_TOKEN_TTL = Duration.ofHours(1);
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private record Account(String name, long personaId, long blazeId, String deviceId, String refreshToken) {}

    private record AccessGrant(Account account, Instant expiresAt) {}

    private record Session(Account account, Instant mintedAt) {}

    /** A request as the handlers see it, from the socket or from a HAR capture; header names ignore case. */
    private record Request(
            String method, String path, Map<String, String> query, Map<String, String> headers, String body) {}

    /** An answer; {@code headers} always carries the Content-Type. */
    private record Answer(int status, Map<String, String> headers, String body) {}

    /** A fault and the account (any, if empty) whose sessions it is for. */
    private record Injected(Fault fault, Optional<String> account) {
        boolean appliesTo(String caller) {
            return account.isEmpty() || account.get().equals(caller);
        }
    }

    private final SimServer server;
    private final Clock clock;
    private final long seed;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final AuctionJson render = new AuctionJson(json);
    private final AuctionHouse market;
    private final SecureRandom tokens = new SecureRandom();

    /** Guarded by itself; also guards {@link #accountIds}. */
    private final Map<String, Account> accounts = new LinkedHashMap<>();

    private final SplittableRandom accountIds;
    private final Map<String, Account> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, AccessGrant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Accounts answering captcha until {@link #clearCaptcha()}, with their captcha's guid. */
    private final Map<String, String> captchas = new ConcurrentHashMap<>();

    private final SimFaults<Injected> faults = new SimFaults<>();

    private volatile Shape shape = Shape.CURRENT;
    private volatile Duration sessionTtl = Duration.ofHours(1);
    private volatile Duration timeoutDelay = Duration.ofSeconds(15);
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong tokenRefreshes = new AtomicLong();
    private final AtomicLong processCalls = new AtomicLong();
    private final AtomicLong faultsServed = new AtomicLong();

    private M26Simulator(SimServer server, Clock clock, long seed) {
        this.server = server;
        this.clock = clock;
        this.seed = seed;
        this.market = new AuctionHouse(seed, clock.instant());
        this.accountIds = new SplittableRandom(seed ^ 0x4D32_3641_4343_5453L);
    }

    /** Starts on 127.0.0.1:{@code port} (0: any free port) with a market grown from {@code seed}. */
    public static M26Simulator start(int port, Clock clock, long seed) throws IOException {
        var server = SimServer.bind(port);
        var sim = new M26Simulator(server, clock, seed);
        server.start(sim::handle);
        return sim;
    }

    /** Where the simulator listens, as {@code http://127.0.0.1:PORT} without a trailing slash. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /**
     * A new refresh token for the account {@code name}, created (with a persona id) on first use; an existing
     * account gets one more token, and its earlier ones stay valid.
     */
    public String addAccount(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an account needs a name, got '" + name + "'");
        }
        String token = randomToken();
        synchronized (accounts) {
            var account = accounts.computeIfAbsent(
                    name,
                    n -> new Account(
                            n,
                            1_000_000_000L + accountIds.nextLong(9_000_000_000L),
                            1_000_000_000_000L + accountIds.nextLong(100_000_000_000L),
                            UUID.nameUUIDFromBytes((seed + "/" + n).getBytes(StandardCharsets.UTF_8))
                                    .toString(),
                            token));
            refreshTokens.put(token, account);
        }
        return token;
    }

    /** The next {@code times} Process calls from any account answer {@code fault}. */
    public void injectFault(Fault fault, int times) {
        injectFault(fault, times, Optional.empty());
    }

    /** The next {@code times} Process calls from sessions of {@code account} (any, if empty) answer {@code fault}. */
    public void injectFault(Fault fault, int times, Optional<String> account) {
        injectFault(fault, times, account, 1);
    }

    /** As {@link #injectFault(Fault, int, Optional)}; an {@link Fault#HTTP_429} says {@code Retry-After: retryAfterSeconds}. */
    public void injectFault(Fault fault, int times, Optional<String> account, int retryAfterSeconds) {
        faults.add(new Injected(fault, account), times, retryAfterSeconds);
    }

    public void shape(Shape s) {
        shape = Objects.requireNonNull(s, "shape");
    }

    /** Every account flagged by a {@link Fault#CAPTCHA} answers normally again. */
    public void clearCaptcha() {
        captchas.clear();
    }

    /** How long a session key works after its login (default 1 h); applies to keys already minted too. */
    public void sessionTtl(Duration ttl) {
        sessionTtl = ttl;
    }

    /** How long a {@link Fault#TIMEOUT} holds its answer, in real time (default 15 s). */
    public void timeoutDelay(Duration delay) {
        timeoutDelay = delay;
    }

    /** Runs the market on to the clock's now. */
    public void tick() {
        market.advanceTo(clock.instant());
    }

    /** Every market change since start, oldest first, after running the market on to now. */
    public List<MarketEvent> events() {
        tick();
        return market.events(0);
    }

    public Stats stats() {
        return new Stats(logins.get(), tokenRefreshes.get(), processCalls.get(), faultsServed.get());
    }

    /**
     * A HAR 1.2 capture of the refresh, login and one search the simulator performs now for {@code account};
     * injected faults and captcha do not apply to them. The session it logs in stays valid.
     */
    public String har(String account) {
        Account a;
        synchronized (accounts) {
            a = accounts.get(account);
        }
        if (a == null) {
            throw new IllegalArgumentException("no account named '" + account + "'");
        }
        return capture(a);
    }

    /** The auction house behind the endpoints, for tests in this package. */
    AuctionHouse market() {
        return market;
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- transport

    private SimServer.Reply handle(HttpExchange exchange) throws IOException, InterruptedException {
        var headers = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> {
            if (!v.isEmpty()) {
                headers.put(k, v.get(0));
            }
        });
        var request = new Request(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                SimServer.query(exchange.getRequestURI().getRawQuery()),
                headers,
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Answer answer = route(request, true);
        return SimServer.Reply.text(answer.status(), answer.headers(), answer.body());
    }

    private Answer route(Request r, boolean withFaults) throws InterruptedException {
        market.advanceTo(clock.instant());
        String path = r.path();
        if (path.startsWith("/_sim/")) {
            return control(r);
        }
        if (path.startsWith("/captcha/") && r.method().equals("GET")) {
            return new Answer(
                    200,
                    Map.of("Content-Type", "text/html; charset=utf-8"),
                    "<!doctype html><title>Verification required</title><p>Verification required for challenge "
                            + path.substring("/captcha/".length()).replaceAll("[^A-Za-z0-9-]", "")
                            + ". The operator clears it in the simulator.</p>");
        }
        boolean known =
                path.equals("/connect/token") || path.equals("/wal/authentication/login") || path.startsWith(PROCESS);
        if (!known) {
            return jsonAnswer(404, errorJson("ERR_NOT_FOUND", 1, 0x00010001L, "errortdf", "no endpoint " + path));
        }
        if (!r.method().equals("POST")) {
            return jsonAnswer(
                    405, errorJson("ERR_METHOD_NOT_ALLOWED", 1, 0x00020001L, "errortdf", path + " takes POST"));
        }
        if (path.equals("/connect/token")) {
            return token(r);
        } else if (path.equals("/wal/authentication/login")) {
            return login(r);
        }
        return process(r, withFaults);
    }

    // ---- EA OAuth and Blaze login

    private Answer token(Request r) {
        Map<String, String> form = SimServer.query(r.body());
        if (!"refresh_token".equals(form.get("grant_type"))) {
            return oauthError("grant_type must be refresh_token, got " + form.get("grant_type"));
        }
        String refreshToken = form.getOrDefault("refresh_token", "");
        Account account = refreshTokens.get(refreshToken);
        if (account == null) {
            return oauthError("the refresh token is unknown or revoked");
        }
        String accessToken = randomToken();
        accessTokens.values().removeIf(g -> !clock.instant().isBefore(g.expiresAt()));
        accessTokens.put(accessToken, new AccessGrant(account, clock.instant().plus(ACCESS_TOKEN_TTL)));
        tokenRefreshes.incrementAndGet();
        return jsonAnswer(
                200,
                json.createObjectNode()
                        .put("access_token", accessToken)
                        .put("token_type", "Bearer")
                        .put("expires_in", ACCESS_TOKEN_TTL.toSeconds())
                        .put("refresh_token", refreshToken)
                        .toString());
    }

    private Answer oauthError(String description) {
        return jsonAnswer(
                400,
                json.createObjectNode()
                        .put("error", "invalid_grant")
                        .put("error_description", description)
                        .toString());
    }

    private Answer login(Request r) {
        JsonNode body = parse(r.body()).orElse(json.createObjectNode());
        String accessToken = body.path("accessToken").asText("");
        String product = body.path("productName").asText("");
        Instant now = clock.instant();
        AccessGrant grant = accessTokens.get(accessToken);
        if (grant == null || !now.isBefore(grant.expiresAt())) {
            return authError("the access token is unknown or expired");
        }
        if (!PRODUCT.matcher(product).matches()) {
            return authError("productName '" + product + "' is not madden-2026-<ps5|xbsx|pc>-mca");
        }
        byte[] key = new byte[16];
        tokens.nextBytes(key);
        String sessionKey = HexFormat.of().formatHex(key);
        Duration ttl = sessionTtl;
        sessions.values().removeIf(s -> !now.isBefore(s.mintedAt().plus(ttl)));
        sessions.put(sessionKey, new Session(grant.account(), now));
        logins.incrementAndGet();
        var root = json.createObjectNode();
        var info = root.putObject("userLoginInfo")
                .put("sessionKey", sessionKey)
                .put("blazeId", grant.account().blazeId())
                .put("isFirstLogin", false);
        info.putObject("personaDetails")
                .put("displayName", grant.account().name())
                .put("personaId", grant.account().personaId())
                .put("extId", 0)
                .put("lastAuthenticated", now.getEpochSecond());
        return jsonAnswer(200, root.toString());
    }

    private Answer authError(String message) {
        return jsonAnswer(200, errorJson("AUTH_ERR_INVALID_TOKEN", 1, 1_073_807_361L, "errortdf", message));
    }

    // ---- the Process gateway

    private Answer process(Request r, boolean withFaults) throws InterruptedException {
        processCalls.incrementAndGet();
        Optional<Answer> badHeader = headerProblem(r.headers());
        if (badHeader.isPresent()) {
            return badHeader.get();
        }
        String sessionKey = r.path().substring(PROCESS.length());
        Session session = sessions.get(sessionKey);
        if (session == null || !clock.instant().isBefore(session.mintedAt().plus(sessionTtl))) {
            if (session != null) {
                sessions.remove(sessionKey);
            }
            return sessionExpired();
        }
        boolean truncate = false;
        if (withFaults) {
            String account = session.account().name();
            String captcha = captchas.get(account);
            if (captcha != null) {
                faultsServed.incrementAndGet();
                return captcha(captcha);
            }
            Optional<SimFaults.Pending<Injected>> fault = faults.take(f -> f.appliesTo(account));
            if (fault.isPresent()) {
                faultsServed.incrementAndGet();
                switch (fault.get().fault().fault()) {
                    case HTTP_429 -> {
                        int after = fault.get().retryAfterSeconds();
                        return new Answer(
                                429,
                                Map.of("Content-Type", "application/json", "Retry-After", Integer.toString(after)),
                                json.createObjectNode()
                                        .put("message", "Too Many Requests")
                                        .put("retryAfterSeconds", after)
                                        .toString());
                    }
                    case HTTP_500 -> {
                        return html(500, "Internal Server Error");
                    }
                    case HTTP_503 -> {
                        return html(503, "Service Unavailable");
                    }
                    case TIMEOUT -> {
                        Thread.sleep(timeoutDelay);
                        market.advanceTo(clock.instant());
                    }
                    case MALFORMED -> truncate = true;
                    case BLAZE_ERROR -> {
                        return jsonAnswer(
                                200,
                                errorJson(
                                        "MUT_ERR_SEARCH_UNAVAILABLE",
                                        MUT,
                                        1_342_177_282L,
                                        "errordf",
                                        "search is temporarily unavailable"));
                    }
                    case SOFT_FAILURE -> {
                        return jsonAnswer(
                                200,
                                render.empty(
                                        shape,
                                        new ResponseData(
                                                1,
                                                "Service temporarily unavailable",
                                                Optional.empty(),
                                                Optional.empty())));
                    }
                    case CAPTCHA -> {
                        return captcha(captchas.computeIfAbsent(
                                account, a -> UUID.randomUUID().toString()));
                    }
                    case UNAUTHORIZED -> {
                        sessions.remove(sessionKey);
                        return sessionExpired();
                    }
                }
            }
        }
        Answer answer = command(r.body());
        if (truncate) {
            return new Answer(
                    answer.status(),
                    answer.headers(),
                    answer.body().substring(0, Math.max(1, answer.body().length() / 2)));
        }
        return answer;
    }

    private Optional<Answer> headerProblem(Map<String, String> headers) {
        String problem = null;
        if (!BLAZE_ID.matcher(headers.getOrDefault("X-BLAZE-ID", "")).matches()) {
            problem = "header X-BLAZE-ID is missing or wrong: expected madden-2026-<ps5|xbsx|pc>";
        } else if (!"MADDEN-MCA".equals(headers.get("X-Application-Key"))) {
            problem = "header X-Application-Key is missing or wrong: expected MADDEN-MCA";
        } else if (!"XML".equals(headers.get("X-BLAZE-VOID-RESP"))) {
            problem = "header X-BLAZE-VOID-RESP is missing or wrong: expected XML";
        } else if (!headers.getOrDefault("Content-Type", "")
                .toLowerCase(Locale.ROOT)
                .startsWith("application/json")) {
            problem = "header Content-Type is missing or wrong: expected application/json";
        }
        return Optional.ofNullable(problem)
                .map(p -> jsonAnswer(400, errorJson("ERR_INVALID_HEADER", 1, 0x4005_0001L, "errortdf", p)));
    }

    private Answer sessionExpired() {
        return jsonAnswer(401, errorJson("ERR_AUTHENTICATION_REQUIRED", 1, 16_384L, "errortdf", "session key expired"));
    }

    private Answer captcha(String guid) {
        return jsonAnswer(
                200,
                render.empty(
                        shape,
                        new ResponseData(
                                21,
                                "Verification required",
                                Optional.of(guid),
                                Optional.of(baseUrl() + "/captcha/" + guid))));
    }

    private Answer command(String body) {
        JsonNode root = parse(body).filter(JsonNode::isObject).orElse(null);
        if (root == null) {
            return malformed("the body is not a JSON object");
        }
        JsonNode info = embedded(root.get("requestInfo"));
        if (info == null) {
            return malformed("requestInfo must be a string holding a JSON object");
        }
        JsonNode payload = embedded(info.get("requestPayload"));
        if (payload == null) {
            return malformed("requestPayload must be a string holding a JSON object");
        }
        Optional<Long> expires = integer(info.get("messageExpirationTime"));
        if (expires.isEmpty()) {
            return malformed("messageExpirationTime must be a time in epoch milliseconds");
        }
        if (expires.get() < clock.millis()) {
            return jsonAnswer(
                    200,
                    errorJson(
                            "ERR_MESSAGE_EXPIRED",
                            1,
                            0x4004_0001L,
                            "errortdf",
                            "the message expired at " + Instant.ofEpochMilli(expires.get()) + ", it is now "
                                    + clock.instant()));
        }
        String name = info.path("commandName").asText("");
        long component = integer(info.get("componentId")).orElse(-1L);
        long command = integer(info.get("commandId")).orElse(-1L);
        if (name.equals("Mobile_SearchAuctions") && component == MUT && command == 9153) {
            return search(payload);
        } else if (name.equals("Mobile_RefreshAuctionDetails") && component == MUT && command == 9154) {
            return refreshDetails(payload);
        }
        return jsonAnswer(
                200,
                errorJson(
                        "ERR_COMMAND_NOT_FOUND",
                        1,
                        0x4006_0001L,
                        "errortdf",
                        "no command " + name + " (component " + component + ", command " + command + ")"));
    }

    private Answer search(JsonNode payload) {
        JsonNode size = payload.get("pageSize");
        long pageSize = size == null || size.isNull() ? 20 : integer(size).orElse(-1L);
        if (pageSize < 1 || pageSize > 50) {
            return jsonAnswer(
                    200,
                    errorJson(
                            "ERR_INVALID_PAGE_SIZE",
                            MUT,
                            0x5000_0003L,
                            "errortdf",
                            "pageSize must be 1 to 50, got " + size));
        }
        JsonNode startNode = payload.get("start");
        long start =
                startNode == null || startNode.isNull() ? 0 : integer(startNode).orElse(-1L);
        if (start < 0) {
            return malformed("start must be an offset of 0 or more, got " + startNode);
        }
        Predicate<Auction> filter = a -> true;
        JsonNode filters = payload.get("filters");
        if (filters != null && !filters.isNull()) {
            if (!filters.isArray()) {
                return malformed("filters must be a list of {type, value}");
            }
            for (JsonNode f : filters) {
                String value = f.path("value").asText("");
                switch (f.path("type").asText("").toLowerCase(Locale.ROOT)) {
                    case "team" -> filter = filter.and(a -> a.card().team().equalsIgnoreCase(value));
                    case "program" ->
                        filter =
                                filter.and(a -> a.card().program().programName().equalsIgnoreCase(value));
                    default -> {
                        // an unknown filter narrows nothing, as the app's newer filters do on an older server
                    }
                }
            }
        }
        String itemName = payload.path("itemName").asText("").toLowerCase(Locale.ROOT);
        if (!itemName.isEmpty()) {
            filter =
                    filter.and(a -> a.card().fullName().toLowerCase(Locale.ROOT).contains(itemName));
        }
        List<Auction> matching = market.visible().stream().filter(filter).toList();
        int from = (int) Math.min(start, matching.size());
        int to = (int) Math.min(from + pageSize, matching.size());
        return jsonAnswer(200, render.page(shape, matching.subList(from, to), to < matching.size()));
    }

    private Answer refreshDetails(JsonNode payload) {
        JsonNode ids = payload.get("auctionIdList");
        if (ids == null || !ids.isArray()) {
            return malformed("auctionIdList must be a list of auction ids");
        }
        var found = new ArrayList<Auction>();
        for (JsonNode id : ids) {
            integer(id).flatMap(market::find).ifPresent(found::add);
        }
        return jsonAnswer(200, render.page(shape, found, false));
    }

    private Answer malformed(String message) {
        return jsonAnswer(200, errorJson("ERR_MALFORMED_REQUEST", 1, 0x4003_0001L, "errortdf", message));
    }

    /** The JSON object a string field holds, or null when it is not a string holding a JSON object. */
    private JsonNode embedded(JsonNode field) {
        if (field == null || !field.isTextual()) {
            return null;
        }
        return parse(field.asText()).filter(JsonNode::isObject).orElse(null);
    }

    private static Optional<Long> integer(JsonNode node) {
        if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
            return Optional.of(node.asLong());
        }
        if (node != null && node.isTextual() && node.asText().matches("-?\\d{1,18}")) {
            return Optional.of(Long.parseLong(node.asText()));
        }
        return Optional.empty();
    }

    private Optional<JsonNode> parse(String text) {
        try {
            return Optional.ofNullable(json.readTree(text)).filter(n -> !n.isMissingNode());
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private String errorJson(String name, int component, long code, String detailKey, String message) {
        var root = json.createObjectNode();
        root.putObject("error")
                .put("errorname", name)
                .put("component", component)
                .put("errorcode", code)
                .putObject(detailKey)
                .put("errorString", message);
        return root.toString();
    }

    private static Answer jsonAnswer(int status, String body) {
        return new Answer(status, Map.of("Content-Type", "application/json"), body);
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
        JsonNode body = parse(r.body()).orElse(json.createObjectNode());
        try {
            switch (route) {
                case "POST /_sim/faults" -> {
                    var fault = Fault.valueOf(body.path("fault").asText(""));
                    int times = body.path("times").asInt(1);
                    Optional<String> account =
                            Optional.ofNullable(body.path("account").textValue());
                    injectFault(
                            fault,
                            times,
                            account,
                            body.path("retryAfterSeconds").asInt(1));
                    return jsonAnswer(
                            200,
                            json.createObjectNode()
                                    .put("fault", fault.name())
                                    .put("times", times)
                                    .put("account", account.orElse(null))
                                    .toString());
                }
                case "POST /_sim/shape" -> {
                    shape(Shape.valueOf(body.path("shape").asText("")));
                    return jsonAnswer(
                            200,
                            json.createObjectNode().put("shape", shape.name()).toString());
                }
                case "POST /_sim/captcha/clear" -> {
                    clearCaptcha();
                    return jsonAnswer(200, "{\"cleared\":true}");
                }
                case "GET /_sim/stats" -> {
                    var s = stats();
                    return jsonAnswer(
                            200,
                            json.createObjectNode()
                                    .put("logins", s.logins())
                                    .put("tokenRefreshes", s.tokenRefreshes())
                                    .put("processCalls", s.processCalls())
                                    .put("faultsServed", s.faultsServed())
                                    .toString());
                }
                case "GET /_sim/events" -> {
                    return events(Integer.parseInt(r.query().getOrDefault("since", "0")));
                }
                case "POST /_sim/accounts" -> {
                    String name = body.path("name").asText("");
                    String token = addAccount(name);
                    long personaId;
                    synchronized (accounts) {
                        personaId = accounts.get(name).personaId();
                    }
                    return jsonAnswer(
                            200,
                            json.createObjectNode()
                                    .put("name", name)
                                    .put("refreshToken", token)
                                    .put("personaId", personaId)
                                    .toString());
                }
                case "GET /_sim/har" -> {
                    String account = r.query().getOrDefault("account", "");
                    synchronized (accounts) {
                        if (!accounts.containsKey(account)) {
                            return jsonAnswer(
                                    404,
                                    json.createObjectNode()
                                            .put("error", "no account named '" + account + "'")
                                            .toString());
                        }
                    }
                    return jsonAnswer(200, har(account));
                }
                default -> {
                    return jsonAnswer(
                            404,
                            json.createObjectNode()
                                    .put("error", "no control " + route)
                                    .toString());
                }
            }
        } catch (IllegalArgumentException e) {
            return jsonAnswer(
                    400, json.createObjectNode().put("error", e.getMessage()).toString());
        }
    }

    private Answer events(int since) {
        int from = Math.min(Math.max(0, since), market.eventCount());
        List<MarketEvent> list = market.events(from);
        var root = json.createObjectNode();
        var array = root.putArray("events");
        for (int i = 0; i < list.size(); i++) {
            MarketEvent e = list.get(i);
            array.addObject()
                    .put("index", from + i)
                    .put("at", e.at().toString())
                    .put("auctionId", e.auctionId())
                    .put("kind", e.kind())
                    .put("price", e.price());
        }
        root.put("next", from + list.size());
        return jsonAnswer(200, root.toString());
    }

    // ---- HAR capture

    private String capture(Account account) {
        var har = new HarLog(json);
        String host = "127.0.0.1:" + server.port();
        String userAgent = "MaddenCompanion/26.4.1 (iPhone; iOS 18.5; Scale/3.00)";
        try {
            String form = "grant_type=refresh_token&refresh_token="
                    + URLEncoder.encode(account.refreshToken(), StandardCharsets.UTF_8)
                    + "&client_id=MADDEN26_COMPANION_IOS";
            var tokenHeaders = ordered(
                    "Host",
                    host,
                    "Content-Type",
                    "application/x-www-form-urlencoded",
                    "Accept",
                    "application/json",
                    "User-Agent",
                    userAgent);
            JsonNode token = exchange(har, "/connect/token", tokenHeaders, form);
            String login = json.createObjectNode()
                    .put("accessToken", token.path("access_token").asText())
                    .put("productName", "madden-2026-ps5-mca")
                    .toString();
            var loginHeaders = ordered(
                    "Host",
                    host,
                    "Content-Type",
                    "application/json",
                    "Accept",
                    "application/json",
                    "User-Agent",
                    userAgent);
            JsonNode session = exchange(har, "/wal/authentication/login", loginHeaders, login);
            String sessionKey = session.path("userLoginInfo").path("sessionKey").asText();
            String payload = json.createObjectNode()
                    .<ObjectNode>set("filters", json.createArrayNode())
                    .put("itemName", "")
                    .put("pageSize", 20)
                    .put("start", 0)
                    .toString();
            byte[] authCode = new byte[16];
            byte[] authData = new byte[24];
            tokens.nextBytes(authCode);
            tokens.nextBytes(authData);
            var info = json.createObjectNode()
                    .put(
                            "messageExpirationTime",
                            clock.instant().plus(Duration.ofMinutes(5)).toEpochMilli())
                    .put("deviceId", account.deviceId())
                    .put("commandName", "Mobile_SearchAuctions")
                    .put("componentId", MUT)
                    .put("commandId", 9153)
                    .put("ipAddress", "127.0.0.1")
                    .put("componentName", "mut")
                    .put("requestPayload", payload);
            info.putObject("messageAuthData")
                    .put("authCode", HexFormat.of().formatHex(authCode))
                    .put("authData", Base64.getEncoder().encodeToString(authData))
                    .put("authType", 17_039_361);
            String process = json.createObjectNode()
                    .put("apiVersion", 2)
                    .put("clientDevice", 3)
                    .put("requestInfo", info.toString())
                    .toString();
            var processHeaders = ordered(
                    "Host", host,
                    "X-BLAZE-ID", "madden-2026-ps5",
                    "X-Application-Key", "MADDEN-MCA",
                    "X-BLAZE-VOID-RESP", "XML",
                    "Content-Type", "application/json",
                    "Accept", "application/json",
                    "User-Agent", userAgent);
            exchange(har, PROCESS + sessionKey, processHeaders, process);
        } catch (InterruptedException e) {
            // no fault holds a capture's calls
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while capturing", e);
        }
        return har.document();
    }

    /** Performs one POST through the same handlers the socket uses, without faults, and logs it. */
    private JsonNode exchange(HarLog har, String path, Map<String, String> headers, String body)
            throws InterruptedException {
        headers.put("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        var caseless = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        caseless.putAll(headers);
        Instant startedAt = clock.instant();
        long began = System.nanoTime();
        Answer answer = route(new Request("POST", path, Map.of(), caseless, body), false);
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        var responseHeaders = new LinkedHashMap<String, String>(answer.headers());
        responseHeaders.put("Content-Length", Integer.toString(answer.body().getBytes(StandardCharsets.UTF_8).length));
        responseHeaders.put("Date", HTTP_DATE.format(startedAt));
        har.add(
                startedAt,
                took,
                "POST",
                URI.create(baseUrl() + path),
                headers,
                body,
                answer.status(),
                reason(answer.status()),
                responseHeaders,
                answer.body());
        return parse(answer.body()).orElse(json.createObjectNode());
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }

    private static Map<String, String> ordered(String... namesAndValues) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        tokens.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
