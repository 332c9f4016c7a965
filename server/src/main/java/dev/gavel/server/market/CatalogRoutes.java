package dev.gavel.server.market;

import dev.gavel.market.catalog.CatalogItem;
import dev.gavel.market.catalog.CatalogQuery;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.listing.ListingState;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.server.http.Json;
import dev.gavel.store.market.CatalogStore;
import dev.gavel.store.market.MarketStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog over HTTP (API.md, market watch), for any signed-in role (JWT or API key):
 *
 * <ul>
 *   <li>{@code GET /api/cards/search?q=&game=&set=&limit=&offset=}: full-text, prefix and typo-tolerant;
 *   <li>{@code GET /api/cards/{id}}: the item, its ids per source, its latest prices per series and stats per
 *       market series ({@link PriceRoutes#pricesOf}), and its latest listings per source; cached in Redis
 *       until the card has new prices.
 * </ul>
 */
public final class CatalogRoutes {
    private final CatalogStore catalog;
    private final MarketStore listings;
    private final PriceRoutes prices;

    public CatalogRoutes(CatalogStore catalog, MarketStore listings, PriceRoutes prices) {
        this.catalog = catalog;
        this.listings = listings;
        this.prices = prices;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/cards/search", this::search, Access.VIEWER);
        routes.get("/api/cards/{id}", this::card, Access.VIEWER);
    }

    private void search(Context ctx) {
        var query = CatalogQuery.of(Optional.ofNullable(ctx.queryParam("q")).orElse(""))
                .orElseThrow(() -> ApiError.badRequest(
                        "invalid_query",
                        "q must hold a word to search for, such as charizard",
                        Map.of("q", "is empty")));
        if (ctx.queryParam("q").length() > CatalogQuery.MAX_LENGTH) {
            throw ApiError.badRequest(
                    "invalid_query",
                    "q is at most " + CatalogQuery.MAX_LENGTH + " characters",
                    Map.of("q", "too long"));
        }
        Optional<Game> game = game(ctx);
        Optional<String> set = Optional.ofNullable(ctx.queryParam("set")).filter(s -> !s.isBlank());
        int limit = number(ctx, "limit", 20, 1, 100);
        int offset = number(ctx, "offset", 0, 0, 10_000);
        var page = catalog.search(query, game, set, limit, offset);
        ctx.json(Map.of(
                "items",
                page.items().stream()
                        .map(h -> {
                            var m = item(h.item());
                            m.put("score", Math.round(h.score() * 1000) / 1000.0);
                            return m;
                        })
                        .toList(),
                "total",
                page.total(),
                "limit",
                limit,
                "offset",
                offset));
    }

    private void card(Context ctx) {
        long id = PriceRoutes.CardIds.parse(ctx.pathParam("id"));
        Json.write(ctx, prices.cachedCard(id, () -> {
            CatalogItem item = catalog.find(id).orElseThrow(() -> ApiError.notFound("no card " + id));
            var m = item(item);
            m.put("imageUrl", catalog.imageUrl(id).orElse(null));
            m.putAll(prices.pricesOf(id));
            var latest = new LinkedHashMap<String, Object>();
            item.externalIds()
                    .forEach((source, externalId) -> latest.put(
                            source,
                            listings
                                    .listings(
                                            Optional.of(source),
                                            Optional.of(externalId),
                                            Optional.<ListingState>empty(),
                                            10)
                                    .stream()
                                    .map(MarketRoutes::listing)
                                    .toList()));
            m.put("listings", latest);
            return m;
        }));
    }

    private static Map<String, Object> item(CatalogItem i) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", i.id());
        m.put("game", i.game().id());
        m.put("set", i.setCode().orElse(null));
        m.put("setName", i.setName().orElse(null));
        m.put("number", i.number().orElse(null));
        m.put("name", i.name());
        m.put("rarity", i.rarity().orElse(null));
        m.put("externalIds", i.externalIds());
        return m;
    }

    /** The {@code game} query parameter: empty when not given; 400 {@code invalid_game} when not a game. */
    static Optional<Game> game(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("game"))
                .filter(g -> !g.isBlank())
                .map(g -> Game.find(g)
                        .orElseThrow(() -> ApiError.badRequest(
                                "invalid_game",
                                "game must be one of "
                                        + Arrays.stream(Game.values())
                                                .map(Game::id)
                                                .toList(),
                                Map.of("game", g))));
    }

    /** A whole-number query parameter from {@code min} to {@code max}; 400 {@code invalid_<name>} otherwise. */
    static int number(Context ctx, String name, int fallback, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest(
                "invalid_" + name, name + " must be a whole number from " + min + " to " + max, Map.of(name, v));
    }
}
