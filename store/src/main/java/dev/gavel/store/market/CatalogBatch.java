package dev.gavel.store.market;

import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.CatalogQuery;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * One {@link CatalogStore#upsertAll} on its transaction: reads in a few statements everything the entries can
 * meet (their sets by code and by name, their items by source id, the items at their sets' numbers), replays
 * the entries in order in memory exactly as one-at-a-time upserts met the rows, and writes the outcome in a
 * few more statements (changed and new sets, new items, changed items, new source ids), whatever the size of
 * the batch.
 *
 * <p>Batches of one game take turns on a transaction-scoped advisory lock, taken before anything is read, so
 * what a batch read is still what is there when it writes, and two nodes syncing the same cards at once never
 * make two items of one card (nor an item no source id leads to). Not thread-safe: one per call.
 */
final class CatalogBatch {
    /** {@code pg_advisory_xact_lock} keys of catalog writers: "gavelC", then 16 bits of the game's id. */
    private static final long LOCK = 0x6761_7665_6c43_0000L;
    /** Rows made by this batch sort after every row already stored, in the order they were made. */
    private static final long FRESH = 1L << 62;

    private final Handle h;
    private final Instant at;
    private final List<CatalogEntry> entries;

    private final List<SetRow> sets = new ArrayList<>();
    private final Map<String, SetRow> setsByCode = new HashMap<>();
    private final Map<String, List<SetRow>> setsByName = new HashMap<>();
    private final Map<Long, SetRow> setsById = new HashMap<>();
    private final Map<String, String> lower = new HashMap<>();

    private final List<ItemRow> items = new ArrayList<>();
    private final Map<SourceId, ItemRow> bySourceId = new HashMap<>();
    private final Map<Place, List<ItemRow>> byPlace = new HashMap<>();
    private final Map<SourceId, ItemRow> newLinks = new LinkedHashMap<>();
    private int made;

    CatalogBatch(Handle h, Instant at, List<CatalogEntry> entries) {
        this.h = h;
        this.at = at;
        this.entries = entries;
    }

    /** The catalog id of each entry, in order. */
    List<Long> run() {
        lock();
        List<SetRow> setOf = resolveSets();
        loadItems(setOf);
        var rows = new ArrayList<ItemRow>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            rows.add(upsert(entries.get(i), setOf.get(i)));
        }
        writeSets();
        writeItems();
        writeLinks();
        return rows.stream().map(r -> r.id).toList();
    }

    private void lock() {
        new TreeSet<>(entries.stream().map(e -> e.game().id()).toList())
                .forEach(game -> h.execute("SELECT pg_advisory_xact_lock(?)", LOCK | (game.hashCode() & 0xffff)));
    }

    // ------------------------------------------------------------------------------------------ sets

    /**
     * The set of each entry (null when it names none), found or made as {@code set(…)} did one key at a time:
     * the first entry of each (game, code, name) decides for every entry of it.
     */
    private List<SetRow> resolveSets() {
        var firsts = new LinkedHashMap<String, CatalogEntry>();
        for (var e : entries) {
            if (e.setCode().isPresent() || e.setName().isPresent()) {
                firsts.putIfAbsent(setKey(e), e);
            }
        }
        var resolved = new HashMap<String, SetRow>();
        if (!firsts.isEmpty()) {
            loadSets(firsts.values());
            firsts.forEach((key, e) -> resolved.put(key, resolve(e)));
        }
        var out = new ArrayList<SetRow>(entries.size());
        entries.forEach(e -> out.add(resolved.get(setKey(e))));
        return out;
    }

    private static String setKey(CatalogEntry e) {
        return e.game().id() + "\u0000" + e.setCode().orElse("") + "\u0000"
                + e.setName().orElse("");
    }

    /** The code a set is made under: the source's, or the folded name when the source gives none. */
    private static String code(CatalogEntry e) {
        return e.setCode().orElseGet(() -> CatalogQuery.fold(e.setName().orElseThrow()));
    }

    private void loadSets(java.util.Collection<CatalogEntry> firsts) {
        // every name a set may be found by or given, lower-cased by PostgreSQL as its lower(name) compares
        var names = new LinkedHashSet<String>();
        firsts.forEach(e -> names.add(e.setName().orElseGet(() -> code(e))));
        h.createQuery("SELECT n, lower(n) FROM unnest(:names) AS n")
                .bindArray("names", String.class, List.copyOf(names))
                .map((rs, ctx) -> lower.put(rs.getString(1), rs.getString(2)))
                .list();
        var nameGames = new ArrayList<String>();
        var lowerNames = new ArrayList<String>();
        var codeGames = new ArrayList<String>();
        var codes = new ArrayList<String>();
        for (var e : firsts) {
            e.setName().ifPresent(name -> {
                nameGames.add(e.game().id());
                lowerNames.add(lower.get(name));
            });
            codeGames.add(e.game().id());
            codes.add(code(e));
        }
        h.createQuery("""
                        SELECT id, game, code, name, lower(name), released_on FROM card_sets
                        WHERE (game, lower(name)) IN (SELECT * FROM unnest(:nameGames, :lowerNames))
                           OR (game, code) IN (SELECT * FROM unnest(:codeGames, :codes))
                        ORDER BY id""")
                .bindArray("nameGames", String.class, nameGames)
                .bindArray("lowerNames", String.class, lowerNames)
                .bindArray("codeGames", String.class, codeGames)
                .bindArray("codes", String.class, codes)
                .map((rs, ctx) -> {
                    Date day = rs.getDate(6);
                    var s = new SetRow(
                            rs.getLong(1),
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            day == null ? null : day.toLocalDate());
                    add(s);
                    setsById.put(s.id, s);
                    return s;
                })
                .list();
    }

    private void add(SetRow s) {
        sets.add(s);
        setsByCode.put(s.game + "\u0000" + s.code, s);
        setsByName.computeIfAbsent(s.byName(), k -> new ArrayList<>()).add(s);
    }

    /**
     * A set by its name in the entry's game, the one with the entry's code first, else the oldest (its release
     * day filled in when it had none); failing that, the set of the entry's code, made or renamed.
     */
    private SetRow resolve(CatalogEntry e) {
        String game = e.game().id();
        if (e.setName().isPresent()) {
            String code = e.setCode().orElse("");
            var found = setsByName
                    .getOrDefault(game + "\u0000" + lower.get(e.setName().get()), List.of())
                    .stream()
                    .min(Comparator.comparing((SetRow s) -> !s.code.equals(code))
                            .thenComparingLong(s -> s.order));
            if (found.isPresent()) {
                var s = found.get();
                if (s.released == null) {
                    s.released = e.setReleased().orElse(null);
                }
                return s;
            }
        }
        String code = code(e);
        String name = e.setName().orElse(code);
        var s = setsByCode.get(game + "\u0000" + code);
        if (s == null) {
            s = new SetRow(
                    null,
                    FRESH + sets.size(),
                    game,
                    code,
                    name,
                    lower.get(name),
                    e.setReleased().orElse(null));
            add(s);
            return s;
        }
        setsByName.get(s.byName()).remove(s);
        s.name = name;
        s.lowerName = lower.get(name);
        setsByName.computeIfAbsent(s.byName(), k -> new ArrayList<>()).add(s);
        if (e.setReleased().isPresent()) {
            s.released = e.setReleased().get();
        }
        return s;
    }

    /**
     * Changed sets in one update, then new sets in one insert, which gives them ids in the order they were made
     * (its ON CONFLICT is the old guard: under the lock no other batch makes a set of the same code meanwhile).
     */
    private void writeSets() {
        var changed = sets.stream().filter(s -> s.id != null && s.changed()).toList();
        if (!changed.isEmpty()) {
            h.createUpdate("""
                            UPDATE card_sets s SET name = u.name, released_on = u.released_on
                            FROM unnest(:ids, :names, CAST(:days AS date[])) AS u (id, name, released_on)
                            WHERE s.id = u.id""")
                    .bindArray(
                            "ids", Long.class, changed.stream().map(s -> s.id).toList())
                    .bindArray(
                            "names",
                            String.class,
                            changed.stream().map(s -> s.name).toList())
                    .bindArray("days", String.class, days(changed))
                    .execute();
        }
        var fresh = sets.stream().filter(s -> s.id == null).toList();
        if (fresh.isEmpty()) {
            return;
        }
        h.createQuery("""
                        INSERT INTO card_sets (game, code, name, released_on)
                        SELECT game, code, name, released_on
                        FROM unnest(:games, :codes, :names, CAST(:days AS date[]))
                            WITH ORDINALITY AS s (game, code, name, released_on, n)
                        ORDER BY n
                        ON CONFLICT (game, code) DO UPDATE
                            SET name = excluded.name, released_on = coalesce(excluded.released_on, card_sets.released_on)
                        RETURNING id, game, code""")
                .bindArray(
                        "games", String.class, fresh.stream().map(s -> s.game).toList())
                .bindArray(
                        "codes", String.class, fresh.stream().map(s -> s.code).toList())
                .bindArray(
                        "names", String.class, fresh.stream().map(s -> s.name).toList())
                .bindArray("days", String.class, days(fresh))
                .map((rs, ctx) -> setsByCode.get(rs.getString(2) + "\u0000" + rs.getString(3)).id = rs.getLong(1))
                .list();
    }

    private static List<String> days(List<SetRow> sets) {
        return sets.stream()
                .map(s -> s.released == null ? null : s.released.toString())
                .toList();
    }

    // ------------------------------------------------------------------------------------------ items

    /** The items the entries' source ids lead to, and the items at their (stored) sets' numbers. */
    private void loadItems(List<SetRow> setOf) {
        var keys = new LinkedHashSet<SourceId>();
        var places = new LinkedHashSet<Map.Entry<Long, String>>();
        for (int i = 0; i < entries.size(); i++) {
            var e = entries.get(i);
            keys.add(new SourceId(e.source(), e.externalId()));
            var set = setOf.get(i);
            if (set != null && set.id != null && e.number().isPresent()) {
                places.add(Map.entry(set.id, e.number().get()));
            }
        }
        h.createQuery("""
                        WITH wanted AS (
                            SELECT x.item_id AS id
                            FROM unnest(:sources, :externalIds) AS u (source, external_id)
                            JOIN catalog_external_ids x ON x.source = u.source AND x.external_id = u.external_id
                            UNION
                            SELECT i.id
                            FROM unnest(:sets, :numbers) AS p (set_id, number)
                            JOIN catalog_items i ON i.set_id = p.set_id AND i.number = p.number)
                        SELECT i.id, i.set_id, i.number, i.name, i.rarity, i.image_url, i.folded,
                               x.sources, x.external_ids
                        FROM wanted w JOIN catalog_items i ON i.id = w.id
                        CROSS JOIN LATERAL (
                            SELECT array_agg(source) AS sources, array_agg(external_id) AS external_ids
                            FROM catalog_external_ids WHERE item_id = i.id) x""")
                .bindArray(
                        "sources",
                        String.class,
                        keys.stream().map(SourceId::source).toList())
                .bindArray(
                        "externalIds",
                        String.class,
                        keys.stream().map(SourceId::externalId).toList())
                .bindArray(
                        "sets",
                        Long.class,
                        places.stream().map(Map.Entry::getKey).toList())
                .bindArray(
                        "numbers",
                        String.class,
                        places.stream().map(Map.Entry::getValue).toList())
                .map((rs, ctx) -> {
                    long setId = rs.getLong(2);
                    var set = rs.wasNull() ? null : setsById.computeIfAbsent(setId, SetRow::stored);
                    var item = new ItemRow(
                            rs.getLong(1),
                            rs.getLong(1),
                            new ItemState(
                                    set,
                                    rs.getString(3),
                                    rs.getString(4),
                                    rs.getString(5),
                                    rs.getString(6),
                                    rs.getString(7)));
                    String[] sources = strings(rs, 8);
                    String[] externalIds = strings(rs, 9);
                    for (int i = 0; i < sources.length; i++) {
                        item.sources.add(sources[i]);
                        bySourceId.put(new SourceId(sources[i], externalIds[i]), item);
                    }
                    items.add(item);
                    place(item);
                    return item;
                })
                .list();
    }

    private static String[] strings(ResultSet rs, int column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? new String[0] : (String[]) array.getArray();
    }

    /**
     * One entry as {@code upsert(…)} did it: the item of its source id; failing that, with a set and a number,
     * the oldest item at that set and number that this source has no id of yet (gaining this one); failing
     * that, a new item.
     */
    private ItemRow upsert(CatalogEntry e, SetRow set) {
        var key = new SourceId(e.source(), e.externalId());
        var item = bySourceId.get(key);
        if (item == null && set != null && e.number().isPresent()) {
            item = byPlace.getOrDefault(new Place(set, e.number().get()), List.of()).stream()
                    .filter(r -> !r.sources.contains(e.source()))
                    .min(Comparator.comparingLong(r -> r.order))
                    .orElse(null);
            if (item != null) {
                link(key, item);
            }
        }
        if (item != null) {
            update(item, e, set);
            return item;
        }
        item = new ItemRow(
                null,
                FRESH + made++,
                new ItemState(
                        set,
                        e.number().orElse(null),
                        e.name(),
                        e.rarity().orElse(null),
                        e.imageUrl().orElse(null),
                        folded(e)));
        item.game = e.game().id();
        items.add(item);
        place(item);
        link(key, item);
        return item;
    }

    /** The item's update: skipped, as the UPDATE's IS DISTINCT FROM skipped it, when nothing would change. */
    private void update(ItemRow item, CatalogEntry e, SetRow set) {
        var now = item.state;
        var next = new ItemState(
                set != null ? set : now.set(),
                e.number().orElse(null),
                e.name(),
                e.rarity().orElse(null),
                e.imageUrl().orElse(now.image()),
                folded(e));
        boolean same = now.name().equals(next.name())
                && blank(now.number()).equals(blank(next.number()))
                && blank(now.rarity()).equals(blank(next.rarity()))
                && now.set() == next.set()
                && blank(now.image()).equals(blank(next.image()));
        if (same) {
            return;
        }
        unplace(item);
        item.state = next;
        place(item);
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }

    private static String folded(CatalogEntry e) {
        return CatalogQuery.fold(e.name() + " " + e.number().orElse(""));
    }

    private void link(SourceId key, ItemRow item) {
        bySourceId.put(key, item);
        item.sources.add(key.source());
        newLinks.put(key, item);
    }

    private void place(ItemRow item) {
        var s = item.state;
        if (s.set() != null && s.number() != null) {
            byPlace.computeIfAbsent(new Place(s.set(), s.number()), k -> new ArrayList<>())
                    .add(item);
        }
    }

    private void unplace(ItemRow item) {
        var s = item.state;
        if (s.set() != null && s.number() != null) {
            byPlace.get(new Place(s.set(), s.number())).remove(item);
        }
    }

    /** New items under ids drawn in the order they were made, then changed items, one statement each. */
    private void writeItems() {
        var fresh = items.stream().filter(i -> i.id == null).toList();
        if (!fresh.isEmpty()) {
            long[] ids = h
                    .createQuery(
                            "SELECT nextval(pg_get_serial_sequence('catalog_items', 'id')) FROM generate_series(1, :n)")
                    .bind("n", fresh.size())
                    .mapTo(Long.class)
                    .stream()
                    .mapToLong(Long::longValue)
                    .toArray();
            Arrays.sort(ids);
            for (int i = 0; i < ids.length; i++) {
                fresh.get(i).id = ids[i];
            }
            bindStates(h.createUpdate("""
                            INSERT INTO catalog_items (id, game, set_id, number, name, folded, rarity, image_url, created_at)
                            SELECT u.*, :at
                            FROM unnest(:ids, :games, :sets, :numbers, :names, :folded, :rarities, :images) AS u"""), fresh)
                    .bindArray("ids", Long.class, fresh.stream().map(i -> i.id).toList())
                    .bindArray(
                            "games",
                            String.class,
                            fresh.stream().map(i -> i.game).toList())
                    .bind("at", Timestamp.from(at))
                    .execute();
        }
        var changed = items.stream()
                .filter(i -> i.stored != null && !i.state.equals(i.stored))
                .toList();
        if (!changed.isEmpty()) {
            bindStates(h.createUpdate("""
                            UPDATE catalog_items i
                            SET set_id = u.set_id, number = u.number, name = u.name, folded = u.folded,
                                rarity = u.rarity, image_url = u.image_url
                            FROM unnest(:ids, :sets, :numbers, :names, :folded, :rarities, :images)
                                AS u (id, set_id, number, name, folded, rarity, image_url)
                            WHERE i.id = u.id"""), changed)
                    .bindArray(
                            "ids", Long.class, changed.stream().map(i -> i.id).toList())
                    .execute();
        }
    }

    /** Binds the arrays of the items' states both statements of {@link #writeItems} read. */
    private static org.jdbi.v3.core.statement.Update bindStates(
            org.jdbi.v3.core.statement.Update update, List<ItemRow> rows) {
        return update.bindArray(
                        "sets",
                        Long.class,
                        rows.stream().map(i -> setId(i.state)).toList())
                .bindArray(
                        "numbers",
                        String.class,
                        rows.stream().map(i -> i.state.number()).toList())
                .bindArray(
                        "names",
                        String.class,
                        rows.stream().map(i -> i.state.name()).toList())
                .bindArray(
                        "folded",
                        String.class,
                        rows.stream().map(i -> i.state.folded()).toList())
                .bindArray(
                        "rarities",
                        String.class,
                        rows.stream().map(i -> i.state.rarity()).toList())
                .bindArray(
                        "images",
                        String.class,
                        rows.stream().map(i -> i.state.image()).toList());
    }

    private static Long setId(ItemState s) {
        return s.set() == null ? null : s.set().id;
    }

    private void writeLinks() {
        if (newLinks.isEmpty()) {
            return;
        }
        h.createUpdate("""
                        INSERT INTO catalog_external_ids (source, external_id, item_id)
                        SELECT * FROM unnest(:sources, :externalIds, :items)
                        ON CONFLICT (source, external_id) DO NOTHING""")
                .bindArray(
                        "sources",
                        String.class,
                        newLinks.keySet().stream().map(SourceId::source).toList())
                .bindArray(
                        "externalIds",
                        String.class,
                        newLinks.keySet().stream().map(SourceId::externalId).toList())
                .bindArray(
                        "items",
                        Long.class,
                        newLinks.values().stream().map(i -> i.id).toList())
                .execute();
    }

    // ------------------------------------------------------------------------------------------ rows

    private record SourceId(String source, String externalId) {}

    /** Where a card another source brought is looked for; sets compare by identity. */
    private record Place(SetRow set, String number) {}

    /** A set as this batch leaves it; {@code id} is null until a new one is written. */
    private static final class SetRow {
        Long id;
        final long order;
        final String game;
        final String code;
        String name;
        String lowerName;
        LocalDate released;
        private final String storedName;
        private final LocalDate storedReleased;

        SetRow(Long id, long order, String game, String code, String name, String lowerName, LocalDate released) {
            this.id = id;
            this.order = order;
            this.game = game;
            this.code = code;
            this.name = name;
            this.lowerName = lowerName;
            this.released = released;
            this.storedName = name;
            this.storedReleased = released;
        }

        /** A set an item is in that no entry names: never compared, renamed or written. */
        static SetRow stored(long id) {
            return new SetRow(id, id, "", "", "", "", null);
        }

        String byName() {
            return game + "\u0000" + lowerName;
        }

        boolean changed() {
            return !Objects.equals(name, storedName) || !Objects.equals(released, storedReleased);
        }
    }

    /** The columns of an item that entries write. */
    private record ItemState(SetRow set, String number, String name, String rarity, String image, String folded) {}

    /** An item as this batch leaves it; {@code id} is null until a new one is given its id. */
    private static final class ItemRow {
        Long id;
        final long order;
        /** As stored before this batch; null for a new item. */
        final ItemState stored;

        ItemState state;
        String game;
        final Set<String> sources = new HashSet<>();

        ItemRow(Long id, long order, ItemState state) {
            this.id = id;
            this.order = order;
            this.stored = id == null ? null : state;
            this.state = state;
        }
    }
}
