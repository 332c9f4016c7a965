package dev.gavel.server.market;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.market.catalog.CatalogItem;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.PriceKind;
import dev.gavel.market.price.Bars;
import dev.gavel.market.price.PriceBar;
import dev.gavel.market.price.PriceStats;
import dev.gavel.market.price.TrendColour;
import dev.gavel.market.price.Trending;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.server.http.Json;
import dev.gavel.store.market.CardCache;
import dev.gavel.store.market.CardPriceStore;
import dev.gavel.store.market.CardPriceStore.History;
import dev.gavel.store.market.CardPriceStore.Resolution;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Card prices over HTTP (API.md, market watch), for any signed-in role; reads are cached in Redis until
 * the card has new prices ({@link dev.gavel.store.market.CardCache}):
 *
 * <ul>
 *   <li>{@code GET /api/cards/{id}/prices/history?from=&to=&interval=raw|1h|1d&source=&kind=&format=json|png}
 *       — a card's series (source × printing × condition × kind) as bars, or a chart of one as a PNG; without
 *       {@code to} the range ends with the current bar (raw points: the current minute);
 *   <li>{@code GET /api/prices/trending?game=&window=24h|7d|30d&limit=&direction=gainers|losers&thin=} —
 *       cards by change of their market price, thin markets (too few observations) left out unless asked;
 *   <li>{@code POST /api/cards/prices/import} (admin) — price history kept elsewhere, quote by quote;
 *   <li>the prices and stats {@code GET /api/cards/{id}} shows ({@link #pricesOf}).
 * </ul>
 *
 * Amounts are decimal strings in the currency's unit ("12.50" dollars), times ISO-8601 UTC.
 */
public final class PriceRoutes {
    /** Sources whose market price is a card's headline price, first found first. */
    public static final List<String> PRIMARY_SOURCES = List.of("tcgplayer", "optcg", "pokemontcg", "ebay", "m26");

    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Map<String, Duration> WINDOWS =
            Map.of("24h", PriceStats.DAY, "7d", PriceStats.WEEK, "30d", PriceStats.MONTH);

    private final CardMarket cards;
    private final ObjectMapper mapper;
    private final dev.gavel.server.http.Bodies bodies;

    public PriceRoutes(CardMarket cards, ObjectMapper mapper, dev.gavel.server.http.Bodies bodies) {
        this.cards = cards;
        this.mapper = mapper;
        this.bodies = bodies;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/cards/{id}/prices/history", this::history, Access.VIEWER);
        routes.get("/api/prices/trending", this::trending, Access.VIEWER);
        routes.post("/api/cards/prices/import", this::importPrices, Access.ADMIN);
    }

    /** The most quotes one import takes. */
    public static final int MAX_IMPORT = 20_000;

    /**
     * Imports price history kept elsewhere (another tracker's export, the demo's past): {@code {"source":
     * "tcgplayer", "quotes":[{"externalId","printing","condition","kind","amount":"12.34","currency":"USD",
     * "observedAt"}]}}, ids being that source's. Quotes with problems are reported by index and skipped; the
     * good ones beside them are stored; a quote already stored is one observation.
     */
    private void importPrices(Context ctx) {
        var body = bodies.read(ctx, com.fasterxml.jackson.databind.JsonNode.class);
        String source = body.path("source").asText("");
        if (!SOURCE.matcher(source).matches()) {
            throw ApiError.badRequest(
                    "invalid_source",
                    "source is the id of the source the cards came from, such as tcgplayer",
                    Map.of("source", source));
        }
        var quotes = body.path("quotes");
        if (!quotes.isArray() || quotes.isEmpty() || quotes.size() > MAX_IMPORT) {
            throw ApiError.badRequest(
                    "invalid_quotes",
                    "quotes is a list of 1 to " + MAX_IMPORT + " prices",
                    Map.of("quotes", quotes.isArray() ? quotes.size() + " given" : "not a list"));
        }
        var good = new ArrayList<dev.gavel.market.price.PriceQuote>();
        var rejected = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < quotes.size(); i++) {
            var q = quotes.get(i);
            var problems = new LinkedHashMap<String, String>();
            String externalId = q.path("externalId").asText("");
            if (externalId.isBlank() || externalId.length() > 128) {
                problems.put("externalId", "is the source's id of the card");
            }
            PriceKind kind = null;
            try {
                kind = PriceKind.valueOf(q.path("kind").asText("market").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.put("kind", "is one of market, low, mid, high, direct_low, current_bid, buy_now, sold");
            }
            Currency currency = null;
            try {
                currency = Currency.valueOf(q.path("currency").asText("USD").toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.put("currency", "is USD, EUR or COINS");
            }
            long amount = -1;
            try {
                var decimal = new BigDecimal(q.path("amount").asText(""));
                if (currency != null) {
                    amount = decimal.movePointRight(currency.scale()).longValueExact();
                }
                if (amount < 0) {
                    problems.put("amount", "cannot be negative");
                }
            } catch (NumberFormatException | ArithmeticException e) {
                problems.put("amount", "is a decimal string such as \"12.34\" with at most the currency's decimals");
            }
            Instant at = null;
            try {
                at = Instant.parse(q.path("observedAt").asText(""));
                if (at.isAfter(cards.clock().instant().plus(Duration.ofMinutes(5)))) {
                    problems.put("observedAt", "is in the future");
                }
            } catch (DateTimeParseException e) {
                problems.put("observedAt", "is a time such as 2026-11-01T12:00:00Z");
            }
            String printing = q.path("printing").asText("");
            String condition = q.path("condition").asText("");
            if (printing.length() > 64 || condition.length() > 64) {
                problems.put("printing", "printing and condition are at most 64 characters");
            }
            if (!problems.isEmpty()) {
                if (rejected.size() < 100) {
                    rejected.add(Map.of("index", i, "problems", problems));
                }
                continue;
            }
            good.add(new dev.gavel.market.price.PriceQuote(
                    source, externalId, printing, condition, kind, amount, currency, at));
        }
        var recorded =
                good.isEmpty() ? new CardPriceStore.Recorded(0, 0, 0, java.util.Set.of()) : cards.record(source, good);
        var out = new LinkedHashMap<String, Object>();
        out.put("quotes", quotes.size());
        out.put("stored", recorded.stored());
        out.put("alreadyStored", recorded.quotes() - recorded.stored() - recorded.unknown());
        out.put("unknownCards", recorded.unknown());
        out.put("rejected", quotes.size() - good.size());
        out.put("problems", rejected);
        ctx.json(out);
    }

    /** A card's latest prices per series and stats per market series, as {@code GET /api/cards/{id}} shows them. */
    public Map<String, Object> pricesOf(long itemId) {
        var out = new LinkedHashMap<String, Object>();
        out.put(
                "prices",
                cards.prices().latest(itemId).stream()
                        .map(l -> {
                            var m = series(l.series());
                            m.put("amount", money(l.amount(), l.series().currency()));
                            m.put("observedAt", l.observedAt().toString());
                            return m;
                        })
                        .toList());
        Instant now = cards.clock().instant();
        var stats = new ArrayList<Map<String, Object>>();
        for (History h : cards.prices().statsBars(itemId, PriceKind.MARKET, now.minus(Duration.ofDays(32)), now)) {
            PriceStats.of(h.bars(), now).ifPresent(s -> {
                var m = series(h.series());
                Currency c = h.series().currency();
                m.put("latest", money(s.latest(), c));
                m.put("latestAt", s.latestAt().toString());
                var windows = new LinkedHashMap<String, Object>();
                windows.put("24h", window(s.day(), c));
                windows.put("7d", window(s.week(), c));
                windows.put("30d", window(s.month(), c));
                m.put("windows", windows);
                m.put(
                        "trend",
                        TrendColour.of(daily(h.bars()), LocalDate.ofInstant(now, ZoneOffset.UTC))
                                .name());
                stats.add(m);
            });
        }
        out.put("stats", stats);
        return out;
    }

    private static List<PriceBar> daily(List<PriceBar> mixed) {
        return Bars.roll(mixed, Duration.ofDays(1));
    }

    private static Map<String, Object> window(PriceStats.Window w, Currency c) {
        var m = new LinkedHashMap<String, Object>();
        m.put("observations", w.observations());
        m.put("min", money(w.min(), c));
        m.put("max", money(w.max(), c));
        m.put("average", money(w.average(), c));
        m.put("changePercent", w.changePercent().map(BigDecimal::toPlainString).orElse(null));
        m.put("thin", w.thin());
        return m;
    }

    private void history(Context ctx) {
        long id = CardIds.parse(ctx.pathParam("id"));
        Instant now = cards.clock().instant();
        Optional<Instant> toParam = instant(ctx, "to");
        Optional<Instant> fromParam = instant(ctx, "from");
        Optional<Resolution> asked = Optional.ofNullable(ctx.queryParam("interval"))
                .filter(v -> !v.isBlank())
                .map(PriceRoutes::resolution);
        Duration defaultSpan = asked.map(r -> r == Resolution.DAY ? Duration.ofDays(365) : Duration.ofDays(30))
                .orElse(Duration.ofDays(30));
        Instant asOf = toParam.orElse(now);
        Instant askedFrom = fromParam.orElseGet(() -> asOf.minus(defaultSpan));
        if (!askedFrom.isBefore(asOf)) {
            throw ApiError.badRequest(
                    "invalid_range",
                    "from must be before to",
                    Map.of("from", askedFrom.toString(), "to", asOf.toString()));
        }
        Duration span = Duration.between(askedFrom, asOf);
        Resolution resolution = asked.orElse(
                span.compareTo(Duration.ofDays(2)) <= 0
                        ? Resolution.RAW
                        : span.compareTo(Duration.ofDays(60)) <= 0 ? Resolution.HOUR : Resolution.DAY);
        Duration most =
                switch (resolution) {
                    case RAW -> Duration.ofDays(31);
                    case HOUR -> Duration.ofDays(92);
                    case DAY -> Duration.ofDays(3660);
                };
        if (span.compareTo(most) > 0) {
            throw ApiError.badRequest(
                    "range_too_long",
                    "interval " + name(resolution) + " covers at most " + most.toDays() + " days; ask for a wider"
                            + " interval or a shorter range",
                    Map.of("from", askedFrom.toString(), "to", asOf.toString()));
        }
        // An open range ends with the current bar (raw points: the current minute), not at this instant: no bar
        // starts later and new prices drop the card's cached reads, so the answer stays the same, and cached,
        // until the bar ends. Keyed on the instant, every request was a miss that stored one more copy.
        Instant to = toParam.orElseGet(() -> endOfCurrent(now, resolution));
        Instant from = fromParam.orElseGet(() -> to.minus(defaultSpan));
        Optional<String> source = Optional.ofNullable(ctx.queryParam("source"))
                .filter(v -> !v.isBlank())
                .map(v -> {
                    if (!SOURCE.matcher(v).matches()) {
                        throw ApiError.badRequest(
                                "invalid_source", "source is a source id such as tcgplayer", Map.of("source", v));
                    }
                    return v;
                });
        Optional<PriceKind> kind = Optional.ofNullable(ctx.queryParam("kind"))
                .filter(v -> !v.isBlank())
                .map(PriceRoutes::kind);
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
        if (!format.equals("json") && !format.equals("png")) {
            throw ApiError.badRequest("invalid_format", "format is json or png", Map.of("format", format));
        }
        String field = "history:" + from + ":" + to + ":" + name(resolution) + ":" + source.orElse("") + ":"
                + kind.map(Enum::name).orElse("");
        if (format.equals("png")) {
            int width = CatalogRoutes.number(
                    ctx, "width", PriceChart.DEFAULT_WIDTH, PriceChart.MIN_WIDTH, PriceChart.MAX_WIDTH);
            int height = CatalogRoutes.number(
                    ctx, "height", PriceChart.DEFAULT_HEIGHT, PriceChart.MIN_HEIGHT, PriceChart.MAX_HEIGHT);
            // drawing takes 20-35 ms: the chart is kept beside the JSON and dropped with it on new prices
            byte[] png = cachedBytes(id, "png:" + field + ":" + width + "x" + height, () -> {
                CatalogItem item = cards.catalog().find(id).orElseThrow(() -> ApiError.notFound("no card " + id));
                var series = cards.prices()
                        .history(id, from, to, resolution, source, kind.or(() -> Optional.of(PriceKind.MARKET)));
                var chosen = primary(series);
                String title = item.name()
                        + item.number().map(n -> " " + n).orElse("")
                        + chosen.map(h -> " — " + h.series().source() + " "
                                        + h.series().printing() + " "
                                        + h.series().kind().name().toLowerCase(Locale.ROOT))
                                .orElse("");
                return PriceChart.png(
                        chosen.map(History::bars).orElse(List.of()),
                        title,
                        chosen.map(h -> h.series().currency()).orElse(Currency.USD),
                        width,
                        height);
            });
            cards.cache().viewed(id);
            ctx.header("Cache-Control", "private, max-age=60");
            ctx.res().setCharacterEncoding(null);
            ctx.res().setContentType("image/png");
            ctx.result(png);
            return;
        }
        // a cached answer is of a card that exists. Prices exist only for cards in the catalog, so on a miss the
        // catalog is asked only when the range has none: a round trip less for every card with a history.
        byte[] json = cached(id, field, () -> {
            var history = cards.prices().history(id, from, to, resolution, source, kind);
            if (history.isEmpty()) {
                cards.catalog().find(id).orElseThrow(() -> ApiError.notFound("no card " + id));
            }
            var body = new LinkedHashMap<String, Object>();
            body.put("itemId", id);
            body.put("interval", name(resolution));
            body.put("from", from.toString());
            body.put("to", to.toString());
            body.put(
                    "series",
                    history.stream()
                            .map(h -> {
                                var m = series(h.series());
                                Currency c = h.series().currency();
                                m.put(
                                        "points",
                                        h.bars().stream()
                                                .map(b -> resolution == Resolution.RAW ? raw(b, c) : bar(b, c))
                                                .toList());
                                return m;
                            })
                            .toList());
            return body;
        });
        cards.cache().viewed(id);
        Json.write(ctx, json);
    }

    /** The end of the bar of {@code resolution} (raw: of the minute) that {@code now} falls in. */
    static Instant endOfCurrent(Instant now, Resolution resolution) {
        long width = resolution == Resolution.RAW ? 60 : resolution.width().toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), width) * width + width);
    }

    /** The series a chart shows: the first primary source's first variant. */
    private static Optional<History> primary(List<History> series) {
        return series.stream().min(java.util.Comparator.comparingInt((History h) -> {
            int i = PRIMARY_SOURCES.indexOf(h.series().source());
            return i < 0 ? PRIMARY_SOURCES.size() : i;
        }));
    }

    private void trending(Context ctx) {
        Optional<Game> game = CatalogRoutes.game(ctx);
        String windowName = Optional.ofNullable(ctx.queryParam("window")).orElse("24h");
        Duration window = Optional.ofNullable(WINDOWS.get(windowName))
                .orElseThrow(() -> ApiError.badRequest(
                        "invalid_window", "window is 24h, 7d or 30d", Map.of("window", windowName)));
        int limit = CatalogRoutes.number(ctx, "limit", 20, 1, 100);
        String directionName = Optional.ofNullable(ctx.queryParam("direction")).orElse("gainers");
        Trending.Direction direction =
                switch (directionName) {
                    case "gainers" -> Trending.Direction.GAINERS;
                    case "losers" -> Trending.Direction.LOSERS;
                    default ->
                        throw ApiError.badRequest(
                                "invalid_direction",
                                "direction is gainers or losers",
                                Map.of("direction", directionName));
                };
        String thinName = Optional.ofNullable(ctx.queryParam("thin")).orElse("false");
        if (!thinName.equals("true") && !thinName.equals("false")) {
            throw ApiError.badRequest("invalid_thin", "thin is true or false", Map.of("thin", thinName));
        }
        boolean thin = thinName.equals("true");
        String field =
                game.map(Game::id).orElse("") + ":" + windowName + ":" + limit + ":" + directionName + ":" + thin;
        Json.write(ctx, cachedTrending(field, () -> {
            Instant now = cards.clock().instant();
            var movers = cards.prices().movers(game.map(Game::id), PriceKind.MARKET, window, PRIMARY_SOURCES, now);
            var byId = new LinkedHashMap<String, CardPriceStore.Mover>();
            var candidates = new ArrayList<Trending.Candidate>();
            for (var m : movers) {
                if (m.reference().isEmpty()) {
                    continue;
                }
                byId.put(Long.toString(m.itemId()), m);
                candidates.add(new Trending.Candidate(
                        Long.toString(m.itemId()), m.latest(), m.reference().get(), m.observations()));
            }
            var rows = Trending.rank(candidates, direction, limit, thin);
            var items = cards.catalog()
                    .findAll(rows.stream().map(r -> Long.parseLong(r.itemId())).toList());
            var body = new LinkedHashMap<String, Object>();
            body.put("window", windowName);
            body.put("direction", directionName);
            body.put("game", game.map(Game::id).orElse(null));
            body.put("minObservations", PriceStats.MIN_OBSERVATIONS);
            body.put(
                    "items",
                    rows.stream()
                            .map(r -> {
                                var mover = byId.get(r.itemId());
                                var item = items.get(mover.itemId());
                                var m = new LinkedHashMap<String, Object>();
                                m.put("itemId", mover.itemId());
                                m.put("name", item == null ? null : item.name());
                                m.put("game", item == null ? null : item.game().id());
                                m.put(
                                        "set",
                                        item == null ? null : item.setName().orElse(null));
                                m.put(
                                        "number",
                                        item == null ? null : item.number().orElse(null));
                                m.putAll(series(mover.series()));
                                Currency c = mover.series().currency();
                                m.put("latest", money(r.latest(), c));
                                m.put("reference", money(r.reference(), c));
                                m.put("changePercent", r.changePercent().toPlainString());
                                m.put("observations", r.observations());
                                m.put("thin", r.thin());
                                return m;
                            })
                            .toList());
            return body;
        }));
    }

    private byte[] cached(long id, String field, Supplier<Object> compute) {
        return cachedBytes(id, field, () -> json(compute.get()));
    }

    /** A card's cached answer {@code field} (JSON or a chart), made by {@code compute} on a miss and kept. */
    private byte[] cachedBytes(long id, String field, Supplier<byte[]> compute) {
        return readThrough(
                () -> cards.cache().card(id, field),
                (b, generation) -> cards.cache().putCard(id, field, b, generation),
                compute);
    }

    private byte[] cachedTrending(String field, Supplier<Object> compute) {
        return readThrough(
                () -> cards.cache().trending(field),
                (b, generation) -> cards.cache().putTrending(field, b, generation),
                () -> json(compute.get()));
    }

    /**
     * The cached answer, else {@code compute}'s, then kept unless the prices changed meanwhile (the cache
     * checks the generation the miss saw); Redis being away only costs the cache.
     */
    private static byte[] readThrough(
            Supplier<CardCache.Read> read,
            java.util.function.BiConsumer<byte[], String> keep,
            Supplier<byte[]> compute) {
        String generation = null;
        try {
            var cached = read.get();
            if (cached.body().isPresent()) {
                return cached.body().get();
            }
            generation = cached.generation();
        } catch (RuntimeException e) {
            // Redis is a cache: PostgreSQL answers
        }
        byte[] body = compute.get();
        if (generation != null) {
            try {
                keep.accept(body, generation);
            } catch (RuntimeException e) {
                // served uncached
            }
        }
        return body;
    }

    /** A cached JSON body of {@code GET /api/cards/{id}}, computed by {@code compute} on a miss. */
    public byte[] cachedCard(long id, Supplier<Object> compute) {
        cards.cache().viewed(id);
        return cached(id, "card", compute);
    }

    private byte[] json(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a price body did not serialize: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> series(CardPriceStore.Series s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("source", s.source());
        m.put("printing", s.printing());
        m.put("condition", s.condition());
        m.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
        m.put("currency", s.currency().name());
        return m;
    }

    private static Map<String, Object> bar(PriceBar b, Currency c) {
        var m = new LinkedHashMap<String, Object>();
        m.put("t", b.start().toString());
        m.put("open", money(b.open(), c));
        m.put("high", money(b.high(), c));
        m.put("low", money(b.low(), c));
        m.put("close", money(b.close(), c));
        m.put("average", money(b.average(), c));
        m.put("count", b.count());
        return m;
    }

    private static Map<String, Object> raw(PriceBar b, Currency c) {
        var m = new LinkedHashMap<String, Object>();
        m.put("t", b.start().toString());
        m.put("price", money(b.close(), c));
        return m;
    }

    static String money(long amount, Currency c) {
        return BigDecimal.valueOf(amount, c.scale()).toPlainString();
    }

    private static String money(OptionalLong amount, Currency c) {
        return amount.isPresent() ? money(amount.getAsLong(), c) : null;
    }

    private static Resolution resolution(String v) {
        return switch (v) {
            case "raw" -> Resolution.RAW;
            case "1h" -> Resolution.HOUR;
            case "1d" -> Resolution.DAY;
            default ->
                throw ApiError.badRequest("invalid_interval", "interval is raw, 1h or 1d", Map.of("interval", v));
        };
    }

    private static String name(Resolution r) {
        return switch (r) {
            case RAW -> "raw";
            case HOUR -> "1h";
            case DAY -> "1d";
        };
    }

    private static PriceKind kind(String v) {
        try {
            return PriceKind.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(
                    "invalid_kind",
                    "kind is one of "
                            + Arrays.stream(PriceKind.values())
                                    .map(k -> k.name().toLowerCase(Locale.ROOT))
                                    .toList(),
                    Map.of("kind", v));
        }
    }

    /** An ISO instant ({@code 2026-11-01T00:00:00Z}) or a day ({@code 2026-11-01}, its UTC start). */
    private static Optional<Instant> instant(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    v.length() == 10
                            ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
                            : Instant.parse(v));
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(
                    "invalid_" + name,
                    name + " is a time such as 2026-11-01T00:00:00Z or a day such as 2026-11-01",
                    Map.of(name, v));
        }
    }

    /** Card ids in paths. */
    static final class CardIds {
        private CardIds() {}

        static long parse(String v) {
            try {
                long id = Long.parseLong(v);
                if (id > 0) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw ApiError.badRequest("invalid_id", "a card id is a positive whole number", Map.of("id", v));
        }
    }
}
