package dev.gavel.store.market;

import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.CatalogItem;
import dev.gavel.market.catalog.CatalogQuery;
import dev.gavel.market.catalog.Game;
import dev.gavel.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The catalog in PostgreSQL: items by game and set, each source's id of them, and search — every typed word
 * as a prefix of a word of the name or number (GIN over a {@code tsvector}), or the longest word close to
 * a word of the name (trigram word similarity, for typos such as "charzard"); best matches first.
 * Thread-safe.
 */
public final class CatalogStore {
    private final Jdbi jdbi;
    private final Clock clock;

    public CatalogStore(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A page of search results and how many match in all. */
    public record SearchPage(List<Hit> items, long total) {}

    public record Hit(CatalogItem item, double score) {}

    /**
     * Adds or refreshes entries, in one transaction and a handful of statements whatever their number; answers
     * the catalog ids in order. An entry is found by its source's id; failing that, a card with a number is
     * found by its game, set (code or name) and number, so a card another source brought gains this source's
     * id instead of a twin (the same source's products of one number stay apart). Entries apply in order, as
     * if one at a time: an entry repeated in a batch updates the item its first
     * occurrence found or made. Batches of one game
     * take turns (see {@link CatalogBatch}), so callers on several nodes never make two items of one card.
     */
    public List<Long> upsertAll(List<CatalogEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        try {
            return jdbi.inTransaction(h -> new CatalogBatch(h, clock.instant(), entries).run());
        } catch (JdbiException e) {
            throw new StoreException("could not store " + entries.size() + " catalog items: " + e.getMessage(), e);
        }
    }

    /**
     * Items matching {@code query}, best first, optionally of one game and one set: every word as a prefix;
     * only when nothing matches so, names close to the longest word (a typo).
     */
    public SearchPage search(CatalogQuery query, Optional<Game> game, Optional<String> setCode, int limit, int offset) {
        String longest = query.words().stream()
                .reduce((a, b) -> b.length() > a.length() ? b : a)
                .orElseThrow();
        return jdbi.inTransaction(h -> {
            var page = searchWith(
                    h, "i.search @@ to_tsquery('simple', :tsq)", query, longest, game, setCode, limit, offset);
            if (page.total() > 0 || offset > 0) {
                return page;
            }
            h.execute("SET LOCAL pg_trgm.word_similarity_threshold = 0.5");
            return searchWith(h, ":longest <% i.folded", query, longest, game, setCode, limit, offset);
        });
    }

    private static SearchPage searchWith(
            Handle h,
            String match,
            CatalogQuery query,
            String longest,
            Optional<Game> game,
            Optional<String> setCode,
            int limit,
            int offset) {
        var rows = h.createQuery("""
                        SELECT i.id, i.game, s.code, s.name, i.number, i.name, i.rarity,
                               ts_rank(i.search, to_tsquery('simple', :tsq)) + word_similarity(:text, i.folded) AS score,
                               count(*) OVER () AS total
                        FROM catalog_items i LEFT JOIN card_sets s ON s.id = i.set_id
                        WHERE %s
                          AND (CAST(:game AS text) IS NULL OR i.game = :game)
                          AND (CAST(:set AS text) IS NULL OR s.code = :set)
                        ORDER BY score DESC, i.id
                        LIMIT :limit OFFSET :offset""".formatted(match))
                .bind("tsq", query.prefixQuery())
                .bind("text", query.text())
                .bind("longest", longest)
                .bind("game", game.map(Game::id).orElse(null))
                .bind("set", setCode.orElse(null))
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> new Object[] {item(rs, Map.of()), rs.getDouble(8), rs.getLong(9)})
                .list();
        long total = rows.isEmpty() ? 0 : (long) rows.get(0)[2];
        var ids = rows.stream().map(r -> ((CatalogItem) r[0]).id()).toList();
        Map<Long, Map<String, String>> external = externalIds(h, ids);
        return new SearchPage(
                rows.stream()
                        .map(r -> {
                            var item = (CatalogItem) r[0];
                            return new Hit(
                                    withExternal(item, external.getOrDefault(item.id(), Map.of())), (double) r[1]);
                        })
                        .toList(),
                total);
    }

