package dev.gavel.store.market;

import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.CatalogItem;
import dev.gavel.market.catalog.CatalogQuery;
import dev.gavel.market.catalog.Game;
import dev.gavel.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
     * Adds or refreshes entries, in one transaction; answers the catalog ids in order. An entry is found by
     * its source's id; failing that, a card with a number is found by its game, set (code or name) and
     * number, so a card another source brought gains this source's id instead of a twin.
     */
    public List<Long> upsertAll(List<CatalogEntry> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        try {
            return jdbi.inTransaction(h -> {
                var sets = new HashMap<String, Optional<Long>>();
                return entries.stream()
                        .map(e -> upsert(
                                h,
                                e,
                                sets.computeIfAbsent(
                                        e.game().id() + "\u0000" + e.setCode().orElse("") + "\u0000"
                                                + e.setName().orElse(""),
                                        k -> set(h, e))))
                        .toList();
            });
        } catch (JdbiException e) {
            throw new StoreException("could not store " + entries.size() + " catalog items: " + e.getMessage(), e);
        }
    }

    private static Optional<Long> set(Handle h, CatalogEntry e) {
        if (e.setCode().isEmpty() && e.setName().isEmpty()) {
            return Optional.empty();
        }
        // a set another source named by another code is the same set when its name is the same
        Optional<Long> byName = e.setName().flatMap(name -> h.createQuery("""
                        SELECT id FROM card_sets WHERE game = :game AND lower(name) = lower(:name)
                        ORDER BY (code = :code) DESC, id LIMIT 1""")
                .bind("game", e.game().id())
                .bind("name", name)
                .bind("code", e.setCode().orElse(""))
                .mapTo(Long.class)
                .findOne());
        if (byName.isPresent()) {
            e.setReleased().ifPresent(day -> h.createUpdate(
                            "UPDATE card_sets SET released_on = :day WHERE id = :id AND released_on IS NULL")
                    .bind("day", day)
                    .bind("id", byName.get())
                    .execute());
            return byName;
        }
        String code = e.setCode().orElseGet(() -> CatalogQuery.fold(e.setName().orElseThrow()));
        return Optional.of(h.createQuery("""
                        INSERT INTO card_sets (game, code, name, released_on) VALUES (:game, :code, :name, :day)
                        ON CONFLICT (game, code) DO UPDATE
                            SET name = excluded.name, released_on = coalesce(excluded.released_on, card_sets.released_on)
                        RETURNING id""")
                .bind("game", e.game().id())
                .bind("code", code)
                .bind("name", e.setName().orElse(code))
                .bind("day", e.setReleased().orElse(null))
                .mapTo(Long.class)
                .one());
    }

    private long upsert(Handle h, CatalogEntry i, Optional<Long> setId) {
        Optional<Long> known = h.createQuery(
                        "SELECT item_id FROM catalog_external_ids WHERE source = :source AND external_id = :id")
                .bind("source", i.source())
                .bind("id", i.externalId())
                .mapTo(Long.class)
                .findOne();
        if (known.isEmpty() && setId.isPresent() && i.number().isPresent()) {
            known = h.createQuery("""
                            SELECT id FROM catalog_items i WHERE set_id = :set AND number = :number
                              AND NOT EXISTS (SELECT 1 FROM catalog_external_ids x
                                              WHERE x.item_id = i.id AND x.source = :source)
                            ORDER BY id LIMIT 1""")
                    .bind("source", i.source())
                    .bind("set", setId.get())
                    .bind("number", i.number().get())
                    .mapTo(Long.class)
                    .findOne();
            known.ifPresent(id -> link(h, i, id));
        }
        if (known.isPresent()) {
            h.createUpdate("""
                            UPDATE catalog_items SET name = :name, number = :number, rarity = :rarity,
                                folded = :folded, set_id = coalesce(:set, set_id),
                                image_url = coalesce(:image, image_url)
                            WHERE id = :id AND (name, coalesce(number, ''), coalesce(rarity, ''), set_id,
                                                coalesce(image_url, ''))
                                IS DISTINCT FROM (:name, coalesce(:number, ''), coalesce(:rarity, ''),
                                                  coalesce(:set, set_id), coalesce(:image, image_url, ''))""")
                    .bind("id", known.get())
                    .bind("folded", folded(i))
                    .bind("name", i.name())
                    .bind("number", i.number().orElse(null))
                    .bind("rarity", i.rarity().orElse(null))
                    .bind("set", setId.orElse(null))
                    .bind("image", i.imageUrl().orElse(null))
                    .execute();
            return known.get();
        }
        long id = h.createQuery("""
                        INSERT INTO catalog_items (game, set_id, number, name, folded, rarity, image_url, created_at)
                        VALUES (:game, :set, :number, :name, :folded, :rarity, :image, :at) RETURNING id""")
                .bind("folded", folded(i))
                .bind("game", i.game().id())
                .bind("set", setId.orElse(null))
                .bind("number", i.number().orElse(null))
                .bind("name", i.name())
                .bind("rarity", i.rarity().orElse(null))
                .bind("image", i.imageUrl().orElse(null))
                .bind("at", Timestamp.from(clock.instant()))
                .mapTo(Long.class)
                .one();
        link(h, i, id);
        return id;
    }

    private static void link(Handle h, CatalogEntry i, long itemId) {
        h.createUpdate("""
                        INSERT INTO catalog_external_ids (source, external_id, item_id) VALUES (:source, :id, :item)
                        ON CONFLICT (source, external_id) DO NOTHING""")
                .bind("source", i.source())
                .bind("id", i.externalId())
                .bind("item", itemId)
                .execute();
    }

    private static String folded(CatalogEntry i) {
        return CatalogQuery.fold(i.name() + " " + i.number().orElse(""));
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
