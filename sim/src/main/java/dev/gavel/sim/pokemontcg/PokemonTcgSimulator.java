package dev.gavel.sim.pokemontcg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.gavel.sim.SimFaults;
import dev.gavel.sim.SimServer;
import dev.gavel.sim.cards.DemoCards;
import dev.gavel.sim.cards.DemoCards.Card;
import dev.gavel.sim.cards.DemoCards.CardSet;
import dev.gavel.sim.pokemontcg.CardQuery.FieldKind;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.imageio.ImageIO;

/**
 * A local stand-in for the Pokémon TCG API (pokemontcg.io v2) over the shared {@link DemoCards} world, in the
 * shapes of SOURCES.md: {@code GET /v2/sets}, {@code /v2/sets/{id}}, {@code /v2/cards?q&page&pageSize&orderBy}
 * and {@code /v2/cards/{id}}, in the envelope {@code {data, page, pageSize, count, totalCount}}, each card with
 * its set, images and the embedded {@code tcgplayer} (USD, per printing) and {@code cardmarket} (EUR) prices,
 * {@code null} where a price is absent. Prices are those of the start of the current UTC day, as the real API
 * refreshes them daily ({@code updatedAt} says which day). Some cards have no {@code tcgplayer} or no
 * {@code cardmarket} block at all, as new and promo cards do.
 *
 * <p>{@code X-Api-Key} is optional: a key from {@link #issueKey()} gets {@link Limits#perDayWithKey()} calls per
 * UTC day, no key gets {@link Limits#perMinuteWithoutKey()} per clock minute and {@link Limits#perDayWithoutKey()}
 * per day, then {@code 429} with {@code Retry-After}; an unknown key is {@code 403}. Errors come in the API's
 * envelope {@code {"error":{"message","code"}}}. Faults are switched from Java or over {@code /_sim/...}
 * ({@code POST /_sim/keys}, {@code POST /_sim/faults?fault=HTTP_429&times=2&retryAfterSeconds=5}, {@code POST
 * /_sim/limits?perMinuteWithoutKey=5}, {@code GET /_sim/stats}); {@code /images/{set}/{number}.png} serves a
 * plain picture per card so image links resolve.
 * Requests are served on virtual threads, so a held ({@link Fault#SLOW}) answer blocks nobody else.
 * Thread-safe.
 */
public final class PokemonTcgSimulator implements AutoCloseable {

    /** What the next API calls answer instead of (or on top of) the normal answer. */
    public enum Fault {
        HTTP_429,
        HTTP_500,
        HTTP_503,
        /** The answer is held for {@link #slowDelay(Duration)} (real time), then given. */
        SLOW,
        /** The answer is cut in half: not JSON. */
        MALFORMED
    }

    /** How many calls the API allows; {@link #REAL} is what pokemontcg.io publishes. */
    public record Limits(long perDayWithKey, long perDayWithoutKey, int perMinuteWithoutKey) {
        public static final Limits REAL = new Limits(20_000, 1_000, 30);

        public Limits {
            if (perDayWithKey < 1 || perDayWithoutKey < 1 || perMinuteWithoutKey < 1) {
                throw new IllegalArgumentException("limits must be 1 or more, got " + perDayWithKey + ", "
                        + perDayWithoutKey + ", " + perMinuteWithoutKey);
            }
        }
    }

    /** Counters since start: API calls received (with a valid key, without one), 429s answered, faults served. */
    public record Stats(long calls, long withKey, long withoutKey, long rateLimited, long faultsServed) {}

    /** The euro price of a dollar price in the simulated world: one fixed rate, so tests can check it. */
    public static final double EUR_PER_USD = 0.92;