    public Optional<CatalogItem> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT i.id, i.game, s.code, s.name, i.number, i.name, i.rarity
                        FROM catalog_items i LEFT JOIN card_sets s ON s.id = i.set_id WHERE i.id = :id""")
                .bind("id", id)
                .map((rs, ctx) -> item(rs, Map.of()))
                .findOne()
                .map(item -> withExternal(item, externalIds(h, List.of(id)).getOrDefault(id, Map.of()))));
    }

    /** The catalog id of a source's item. */
    public Optional<Long> idFor(String source, String externalId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT item_id FROM catalog_external_ids WHERE source = :source AND external_id = :id")
                .bind("source", source)
                .bind("id", externalId)
                .mapTo(Long.class)
                .findOne());
    }

    /**
     * {@code source}'s ids of the items of {@code game}, by catalog id, in catalog order: of the given items
     * only, or of every item when {@code items} is empty.
     */
    public Map<Long, String> sourceIds(String source, Game game, Optional<java.util.Collection<Long>> items) {
        var out = new java.util.LinkedHashMap<Long, String>();
        jdbi.useHandle(h -> h.createQuery("""
                        SELECT x.item_id, x.external_id FROM catalog_external_ids x
                        JOIN catalog_items i ON i.id = x.item_id
                        WHERE x.source = :source AND i.game = :game
                          AND (CAST(:all AS boolean) OR x.item_id = ANY(:items))
                        ORDER BY x.item_id""")
                .bind("source", source)
                .bind("game", game.id())
                .bind("all", items.isEmpty())
                .bindArray("items", Long.class, List.copyOf(items.orElse(List.of())))
                .map((rs, ctx) -> out.put(rs.getLong(1), rs.getString(2)))
                .list());
        return out;
    }

    /** The first {@code n} items of {@code game} by id. */
    public List<Long> first(Game game, int n) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT id FROM catalog_items WHERE game = :game ORDER BY id LIMIT :n")
                        .bind("game", game.id())
                        .bind("n", n)
                        .mapTo(Long.class)
                        .list());
    }

    /** How many items of {@code game} there are. */
    public long count(Game game) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM catalog_items WHERE game = :game")
                .bind("game", game.id())
                .mapTo(Long.class)
                .one());
    }

    /** Items by id, with their ids per source; unknown ids are left out. */
    public Map<Long, CatalogItem> findAll(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(h -> {
            var items = h.createQuery("""
                            SELECT i.id, i.game, s.code, s.name, i.number, i.name, i.rarity
                            FROM catalog_items i LEFT JOIN card_sets s ON s.id = i.set_id WHERE i.id = ANY(:ids)""")
                    .bindArray("ids", Long.class, List.copyOf(ids))
                    .map((rs, ctx) -> item(rs, Map.of()))
                    .list();
            var external = externalIds(h, items.stream().map(CatalogItem::id).toList());
            var out = new java.util.LinkedHashMap<Long, CatalogItem>();
            items.forEach(i -> out.put(i.id(), withExternal(i, external.getOrDefault(i.id(), Map.of()))));
            return out;
        });
    }

    /** An item's picture, when a source gave one. */
    public Optional<String> imageUrl(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT image_url FROM catalog_items WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
    }

    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM catalog_items")
                .mapTo(Long.class)
                .one());
    }

    private static Map<Long, Map<String, String>> externalIds(Handle h, List<Long> ids) {
        var out = new HashMap<Long, Map<String, String>>();
        if (ids.isEmpty()) {
            return out;
        }
        h.createQuery("SELECT item_id, source, external_id FROM catalog_external_ids WHERE item_id = ANY(:ids)")
                .bindArray("ids", Long.class, ids)
                .map((rs, ctx) -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
                    return 0;
                })
                .list();
        return out;
    }

    private static CatalogItem withExternal(CatalogItem i, Map<String, String> external) {
        return new CatalogItem(i.id(), i.game(), i.setCode(), i.setName(), i.number(), i.name(), i.rarity(), external);
    }

    private static CatalogItem item(ResultSet rs, Map<String, String> external) throws SQLException {
        return new CatalogItem(
                rs.getLong(1),
                Game.find(rs.getString(2)).orElseThrow(),
                Optional.ofNullable(rs.getString(3)),
                Optional.ofNullable(rs.getString(4)),
                Optional.ofNullable(rs.getString(5)),
                rs.getString(6),
                Optional.ofNullable(rs.getString(7)),
                external);
    }
}
