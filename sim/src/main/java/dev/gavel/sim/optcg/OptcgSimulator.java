package dev.gavel.sim.optcg;

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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the OPTCG API over the One Piece cards of the shared {@link DemoCards} world, in its
 * shapes: {@code GET /api/allSets/} ({@code [{set_name, set_id}]}, set ids such as {@code "OP-01"}), {@code
 * GET /api/sets/{set_id}/}, {@code GET /api/sets/card/{card_set_id}/} and {@code GET /api/allSetCards/}, each
 * an array of cards {@code {inventory_price, market_price, card_name, set_name, card_text, set_id, rarity,
 * card_set_id, card_color, card_type, life, card_cost, card_power, sub_types, counter_amount, attribute,
 * date_scraped, card_image_id, card_image}}. A printing beyond the first (the world's "Foil") is a parallel
 * art: the same {@code card_set_id}, {@code card_image_id} {@code "OP01-001_p1"} and "(Parallel)" in the name,
 * as the real service lists them. The real service names the rarity {@code rarity} (SOURCES.md says
 * {@code card_rarity}; clients should read both). Prices are those of the day's scrape ({@code date_scraped},
 * the clock's UTC day at midnight): {@code inventory_price} is the lowest listing, {@code market_price} the
 * market price, as JSON numbers, strings, or a mix of both ({@link PriceStyle}). Unknown sets and cards are a
 * 404 {@code {"detail":"Not found."}}.
 *
 * <p>Faults (429 with {@code Retry-After}, 500, 503, a held answer, a truncated body, broken cards among good
 * ones) are switched from Java or over {@code /_sim/...}. Requests run on virtual threads. Thread-safe.
 */
public final class OptcgSimulator implements AutoCloseable {

    /** What the next calls answer instead of (or on top of) the normal answer. */
    public enum Fault {
        HTTP_429,
        HTTP_500,
        HTTP_503,
        TIMEOUT,
        MALFORMED,
        /**
         * The answer is normal but its first three cards are broken: no {@code card_set_id}, a {@code
         * market_price} of {@code "N/A"}, an {@code inventory_price} of {@code null}.
         */
        BAD_CARDS
    }

    /** How prices are written. */
    public enum PriceStyle {
        NUMBERS,
        STRINGS,
        /** Strings for cards with an even product id, numbers for the others. */
        MIXED
    }

    /** Counters since start: calls per endpoint, faults served. */
    public record Stats(long setListCalls, long setCalls, long cardCalls, long allCardCalls, long faultsServed) {}

    private static final Pattern SET = Pattern.compile("/api/sets/([^/]+)/?");
    private static final Pattern CARD = Pattern.compile("/api/sets/card/([^/]+)/?");
    private static final Pattern SET_CODE = Pattern.compile("([A-Z]+)(\\d+)");
    private static final List<String> COLORS = List.of("Red", "Green", "Blue", "Purple", "Black", "Yellow");
    private static final List<String> TYPES = List.of("Character", "Character", "Character", "Event", "Stage");
    private static final List<String> ATTRIBUTES = List.of("Slash", "Strike", "Ranged", "Special", "Wisdom");

    private record Answer(int status, Map<String, String> headers, String body) {}

    private final SimServer server;
    private final Clock clock;
    private final DemoCards cards;
    private final ObjectMapper json = new ObjectMapper();
    private final SimFaults<Fault> faults = new SimFaults<>();

    private volatile PriceStyle priceStyle = PriceStyle.NUMBERS;
    private volatile Duration timeoutDelay = Duration.ofSeconds(15);
    private final AtomicLong setListCalls = new AtomicLong();
    private final AtomicLong setCalls = new AtomicLong();
    private final AtomicLong cardCalls = new AtomicLong();
    private final AtomicLong allCardCalls = new AtomicLong();
    private final AtomicLong faultsServed = new AtomicLong();

    private OptcgSimulator(SimServer server, Clock clock, DemoCards cards) {
        this.server = server;
        this.clock = clock;
        this.cards = cards;
    }

    /** Starts on 127.0.0.1:{@code port} (0: any free port), serving the One Piece cards of {@code cards}. */
    public static OptcgSimulator start(int port, Clock clock, DemoCards cards) throws IOException {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(cards, "cards");
        var server = SimServer.bind(port);
        var sim = new OptcgSimulator(server, clock, cards);
        server.start(sim::handle);
        return sim;
    }

    /** Where the simulator listens, as {@code http://127.0.0.1:PORT} without a trailing slash (the API is under {@code /api}). */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The OPTCG set id of a card-world set: {@code "OP01"} → {@code "OP-01"}. */
    public static String setId(CardSet set) {
        Matcher m = SET_CODE.matcher(set.code());
        return m.matches() ? m.group(1) + "-" + m.group(2) : set.code();
    }

    public void priceStyle(PriceStyle style) {
        priceStyle = Objects.requireNonNull(style, "style");
    }

    /** How long a {@link Fault#TIMEOUT} holds its answer, in real time (default 15 s). */
    public void timeoutDelay(Duration delay) {
        timeoutDelay = Objects.requireNonNull(delay, "delay");
    }

    /** The next {@code times} calls answer {@code fault}; a 429 says {@code Retry-After: retryAfterSeconds}. */
    public void injectFault(Fault fault, int times, int retryAfterSeconds) {
        Objects.requireNonNull(fault, "fault");
        faults.add(fault, times, retryAfterSeconds);
    }

    public void injectFault(Fault fault, int times) {
        injectFault(fault, times, 1);
    }

    public Stats stats() {
        return new Stats(setListCalls.get(), setCalls.get(), cardCalls.get(), allCardCalls.get(), faultsServed.get());
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- transport

    private SimServer.Reply handle(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getRawPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Answer answer = route(exchange.getRequestMethod(), path, body);
        return SimServer.Reply.text(answer.status(), answer.headers(), answer.body());
    }

    private Answer route(String method, String path, String body) throws InterruptedException {
        if (path.startsWith("/_sim/")) {
            return control(method + " " + path, body);
        }
        if (!method.equals("GET")) {
            return jsonAnswer(
                    405, "{\"detail\":\"Method \\\"" + method.replaceAll("[^A-Z]", "") + "\\\" not allowed.\"}");
        }
        Matcher card = CARD.matcher(path);
        Matcher set = SET.matcher(path);
        String which;
        if (path.equals("/api/allSets/") || path.equals("/api/allSets")) {
            setListCalls.incrementAndGet();
            which = "sets";
        } else if (path.equals("/api/allSetCards/") || path.equals("/api/allSetCards")) {
            allCardCalls.incrementAndGet();
            which = "all";
        } else if (card.matches()) {
            cardCalls.incrementAndGet();
            which = "card";
        } else if (set.matches()) {
            setCalls.incrementAndGet();
            which = "set";
        } else {
            return notFound();
        }
        boolean broken = false;
        boolean truncate = false;
        Optional<SimFaults.Pending<Fault>> fault = faults.take();
        if (fault.isPresent()) {
            faultsServed.incrementAndGet();
            switch (fault.get().fault()) {
                case HTTP_429 -> {
                    return new Answer(
                            429,
                            Map.of(
                                    "Content-Type",
                                    "application/json",
                                    "Retry-After",
                                    Integer.toString(fault.get().retryAfterSeconds())),
                            "{\"detail\":\"Request was throttled.\"}");
                }
                case HTTP_500 -> {
                    return html(500, "Server Error (500)");
                }
                case HTTP_503 -> {
                    return html(503, "Service Unavailable");
                }
                case TIMEOUT -> Thread.sleep(timeoutDelay);
                case MALFORMED -> truncate = true;
                case BAD_CARDS -> broken = true;
            }
        }
        Answer answer =
                switch (which) {
                    case "sets" -> sets();
                    case "all" -> cardsAnswer(onePiece(), broken);
                    case "card" -> {
                        String id = URLDecoder.decode(card.group(1), StandardCharsets.UTF_8);
                        List<Card> found = cards.bySourceId(id)
                                .filter(c -> !c.pokemon())
                                .map(List::of)
                                .orElse(List.of());
                        yield found.isEmpty() ? notFound() : cardsAnswer(found, broken);
                    }
                    default -> {
                        String id = URLDecoder.decode(set.group(1), StandardCharsets.UTF_8);
                        List<Card> found = onePiece().stream()
                                .filter(c -> setId(c.set()).equals(id))
                                .toList();
                        yield found.isEmpty() ? notFound() : cardsAnswer(found, broken);
                    }
                };
        if (truncate) {
            return new Answer(
                    answer.status(),
                    answer.headers(),
                    answer.body().substring(0, Math.max(1, answer.body().length() / 2)));
        }
        return answer;
    }

    private List<Card> onePiece() {
        return cards.cards().stream().filter(c -> !c.pokemon()).toList();
    }

    private Answer sets() {
        ArrayNode array = json.createArrayNode();
        for (CardSet s : cards.sets(DemoCards.ONE_PIECE_CATEGORY)) {
            array.addObject().put("set_name", s.name()).put("set_id", setId(s));
        }
        return jsonAnswer(200, array.toString());
    }

    private Answer cardsAnswer(List<Card> list, boolean broken) {
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Instant scrapedAt = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        ArrayNode array = json.createArrayNode();
        for (Card c : list) {
            for (int i = 0; i < c.printings().size(); i++) {
                array.add(card(c, c.printings().get(i), i, day, scrapedAt));
            }
        }
        if (broken) {
            for (int i = 0; i < Math.min(3, array.size()); i++) {
                ObjectNode n = (ObjectNode) array.get(i);
                switch (i) {
                    case 0 -> n.remove("card_set_id");
                    case 1 -> n.put("market_price", "N/A");
                    default -> n.putNull("inventory_price");
                }
            }
        }
        return jsonAnswer(200, array.toString());
    }

    private ObjectNode card(Card c, String printing, int variant, LocalDate day, Instant scrapedAt) {
        DemoCards.Prices prices = cards.prices(c, printing, scrapedAt, scrapedAt);
        boolean strings = priceStyle == PriceStyle.STRINGS || priceStyle == PriceStyle.MIXED && c.productId() % 2 == 0;
        String imageId = variant == 0 ? c.number() : c.number() + "_p" + variant;
        boolean leader = c.rarity().equals("L");
        int seed = c.productId();
        ObjectNode n = json.createObjectNode();
        price(n, "inventory_price", prices.low().orElse(null), strings);
        price(n, "market_price", prices.market(), strings);
        n.put("card_name", variant == 0 ? c.name() : c.name() + " (Parallel)")
                .put("set_name", c.set().name())
                .put(
                        "card_text",
                        leader ? "[Your Turn] All of your Characters gain +1000 power." : "[On Play] Draw 1 card.")
                .put("set_id", setId(c.set()))
                .put("rarity", c.rarity())
                .put("card_set_id", c.number())
                .put("card_color", COLORS.get(seed % COLORS.size()))
                .put("card_type", leader ? "Leader" : TYPES.get(seed % TYPES.size()));
        if (leader) {
            n.put("life", "5").putNull("card_cost");
        } else {
            n.putNull("life").put("card_cost", Integer.toString(1 + seed % 9));
        }
        n.put("card_power", Integer.toString(1000 * (1 + seed % 10)))
                .put("sub_types", "Straw Hat Crew")
                .put("counter_amount", leader ? null : (seed % 3) * 1000)
                .put("attribute", ATTRIBUTES.get(seed % ATTRIBUTES.size()))
                .put("date_scraped", day.toString())
                .put("card_image_id", imageId)
                .put("card_image", baseUrl() + "/media/static/Card_Images/" + imageId + ".jpg");
        return n;
    }

    private static void price(ObjectNode n, String field, Long cents, boolean asString) {
        if (cents == null) {
            n.putNull(field);
        } else if (asString) {
            n.put(field, BigDecimal.valueOf(cents, 2).toPlainString());
        } else {
            n.put(field, BigDecimal.valueOf(cents, 2));
        }
    }

    private static Answer notFound() {
        return jsonAnswer(404, "{\"detail\":\"Not found.\"}");
    }

    private static Answer jsonAnswer(int status, String body) {
        return new Answer(status, Map.of("Content-Type", "application/json"), body);
    }

    private static Answer html(int status, String reason) {
        return new Answer(
                status, Map.of("Content-Type", "text/html"), "<html><body><h1>" + reason + "</h1></body></html>");
    }

    // ---- operator control

    private Answer control(String route, String raw) {
        JsonNode body;
        try {
            body = raw.isBlank() ? json.createObjectNode() : json.readTree(raw);
        } catch (IOException e) {
            return simError(400, "the body is not JSON");
        }
        try {
            switch (route) {
                case "POST /_sim/faults" -> {
                    var fault = Fault.valueOf(body.path("fault").asText(""));
                    int times = body.path("times").asInt(1);
                    injectFault(fault, times, body.path("retryAfterSeconds").asInt(1));
                    return jsonAnswer(
                            200,
                            json.createObjectNode()
                                    .put("fault", fault.name())
                                    .put("times", times)
                                    .toString());
                }
                case "POST /_sim/prices" -> {
                    priceStyle(PriceStyle.valueOf(body.path("style").asText("")));
                    return jsonAnswer(
                            200,
                            json.createObjectNode()
                                    .put("style", priceStyle.name())
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
}