    public static final int MAX_PAGE_SIZE = 250;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
    private static final Map<String, String> PRICE_KEYS = Map.of(
            "Normal", "normal",
            "Holofoil", "holofoil",
            "Reverse Holofoil", "reverseHolofoil",
            "1st Edition Holofoil", "1stEditionHolofoil",
            "1st Edition Normal", "1stEditionNormal");
    private static final Map<String, FieldKind> CARD_FIELDS = fields(
            "id", FieldKind.KEYWORD,
            "name", FieldKind.TEXT,
            "number", FieldKind.KEYWORD,
            "rarity", FieldKind.TEXT,
            "supertype", FieldKind.TEXT,
            "subtypes", FieldKind.TEXT,
            "set.id", FieldKind.KEYWORD,
            "set.name", FieldKind.TEXT,
            "set.series", FieldKind.TEXT,
            "set.ptcgoCode", FieldKind.KEYWORD);
    private static final Map<String, FieldKind> SET_FIELDS = fields(
            "id", FieldKind.KEYWORD,
            "name", FieldKind.TEXT,
            "series", FieldKind.TEXT,
            "ptcgoCode", FieldKind.KEYWORD);

    private static Map<String, FieldKind> fields(Object... pairs) {
        var map = new LinkedHashMap<String, FieldKind>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (FieldKind) pairs[i + 1]);
        }
        return map;
    }

    private record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer json(int status, String body) {
            return new Answer(status, Map.of("Content-Type", "application/json; charset=utf-8"), bytes(body));
        }
    }

    /** One caller's window: the day or minute it counts, and the calls in it. */
    private static final class Window {
        long period = Long.MIN_VALUE;
        long used;

        /** Counts one call in {@code now}'s period; false when {@code limit} calls were made already. */
        boolean take(long now, long limit) {
            if (now != period) {
                period = now;
                used = 0;
            }
            if (used >= limit) {
                return false;
            }
            used++;
            return true;
        }
    }

    private final SimServer server;
    private final Clock clock;
    private final DemoCards world;
    private final List<Card> cards;
    private final List<CardSet> sets;
    private final Map<String, Integer> setTotals = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> foldedCards = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> foldedSets = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    private final SimFaults<Fault> faults = new SimFaults<>();
    /** Guarded by {@link #windows}. */
    private final Map<String, Window> windows = new LinkedHashMap<>();

    private volatile Limits limits = Limits.REAL;
    private volatile Duration slowDelay = Duration.ofSeconds(15);
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong withKey = new AtomicLong();
    private final AtomicLong withoutKey = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong faultsServed = new AtomicLong();

    private PokemonTcgSimulator(SimServer server, Clock clock, DemoCards world) {
        this.server = server;
        this.clock = clock;
        this.world = world;
        this.sets = world.sets(DemoCards.POKEMON_CATEGORY).stream()
                .sorted(Comparator.comparing(CardSet::releasedOn).thenComparing(CardSet::code))
                .toList();
        var order = new LinkedHashMap<String, Integer>();
        for (int i = 0; i < sets.size(); i++) {
            order.put(sets.get(i).code(), i);
        }
        this.cards = world.cards().stream()
                .filter(Card::pokemon)
                .sorted(Comparator.<Card>comparingInt(c -> order.get(c.set().code()))
                        .thenComparingInt(c -> Integer.parseInt(shortNumber(c))))
                .toList();
        for (Card c : cards) {
            setTotals.merge(c.set().code(), 1, Integer::sum);
            foldedCards.put(c.sourceId(), folded(CARD_FIELDS, f -> cardValue(c, f)));
        }
        for (CardSet set : sets) {
            foldedSets.put(set.code(), folded(SET_FIELDS, f -> setValue(set, f)));
        }
    }

    /** The searchable values of one card or set, folded once for every query to come. */
    private static Map<String, String> folded(Map<String, FieldKind> fields, Function<String, Optional<String>> value) {
        var out = new LinkedHashMap<String, String>();
        for (String f : fields.keySet()) {
            value.apply(f).ifPresent(v -> out.put(f, CardQuery.fold(v)));
        }
        return out;
    }

    /** Starts on 127.0.0.1:{@code port} (0: any free port), serving the Pokémon cards of {@code world}. */
    public static PokemonTcgSimulator start(int port, Clock clock, DemoCards world) throws IOException {
        var server = SimServer.bind(port);
        var sim = new PokemonTcgSimulator(server, clock, world);
        server.start(sim::handle);
        return sim;
    }

    /** Where the simulator listens, as {@code http://127.0.0.1:PORT} without a trailing slash. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** A new API key, valid from now on. */
    public String issueKey() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String key = HexFormat.of().formatHex(bytes);
        keys.add(key);
        return key;
    }

    /** Uses other limits from the next call on (tests: small ones); windows already counted keep their counts. */
    public void limits(Limits l) {
        limits = java.util.Objects.requireNonNull(l, "limits");
    }

    /** The next {@code times} API calls answer {@code fault}; a {@link Fault#HTTP_429} says {@code Retry-After: 1}. */
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
        return new Stats(calls.get(), withKey.get(), withoutKey.get(), rateLimited.get(), faultsServed.get());
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
            answer = error(500, "Internal Server Error: " + e.getClass().getSimpleName());
        }
        return new SimServer.Reply(answer.status(), answer.headers(), answer.body());
    }

    private Answer route(HttpExchange exchange) throws InterruptedException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        Map<String, String> query = SimServer.query(exchange.getRequestURI().getRawQuery());
        if (path.startsWith("/_sim/")) {
            return control(method, path, query);
        }
        if (path.startsWith("/images/") && method.equals("GET")) {
            return image(path.substring("/images/".length()));
        }
        if (!path.startsWith("/v2/")) {
            return error(404, "Not Found");
        }
        if (!method.equals("GET")) {
            return error(405, "Method Not Allowed: the API only reads (GET)");
        }
        calls.incrementAndGet();
        Optional<Answer> refused = admit(exchange.getRequestHeaders().getFirst("X-Api-Key"));
        if (refused.isPresent()) {
            return refused.get();
        }
        boolean truncate = false;
        Optional<SimFaults.Pending<Fault>> fault = faults.take();
        if (fault.isPresent()) {
            faultsServed.incrementAndGet();
            switch (fault.get().fault()) {
                case HTTP_429 -> {
                    rateLimited.incrementAndGet();
                    return tooMany(fault.get().retryAfterSeconds(), "Rate limit exceeded");
                }
                case HTTP_500 -> {
                    return error(500, "Internal Server Error");
                }
                case HTTP_503 -> {
                    return new Answer(
                            503,
                            Map.of("Content-Type", "text/html"),
                            bytes("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"));
                }
                case SLOW -> Thread.sleep(slowDelay);
                case MALFORMED -> truncate = true;
            }
        }
        Answer answer = api(path.substring("/v2/".length()), query);
        if (truncate) {
            byte[] half = java.util.Arrays.copyOf(answer.body(), Math.max(1, answer.body().length / 2));
            return new Answer(answer.status(), answer.headers(), half);
        }
        return answer;
    }

    /** Counts the call against its key's or the anonymous caller's limits; the refusal if over them. */
    private Optional<Answer> admit(String key) {
        Instant now = clock.instant();
        long day = LocalDate.ofInstant(now, ZoneOffset.UTC).toEpochDay();
        long minute = now.getEpochSecond() / 60;
        Limits l = limits;
        if (key != null && !key.isEmpty()) {
            if (!keys.contains(key)) {
                return Optional.of(error(403, "Forbidden: the X-Api-Key is not a valid key"));
            }
            boolean ok;
            synchronized (windows) {
                ok = windows.computeIfAbsent("day:" + key, k -> new Window()).take(day, l.perDayWithKey());
            }
            if (!ok) {
                rateLimited.incrementAndGet();
                return Optional.of(
                        tooMany(untilTomorrow(now), "Daily rate limit of " + l.perDayWithKey() + " exceeded"));
            }
            withKey.incrementAndGet();
            return Optional.empty();
        }
        boolean dayOk;
        boolean minuteOk = false;
        synchronized (windows) {
            Window d = windows.computeIfAbsent("day:", k -> new Window());
            dayOk = d.take(day, l.perDayWithoutKey());
            if (dayOk) {
                minuteOk = windows.computeIfAbsent("minute:", k -> new Window()).take(minute, l.perMinuteWithoutKey());
                if (!minuteOk) {
                    d.used--;
                }
            }
        }
        if (!dayOk) {
            rateLimited.incrementAndGet();
            return Optional.of(tooMany(
                    untilTomorrow(now),
                    "Daily rate limit of " + l.perDayWithoutKey() + " exceeded; an API key raises it"));
        }
        if (!minuteOk) {
            rateLimited.incrementAndGet();
            int retryAfter = (int) Math.max(1, 60 - now.getEpochSecond() % 60);
            return Optional.of(tooMany(
                    retryAfter,
                    "Rate limit of " + l.perMinuteWithoutKey()
                            + " requests per minute exceeded; an API key raises it"));
        }
        withoutKey.incrementAndGet();
        return Optional.empty();
    }

    private static int untilTomorrow(Instant now) {
        Instant tomorrow = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        return (int) Math.max(1, Duration.between(now, tomorrow).toSeconds());
    }

    private Answer tooMany(int retryAfterSeconds, String message) {
        var body = errorBody(429, message);
        return new Answer(
                429,
                Map.of(
                        "Content-Type",
                        "application/json; charset=utf-8",
                        "Retry-After",
                        Integer.toString(retryAfterSeconds)),
                bytes(body));
    }

    // ---- the API

    private Answer api(String path, Map<String, String> query) {
        String[] parts = path.split("/", -1);
        try {
            if (parts.length == 1 && parts[0].equals("cards")) {
                return list(
                        query,
                        CARD_FIELDS,
                        cards,
                        (c, f) -> Optional.ofNullable(
                                foldedCards.get(c.sourceId()).get(f)),
                        this::cardJson,
                        this::cardOrder);
            }
            if (parts.length == 2 && parts[0].equals("cards")) {
                return world.bySourceId(decode(parts[1]))
                        .filter(Card::pokemon)
                        .map(c -> one(cardJson(c)))
                        .orElseGet(() -> error(404, "Not Found"));
            }
            if (parts.length == 1 && parts[0].equals("sets")) {
                return list(
                        query,
                        SET_FIELDS,
                        sets,
                        (t, f) -> Optional.ofNullable(foldedSets.get(t.code()).get(f)),
                        this::setJson,
                        this::setOrder);
            }
            if (parts.length == 2 && parts[0].equals("sets")) {
                String id = decode(parts[1]);
                return sets.stream()
                        .filter(s -> s.code().equals(id))
                        .findFirst()
                        .map(s -> one(setJson(s)))
                        .orElseGet(() -> error(404, "Not Found"));
            }
        } catch (IllegalArgumentException e) {
            return error(
                    400,
                    "Bad Request. Your request is either malformed, or is missing one or more required fields: "
                            + e.getMessage());
        }
        return error(404, "Not Found");
    }

    private <T> Answer list(
            Map<String, String> query,
            Map<String, FieldKind> fields,
            List<T> all,
            java.util.function.BiFunction<T, String, Optional<String>> value,
            Function<T, ObjectNode> render,
            Function<String, Comparator<T>> order) {
        int page = positive(query, "page", 1, Integer.MAX_VALUE);
        int pageSize = positive(query, "pageSize", MAX_PAGE_SIZE, MAX_PAGE_SIZE);
        CardQuery q = CardQuery.parse(query.get("q"), fields);
        List<T> matching = new ArrayList<>(
                all.stream().filter(t -> q.test(f -> value.apply(t, f))).toList());
        String orderBy = query.get("orderBy");
        if (orderBy != null && !orderBy.isBlank()) {
            Comparator<T> c = null;
            for (String f : orderBy.split(",")) {
                Comparator<T> next =
                        f.startsWith("-") ? order.apply(f.substring(1)).reversed() : order.apply(f);
                c = c == null ? next : c.thenComparing(next);
            }
            matching.sort(c);
        }
        long from = Math.min((long) (page - 1) * pageSize, matching.size());
        long to = Math.min(from + pageSize, matching.size());
        var root = json.createObjectNode();
        ArrayNode data = root.putArray("data");
        for (T t : matching.subList((int) from, (int) to)) {
            data.add(render.apply(t));
        }
        root.put("page", page).put("pageSize", pageSize).put("count", to - from).put("totalCount", matching.size());
        return Answer.json(200, root.toString());
    }

    private static int positive(Map<String, String> query, String key, int fallback, int max) {
        String v = query.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + v + "'");
        }
        if (n < 1 || n > max) {
            throw new IllegalArgumentException(key + " must be from 1 to " + max + ", got " + n);
        }
        return n;
    }

    private Answer one(ObjectNode item) {
        var root = json.createObjectNode();
        root.set("data", item);
        return Answer.json(200, root.toString());
    }

    private Optional<String> cardValue(Card c, String field) {
        return switch (field) {
            case "id" -> Optional.of(c.sourceId());
            case "name" -> Optional.of(c.name());
            case "number" -> Optional.of(shortNumber(c));
            case "rarity" -> Optional.of(c.rarity());
            case "supertype" -> Optional.of("Pokémon");
            case "subtypes" -> Optional.of(String.join(" ", subtypes(c)));
            case "set.id" -> Optional.of(c.set().code());
            case "set.name" -> Optional.of(c.set().name());
            case "set.series" -> Optional.of(series(c.set()));
            case "set.ptcgoCode" -> Optional.of(c.set().abbreviation());
            default -> Optional.empty();
        };
    }

    private Optional<String> setValue(CardSet s, String field) {
        return switch (field) {
            case "id" -> Optional.of(s.code());
            case "name" -> Optional.of(s.name());
            case "series" -> Optional.of(series(s));
            case "ptcgoCode" -> Optional.of(s.abbreviation());
            default -> Optional.empty();
        };
    }

    private Comparator<Card> cardOrder(String field) {
        return switch (field) {
            case "number" -> Comparator.comparingInt(c -> Integer.parseInt(shortNumber(c)));
            case "name" -> Comparator.comparing(Card::name);
            case "id" -> Comparator.comparing(Card::sourceId);
            case "set.releaseDate" -> Comparator.comparing(c -> c.set().releasedOn());
            case "set.id" -> Comparator.comparing(c -> c.set().code());
            default -> throw new IllegalArgumentException("cannot order by '" + field + "'");
        };
    }

    private Comparator<CardSet> setOrder(String field) {
        return switch (field) {
            case "releaseDate" -> Comparator.comparing(CardSet::releasedOn);
            case "name" -> Comparator.comparing(CardSet::name);
            case "id" -> Comparator.comparing(CardSet::code);
            default -> throw new IllegalArgumentException("cannot order by '" + field + "'");
        };
    }

    private static String series(CardSet s) {
        return "Scarlet & Violet";
    }

    private static String shortNumber(Card c) {
        int slash = c.number().indexOf('/');
        return slash < 0 ? c.number() : c.number().substring(0, slash);
    }

    private static List<String> subtypes(Card c) {
        if (c.name().endsWith(" ex")) {
            return List.of("Stage 1", "ex");
        }
        if (c.name().endsWith(" V")) {
            return List.of("Basic", "V");
        }
        return List.of("Basic");
    }

    private ObjectNode setJson(CardSet s) {
        var node = json.createObjectNode()
                .put("id", s.code())
                .put("name", s.name())
                .put("series", series(s))
                .put("printedTotal", s.size())
                .put("total", Math.max(s.size(), setTotals.getOrDefault(s.code(), 0)));
        node.putObject("legalities")
                .put("unlimited", "Legal")
                .put("standard", "Legal")
                .put("expanded", "Legal");
        node.put("ptcgoCode", s.abbreviation())
                .put("releaseDate", DAY.format(s.releasedOn()))
                .put("updatedAt", DAY_TIME.format(s.releasedOn().atTime(15, 0)));
        node.putObject("images")
                .put("symbol", baseUrl() + "/images/" + s.code() + "/symbol.png")
                .put("logo", baseUrl() + "/images/" + s.code() + "/logo.png");
        return node;
    }

    private ObjectNode cardJson(Card c) {
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        String number = shortNumber(c);
        var node = json.createObjectNode()
                .put("id", c.sourceId())
                .put("name", c.name())
                .put("supertype", "Pokémon");
        var subtypes = node.putArray("subtypes");
        subtypes(c).forEach(subtypes::add);
        node.put("hp", Integer.toString(60 + c.productId() % 20 * 10))
                .put("number", number)
                .put("artist", ARTISTS.get(c.productId() % ARTISTS.size()))
                .put("rarity", c.rarity());
        node.set("set", setJson(c.set()));
        node.putObject("images")
                .put("small", baseUrl() + "/images/" + c.set().code() + "/" + number + ".png")
                .put("large", baseUrl() + "/images/" + c.set().code() + "/" + number + "_hires.png");
        String day = DAY.format(today.atOffset(ZoneOffset.UTC));
        if (c.productId() % 29 != 0) {
            var tcg = node.putObject("tcgplayer")
                    .put("url", "https://prices.pokemontcg.io/tcgplayer/" + c.sourceId())
                    .put("updatedAt", day);
            var prices = tcg.putObject("prices");
            for (String printing : c.printings()) {
                var p = world.prices(c, printing, today, today);
                prices.putObject(PRICE_KEYS.getOrDefault(printing, printing))
                        .put("low", dollars(p.low()))
                        .put("mid", dollars(p.mid()))
                        .put("high", dollars(p.high()))
                        .put("market", dollars(Optional.of(p.market())))
                        .put("directLow", dollars(p.directLow()));
            }
        }
        if (c.productId() % 13 != 0) {
            var market = node.putObject("cardmarket")
                    .put("url", "https://prices.pokemontcg.io/cardmarket/" + c.sourceId())
                    .put("updatedAt", day);
            cardmarket(market.putObject("prices"), c, today);
        }
        return node;
    }

    private static final List<String> ARTISTS =
            List.of("Mitsuhiro Arita", "Ken Sugimori", "kawayoo", "Atsuko Nishida", "5ban Graphics", "Saya Tsuruta");

    /** Cardmarket's euro prices: sells, lows and trend of the main printing, the reverse holo's where it has one. */
    private void cardmarket(ObjectNode prices, Card c, Instant today) {
        String main = c.printings().get(0);
        double avg1 = euros(c, main, today.minus(Duration.ofDays(1)), today);
        double avg7 = average(c, main, today, 7);
        double avg30 = average(c, main, today, 30);
        double sell = euros(c, main, today, today);
        double low = round2(world.prices(c, main, today, today).low().orElse(1L) / 100.0 * EUR_PER_USD * 0.8);
        prices.put("averageSellPrice", sell)
                .put("lowPrice", low)
                .put("trendPrice", round2((avg1 + avg7) / 2))
                .put("germanProLow", 0.0)
                .put("suggestedPrice", 0.0);
        if (c.printings().contains("Reverse Holofoil")) {
            String r = "Reverse Holofoil";
            double rAvg1 = euros(c, r, today.minus(Duration.ofDays(1)), today);
            double rAvg7 = average(c, r, today, 7);
            prices.put("reverseHoloSell", euros(c, r, today, today))
                    .put("reverseHoloLow", round2(euros(c, r, today, today) * 0.8))
                    .put("reverseHoloTrend", round2((rAvg1 + rAvg7) / 2));
        } else {
            prices.putNull("reverseHoloSell").putNull("reverseHoloLow").putNull("reverseHoloTrend");
        }
        prices.put("lowPriceExPlus", round2(low * 1.1))
                .put("avg1", avg1)
                .put("avg7", avg7)
                .put("avg30", avg30);
        if (c.printings().contains("Reverse Holofoil")) {
            String r = "Reverse Holofoil";
            prices.put("reverseHoloAvg1", euros(c, r, today.minus(Duration.ofDays(1)), today))
                    .put("reverseHoloAvg7", average(c, r, today, 7))
                    .put("reverseHoloAvg30", average(c, r, today, 30));
        } else {
            prices.putNull("reverseHoloAvg1").putNull("reverseHoloAvg7").putNull("reverseHoloAvg30");
        }
    }

    private double euros(Card c, String printing, Instant at, Instant now) {
        return round2(world.market(c, printing, at, now) / 100.0 * EUR_PER_USD);
    }

    private double average(Card c, String printing, Instant today, int days) {
        double sum = 0;
        for (int i = 0; i < days; i++) {
            sum += world.market(c, printing, today.minus(Duration.ofDays(i)), today);
        }
        return round2(sum / days / 100.0 * EUR_PER_USD);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Dollars as the API writes them, a JSON number such as 12.3, or null. */
    private static Double dollars(Optional<Long> cents) {
        return cents.map(c -> c / 100.0).orElse(null);
    }

    // ---- images

    /** A plain picture for {@code {set}/{number}.png}, {@code _hires.png}, {@code symbol.png} or {@code logo.png}. */
    private Answer image(String path) {
        String[] parts = path.split("/");
        if (parts.length != 2 || !parts[1].endsWith(".png")) {
            return error(404, "Not Found");
        }
        Optional<CardSet> set =
                sets.stream().filter(s -> s.code().equals(parts[0])).findFirst();
        if (set.isEmpty()) {
            return error(404, "Not Found");
        }
        String name = parts[1].substring(0, parts[1].length() - ".png".length());
        boolean hires = name.endsWith("_hires");
        String number = hires ? name.substring(0, name.length() - "_hires".length()) : name;
        int width;
        int height;
        Optional<Card> card = Optional.empty();
        if (number.equals("symbol") || number.equals("logo")) {
            width = number.equals("logo") ? 300 : 64;
            height = number.equals("logo") ? 120 : 64;
        } else {
            card = world.bySourceId(set.get().code() + "-" + number).filter(Card::pokemon);
            if (card.isEmpty()) {
                return error(404, "Not Found");
            }
            width = hires ? 734 : 245;
            height = hires ? 1024 : 342;
        }
        return new Answer(200, Map.of("Content-Type", "image/png"), png(width, height, set.get(), card));
    }

    /** A card-shaped gradient in the set's colour with a band by rarity: shapes only, so no font is needed. */
    private static byte[] png(int width, int height, CardSet set, Optional<Card> card) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float hue = (set.groupId() % 360) / 360f;
            g.setPaint(new GradientPaint(
                    0, 0, Color.getHSBColor(hue, 0.55f, 0.95f), width, height, Color.getHSBColor(hue, 0.8f, 0.45f)));
            g.fillRect(0, 0, width, height);
            if (card.isPresent()) {
                int inset = width / 16;
                g.setColor(new Color(255, 255, 255, 200));
                g.fillRoundRect(inset, inset, width - 2 * inset, height / 2, inset, inset);
                float rarityHue = (card.get().productId() * 37 % 360) / 360f;
                g.setColor(Color.getHSBColor(rarityHue, 0.7f, 0.9f));
                g.fillOval(width / 2 - width / 6, inset + height / 4 - width / 6, width / 3, width / 3);
            }
        } finally {
            g.dispose();
        }
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---- errors and control

    private String errorBody(int code, String message) {
        var root = json.createObjectNode();
        root.putObject("error").put("message", message).put("code", code);
        return root.toString();
    }

    private Answer error(int code, String message) {
        return Answer.json(code, errorBody(code, message));
    }

    private Answer control(String method, String path, Map<String, String> query) {
        String route = method + " " + path;
        try {
            switch (route) {
                case "POST /_sim/keys" -> {
                    return Answer.json(
                            200, json.createObjectNode().put("key", issueKey()).toString());
                }
                case "POST /_sim/faults" -> {
                    var fault = Fault.valueOf(query.getOrDefault("fault", ""));
                    int times = Integer.parseInt(query.getOrDefault("times", "1"));
                    int after = Integer.parseInt(query.getOrDefault("retryAfterSeconds", "1"));
                    injectFault(fault, times, after);
                    return Answer.json(
                            200,
                            json.createObjectNode()
                                    .put("fault", fault.name())
                                    .put("times", times)
                                    .toString());
                }
                case "POST /_sim/limits" -> {
                    Limits l = limits;
                    limits(new Limits(
                            Long.parseLong(query.getOrDefault("perDayWithKey", Long.toString(l.perDayWithKey()))),
                            Long.parseLong(query.getOrDefault("perDayWithoutKey", Long.toString(l.perDayWithoutKey()))),
                            Integer.parseInt(query.getOrDefault(
                                    "perMinuteWithoutKey", Integer.toString(l.perMinuteWithoutKey())))));
                    return Answer.json(200, json.valueToTree(limits).toString());
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
