package dev.gavel.server.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.listing.ListingDelta;
import dev.gavel.market.listing.ListingState;
import dev.gavel.market.source.SourceHealth;
import dev.gavel.market.template.TemplateException;
import dev.gavel.market.watch.Watch;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.sources.m26.M26HarImport;
import dev.gavel.sources.m26.M26Source;
import dev.gavel.store.market.MaskedCredential;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Market watch over HTTP:
 *
 * <ul>
 *   <li>{@code GET /api/market/sources} (VIEWER): each source's circuit, rate budget, auth pool, strategy;
 *   <li>{@code GET|POST /api/market/watches}, {@code DELETE /api/market/watches/{id}} (VIEWER to read,
 *       OPERATOR to change): body {@code {source, query:{…}, intervalSeconds}};
 *   <li>{@code GET /api/market/listings?source=&itemId=&state=&limit=} (anyone: collected public marketplace data),
 *       {@code GET /api/market/listings/{source}/{externalId}} (from the Redis cache when it has it);
 *   <li>{@code GET /api/market/auth} (ADMIN, secrets never shown), {@code POST /api/market/auth/har?name=}
 *       (ADMIN, body: a HAR capture; rebuilds the m26 pool and templates), {@code POST
 *       /api/market/auth/refresh} (ADMIN: mint one ticket now).
 * </ul>
 *
 * {@code /ws/market} is {@link MarketSocket}'s. Thread-safe.
 */
public final class MarketRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(MarketRoutes.class);

    private final MarketRuntime market;
    private final ObjectMapper mapper;

    public MarketRoutes(MarketRuntime market, ObjectMapper mapper) {
        this.market = market;
        this.mapper = mapper;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/market/sources", this::sources, Access.VIEWER);
        routes.get("/api/market/watches", this::watches, Access.VIEWER);
        routes.post("/api/market/watches", this::createWatch, Access.OPERATOR);
        routes.delete("/api/market/watches/{id}", this::stopWatch, Access.OPERATOR);
        // what Gavel collected is public marketplace data: anyone may read it (the landing page shows it)
        routes.get("/api/market/listings", this::listings, Access.ANYONE);
        routes.get("/api/market/listings/{source}/{externalId}", this::oneListing, Access.ANYONE);
        routes.get("/api/market/auth", this::pool, Access.ADMIN);
        routes.post("/api/market/auth/har", this::importHar, Access.ADMIN);
        routes.post("/api/market/auth/refresh", this::refresh, Access.ADMIN);
    }

    private void sources(Context ctx) {
        var items = new java.util.ArrayList<Map<String, Object>>();
        market.sources().values().forEach(s -> items.add(health(s.health())));
        market.cards().sources().values().forEach(s -> items.add(health(s.health())));
        if (market.config().m26Enabled() && market.m26().isEmpty()) {
            items.add(Map.of(
                    "source",
                    "m26",
                    "enabled",
                    false,
                    "problem",
                    market.m26Problem().orElse("not started")));
        } else if (!market.config().m26Enabled()) {
            items.add(Map.of("source", "m26", "enabled", false, "problem", "GAVEL_M26_BASE_URL is not set"));
        }
        ctx.json(Map.of("items", items, "pendingPages", market.ingest().pendingPages()));
    }

    private static Map<String, Object> health(SourceHealth h) {
        var m = new LinkedHashMap<String, Object>();
        m.put("source", h.source());
        m.put("enabled", true);
        m.put("circuit", h.circuit());
        m.put(
                "rateLimit",
                Map.of(
                        "requestsPerSecond",
                        h.requestsPerSecond(),
                        "dailyBudget",
                        h.dailyBudget(),
                        "usedToday",
                        h.usedToday(),
                        "leftToday",
                        Math.max(0, h.dailyBudget() - h.usedToday())));
        var pool = new LinkedHashMap<String, Object>();
        h.pool().forEach((kind, s) -> pool.put(kind.name(), s));
        m.put("authPool", pool);
        m.put("lastStrategy", h.lastStrategy().orElse(null));
        m.put("driftStreak", h.driftStreak());
        m.put("outcomes", h.outcomes());
        return m;
    }

    private void watches(Context ctx) {
        var statuses = market.runner().map(WatchRunner::statuses).orElse(Map.of());
        var items = market.watches().list().stream()
                .map(w -> {
                    var m = watch(w);
                    market.watches()
                            .checkpoint(w.id())
                            .ifPresent(c -> m.put(
                                    "checkpoint",
                                    Map.of(
                                            "cycle",
                                            c.cycle(),
                                            "nextPage",
                                            c.nextPage(),
                                            "committedAt",
                                            c.committedAt())));
                    Optional.ofNullable(statuses.get(w.id())).ifPresent(s -> {
                        var status = new LinkedHashMap<String, Object>();
                        status.put("polls", s.polls());
                        status.put("pagesCommitted", s.pagesCommitted());
                        status.put("changes", s.changes());
                        status.put("lastPollAt", s.lastPollAt().orElse(null));
                        status.put("lastOutcome", s.lastOutcome().orElse(null));
                        m.put("status", status);
                    });
                    return m;
                })
                .toList();
        ctx.json(Map.of("items", items));
    }

    private static Map<String, Object> watch(Watch w) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", w.id());
        m.put("source", w.source());
        m.put("query", w.query());
        m.put("intervalSeconds", w.interval().toMillis() / 1000.0);
        m.put("active", w.active());
        m.put("createdAt", w.createdAt());
        return m;
    }

    private void createWatch(Context ctx) {
        JsonNode body;
        try {
            body = mapper.readTree(ctx.body());
        } catch (IOException e) {
            throw ApiError.badRequest("invalid_json", "the body is not JSON", Map.of());
        }
        if (body == null || !body.isObject()) {
            throw ApiError.badRequest(
                    "invalid_json", "the body must be a JSON object {source, query, intervalSeconds}", Map.of());
        }
        String source = body.path("source").asText("");
        if (source.isBlank()) {
            throw ApiError.badRequest(
                    "invalid_watch", "source is required, such as \"m26\"", Map.of("source", "is required"));
        }
        var query = new LinkedHashMap<String, String>();
        JsonNode q = body.path("query");
        if (!q.isMissingNode() && !q.isObject()) {
            throw ApiError.badRequest(
                    "invalid_watch", "query must be an object of text values", Map.of("query", "must be an object"));
        }
        for (var e : q.properties()) {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw ApiError.badRequest(
                        "invalid_query",
                        "query." + e.getKey() + " must be text or a number",
                        Map.of(e.getKey(), "must be text or a number"));
            }
            query.put(e.getKey(), e.getValue().asText());
        }
        Duration interval = dev.gavel.market.watch.Watch.DEFAULT_INTERVAL;
        JsonNode i = body.path("intervalSeconds");
        if (!i.isMissingNode()) {
            if (!i.isNumber() || i.asDouble() <= 0 || i.asDouble() > 86_400) {
                throw ApiError.badRequest(
                        "invalid_watch",
                        "intervalSeconds must be a number of seconds from 0 to 86400",
                        Map.of("intervalSeconds", "must be a positive number of seconds"));
            }
            interval = Duration.ofMillis(Math.round(i.asDouble() * 1000));
        }
        switch (market.createWatch(source, query, interval)) {
            case MarketRuntime.WatchCreation.Created c -> ctx.status(201).json(watch(c.watch()));
            case MarketRuntime.WatchCreation.Refused r ->
                throw ApiError.badRequest(r.code(), r.message(), Map.of("problems", r.problems()));
        }
    }

    private void stopWatch(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid_id", "a watch id is a number", Map.of());
        }
        if (market.watches().find(id).isEmpty()) {
            throw ApiError.notFound("no watch " + id);
        }
        market.stopWatch(id);
        ctx.json(Map.of("id", id, "active", false));
    }

    private void listings(Context ctx) {
        Optional<String> source = Optional.ofNullable(ctx.queryParam("source")).filter(s -> !s.isBlank());
        Optional<String> itemId = Optional.ofNullable(ctx.queryParam("itemId")).filter(s -> !s.isBlank());
        Optional<ListingState> state = Optional.ofNullable(ctx.queryParam("state"))
                .filter(s -> !s.isBlank())
                .map(s -> {
                    try {
                        return ListingState.valueOf(s.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw ApiError.badRequest(
                                "invalid_state",
                                "state must be one of " + java.util.Arrays.toString(ListingState.values()),
                                Map.of("state", s));
                    }
                });
        int limit = 50;
        String l = ctx.queryParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 500) {
                throw ApiError.badRequest("invalid_limit", "limit must be from 1 to 500", Map.of("limit", l));
            }
        }
        ctx.json(Map.of(
                "items",
                market.store().listings(source, itemId, state, limit).stream()
                        .map(MarketRoutes::listing)
                        .toList()));
    }

    /** One listing: from the Redis cache of latest listings, else PostgreSQL (which then fills the cache). */
    private void oneListing(Context ctx) {
        String source = ctx.pathParam("source");
        String id = ctx.pathParam("externalId");
        Optional<Listing> cached = Optional.empty();
        try {
            cached = market.cache().latest(source, id);
        } catch (RuntimeException e) {
            LOG.debug("listing cache not read: {}", e.getMessage());
        }
        if (cached.isPresent()) {
            ctx.header("X-Gavel-Cache", "hit").json(listing(cached.get()));
            return;
        }
        Listing stored =
                market.store().find(source, id).orElseThrow(() -> ApiError.notFound("no " + source + " listing " + id));
        try {
            market.cache().putLatest(List.of(stored));
        } catch (RuntimeException e) {
            LOG.debug("listing cache not filled: {}", e.getMessage());
        }
        ctx.header("X-Gavel-Cache", "miss").json(listing(stored));
    }

    static Map<String, Object> listing(Listing l) {
        var m = new LinkedHashMap<String, Object>();
        m.put("source", l.source());
        m.put("externalId", l.externalId());
        m.put("itemId", l.itemId());
        m.put("itemName", l.itemName());
        m.put("state", l.state());
        m.put("currency", l.currency());
        m.put("currentBid", l.currentBid().isPresent() ? l.currentBid().getAsLong() : null);
        m.put("buyNow", l.buyNow().isPresent() ? l.buyNow().getAsLong() : null);
        m.put("startPrice", l.startPrice().isPresent() ? l.startPrice().getAsLong() : null);
        m.put("bidCount", l.bidCount());
        m.put("endsAt", l.endsAt());
        m.put("observedAt", l.observedAt());
        return m;
    }

    static Map<String, Object> delta(ListingDelta d) {
        var m = new LinkedHashMap<String, Object>();
        m.put("kind", d.kind());
        m.put("version", d.version());
        m.put("listing", listing(d.listing()));
        return m;
    }

    private void pool(Context ctx) {
        // never opens a secret: a credential sealed under another key still lists
        var items = market.credentials().listMasked(Optional.empty()).stream()
                .map(MarketRoutes::masked)
                .toList();
        ctx.json(Map.of("items", items));
    }

    static Map<String, Object> masked(MaskedCredential c) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", c.id());
        m.put("source", c.source());
        m.put("account", c.account());
        m.put("kind", c.kind());
        m.put("state", c.state());
        m.put("health", c.health());
        m.put("failures", c.failures());
        m.put("expiresAt", c.expiresAt().orElse(null));
        m.put("coolDownUntil", c.coolDownUntil().orElse(null));
        m.put("lastUsedAt", c.lastUsedAt().orElse(null));
        m.put("note", c.note());
        m.put("fingerprint", c.fingerprint());
        return m;
    }

    private void importHar(Context ctx) {
        String name = Optional.ofNullable(ctx.queryParam("name"))
                .filter(s -> !s.isBlank())
                .orElse("upload.har");
        try {
            var imported = market.importHar(List.of(new M26HarImport.Capture(name, ctx.body())));
            ctx.json(Map.of(
                    "credentials",
                    imported.credentials(),
                    "templates",
                    imported.templates(),
                    "notes",
                    imported.notes()));
        } catch (TemplateException e) {
            throw ApiError.badRequest(
                    "invalid_capture",
                    e.problems().size() + " problem(s); nothing was imported",
                    Map.of(
                            "problems",
                            e.problems().stream()
                                    .map(p -> Map.of("file", p.file(), "path", p.path(), "message", p.message()))
                                    .toList()));
        }
    }

    private void refresh(Context ctx) {
        M26Source m26 =
                market.m26().orElseThrow(() -> new ApiError(409, "source_off", "the m26 source is not configured"));
        switch (m26.mint()) {
            case M26Source.MintResult.Minted m -> ctx.json(Map.of("minted", true, "account", m.account()));
            case M26Source.MintResult.NotNow n ->
                throw new ApiError(429, "mint_limited", "at most one ticket per 10 s; next at " + n.nextMintAt());
            case M26Source.MintResult.Failed f ->
                throw new ApiError(502, "mint_failed", "minting for " + f.account() + " failed: " + f.reason());
            case M26Source.MintResult.NoRefreshToken x ->
                throw new ApiError(
                        409, "no_refresh_token", "no live account has a refresh token; import a capture first");
        }
    }
}
