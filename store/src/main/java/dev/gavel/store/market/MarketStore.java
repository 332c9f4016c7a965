package dev.gavel.store.market;

import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.DeltaKind;
import dev.gavel.market.listing.Deltas;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.listing.ListingDelta;
import dev.gavel.market.listing.ListingState;
import dev.gavel.market.listing.PriceKind;
import dev.gavel.market.listing.PricePoint;
import dev.gavel.market.watch.Checkpoint;
import dev.gavel.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Listings, their numbered changes and their price history in PostgreSQL.
 *
 * <p>{@link #ingest} takes one page of observations in one transaction: it locks the stored rows of the
 * page's listings, lets {@link Deltas#between} decide what changed, COPYs the changed rows into a session
 * staging table, upserts them into {@code listings} and appends their deltas in one statement, COPYs their
 * price points into {@code price_points}, and saves the watch's checkpoint — all of it or none. A listing
 * that did not change is not written at all, so a replayed page costs one locking read and leaves no trace.
 * Thread-safe.
 */
public final class MarketStore {
    private static final String COLUMNS = "source, external_id, item_id, item_name, state, currency, current_bid,"
            + " buy_now, start_price, bid_count, ends_at, observed_at";

    private static final String STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS market_ingest_staging (
                source text, external_id text, item_id text, item_name text, state text, currency text,
                current_bid bigint, buy_now bigint, start_price bigint, bid_count int, ends_at timestamptz,
                observed_at timestamptz, version int
            ) ON COMMIT DELETE ROWS""";

    /**
     * Writes the staged rows whose stored version is still the one their delta was computed from (a compare
     * and set on {@code version}); answers which rows were written. A row another transaction changed or
     * inserted first (two watches seeing the same listing at once) loses here, and its delta with it: the
     * next poll sees the listing again and compares with what the winner stored. Reading without {@code FOR
     * UPDATE} keeps an unchanged page free of writes (a row lock is a heap write and WAL per row).
     */
    private static final String UPSERT = """
            INSERT INTO listings (%1$s, first_seen_at, version)
            SELECT %1$s, observed_at, version FROM market_ingest_staging ORDER BY external_id
            ON CONFLICT (source, external_id) DO UPDATE SET
                item_id = excluded.item_id, item_name = excluded.item_name, state = excluded.state,
                currency = excluded.currency, current_bid = excluded.current_bid, buy_now = excluded.buy_now,
                start_price = excluded.start_price, bid_count = excluded.bid_count, ends_at = excluded.ends_at,
                observed_at = excluded.observed_at, version = excluded.version
            WHERE listings.version = excluded.version - 1
            RETURNING external_id""".formatted(COLUMNS);

    private final Jdbi jdbi;
    private final Clock clock;

    public MarketStore(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What one page did: the changes it made, in page order, how many listings it held, and how many of those
     * changed nothing ({@code deltas.size() + unchanged == received}: a repeated id, an older observation, the
     * same facts again).
     */
    public record IngestResult(List<ListingDelta> deltas, int received, int unchanged) {
        public IngestResult {
            deltas = List.copyOf(deltas);
        }
    }

    /** A delta as kept in {@code listing_deltas}, with its row id for {@link #markPublished}. */
    public record StoredDelta(long id, ListingDelta delta) {}

    private record Stored(Listing listing, int version) {}

    /**
     * Stores one page of {@code source}'s listings and, if given, the checkpoint that follows it, in one
     * transaction. Within the page the last observation of an id wins; an observation older than the stored
     * one is ignored. Instants are kept to the microsecond, as PostgreSQL keeps them.
     *
     * @throws IllegalArgumentException when a listing belongs to another source
     * @throws StoreException when PostgreSQL fails; then nothing of the page, and no checkpoint, was stored
     */
    public IngestResult ingest(String source, List<Listing> page, Optional<Checkpoint> checkpoint) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(checkpoint, "checkpoint");
        var latest = new LinkedHashMap<String, Listing>();
        for (Listing l : page) {
            if (!l.source().equals(source)) {
                throw new IllegalArgumentException(
                        "listing " + l.externalId() + " is from " + l.source() + ", not " + source);
            }
            Listing kept = storable(l);
            latest.put(kept.externalId(), kept);
        }
        if (latest.isEmpty() && checkpoint.isEmpty()) {
            return new IngestResult(List.of(), page.size(), page.size());
        }
        try {
            return jdbi.inTransaction(h -> {
                // JIT compiling a page-sized query costs more than the query itself
                h.execute("SET LOCAL jit = off");
                // plan each page's statements for the table as it is now: a generic plan cached while the table
                // was small scans it whole for every page once it has grown (seen: 1,500 instead of 30,000
                // rows/s after a truncate and refill)
                h.execute("SET LOCAL plan_cache_mode = force_custom_plan");
                Map<String, Stored> stored = readStored(h, source, latest.keySet());
                var changes = new ArrayList<ListingDelta>();
                for (Listing l : latest.values()) {
                    Stored s = stored.get(l.externalId());
                    if (s != null && l.observedAt().isBefore(s.listing().observedAt())) {
                        continue;
                    }
                    Optional<Listing> previous = Optional.ofNullable(s).map(Stored::listing);
                    int version = s == null ? 1 : s.version() + 1;
                    Deltas.between(previous, l)
                            .ifPresent(kind -> changes.add(new ListingDelta(kind, l, previous, version)));
                }
                List<ListingDelta> written = changes.isEmpty() ? List.of() : write(h, changes);
                checkpoint.ifPresent(c -> saveCheckpoint(h, c));
                return new IngestResult(written, page.size(), page.size() - written.size());
            });
        } catch (JdbiException | SQLException e) {
            throw new StoreException(
                    "could not store a page of " + page.size() + " " + source + " listings: " + rootMessage(e), e);
        }
    }

    /**
     * COPYs {@code rows} straight into {@code listings} as version 1, with no deltas, price points or
     * checks: the raw limit the benchmark compares {@link #ingest} with, and a way for tests to seed rows.
     * Not for production use; a row whose key exists fails the whole COPY.
     */
    public long copyRaw(List<Listing> rows) {
        try {
            return jdbi.inTransaction(h -> {
                try (var copy = CopyRows.start(
                        h.getConnection(),
                        "COPY listings (" + COLUMNS + ", first_seen_at, version) FROM STDIN (FORMAT text)")) {
                    for (Listing l : rows) {
                        Listing s = storable(l);
                        listingFields(copy, s).instant(s.observedAt()).number(1);
                        copy.endRow();
                    }
                    return copy.finish();
                }
            });
        } catch (JdbiException | SQLException e) {
            throw new StoreException("could not COPY " + rows.size() + " listings: " + rootMessage(e), e);
        }
    }

    public Optional<Listing> find(String source, String externalId) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM listings WHERE source = :source AND external_id = :id")
                        .bind("source", source)
                        .bind("id", externalId)
                        .map((rs, ctx) -> listing(rs))
                        .findOne());
    }

    /** Listings matching every filter given, the most recently observed first. */
    public List<Listing> listings(
            Optional<String> source, Optional<String> itemId, Optional<ListingState> state, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM listings WHERE true");
        source.ifPresent(s -> sql.append(" AND source = :source"));
        itemId.ifPresent(s -> sql.append(" AND item_id = :itemId"));
        state.ifPresent(s -> sql.append(" AND state = :state"));
        sql.append(" ORDER BY observed_at DESC, source, external_id LIMIT :limit");
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql.toString()).bind("limit", limit);
            source.ifPresent(s -> q.bind("source", s));
            itemId.ifPresent(s -> q.bind("itemId", s));
            state.ifPresent(s -> q.bind("state", s.name()));
            return q.map((rs, ctx) -> listing(rs)).list();
        });
    }

    /** The listing's price history, oldest first (found through its item, whose index history queries use). */
    public List<PricePoint> pricePoints(String source, String externalId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT source, external_id, item_id, kind, amount, currency, observed_at FROM price_points
                        WHERE source = :source AND external_id = :id
                          AND item_id = (SELECT item_id FROM listings WHERE source = :source AND external_id = :id)
                        ORDER BY observed_at, kind""")
                .bind("source", source)
                .bind("id", externalId)
                .map((rs, ctx) -> new PricePoint(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        PriceKind.valueOf(rs.getString(4)),
                        rs.getLong(5),
                        Currency.valueOf(rs.getString(6)),
                        instant(rs, 7)))
                .list());
    }

    /** The listing's changes as stored, version 1 first. */
    public List<ListingDelta> deltas(String source, String externalId) {
        List<StoredDelta> rows = jdbi.withHandle(h -> h.createQuery("SELECT id, kind, version, " + COLUMNS
                        + " FROM listing_deltas WHERE source = :source AND external_id = :id ORDER BY version")
                .bind("source", source)
                .bind("id", externalId)
                .map((rs, ctx) -> storedDelta(rs))
                .list());
        // each change's previous state is the listing after the change before it
        var out = new ArrayList<ListingDelta>(rows.size());
        Optional<Listing> previous = Optional.empty();
        for (StoredDelta r : rows) {
            ListingDelta d = r.delta();
            out.add(new ListingDelta(d.kind(), d.listing(), previous, d.version()));
            previous = Optional.of(d.listing());
        }
        return out;
    }

    /**
     * The oldest deltas not yet marked published, for the publisher that copies them to Redis. Two publishers
     * may read the same rows; consumers tell repeats apart by {@code (source, externalId, version)}.
     */
    public List<StoredDelta> unpublished(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, kind, version, " + COLUMNS
                        + " FROM listing_deltas WHERE published_at IS NULL ORDER BY id LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> storedDelta(rs))
                .list());
    }

    public void markPublished(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE listing_deltas SET published_at = :at WHERE id = ANY(:ids) AND published_at IS NULL")
                .bind("at", Timestamp.from(clock.instant()))
                .bindArray("ids", Long.class, ids)
                .execute());
    }

    public long deltaCount(String source) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM listing_deltas WHERE source = :source")
                .bind("source", source)
                .mapTo(Long.class)
                .one());
    }

    // --- the write path ---

    /** The stored rows of {@code ids}, unlocked: the upsert's compare and set on version settles races. */
    private static Map<String, Stored> readStored(Handle h, String source, Set<String> ids) {
        var stored = new HashMap<String, Stored>();
        if (ids.isEmpty()) {
            return stored;
        }
        h.createQuery("SELECT " + COLUMNS + ", version FROM listings"
                        + " WHERE source = :source AND external_id = ANY(:ids)")
                .bind("source", source)
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> new Stored(listing(rs), rs.getInt(13)))
                .forEach(s -> stored.put(s.listing().externalId(), s));
        return stored;
    }

    /** Writes {@code changes}; returns those that were written (all of them unless another node raced us). */
    private static List<ListingDelta> write(Handle h, List<ListingDelta> changes) throws SQLException {
        // first sightings go straight into listings by COPY (the raw path); should another transaction have
        // inserted one of them meanwhile, the COPY fails, is rolled back to the savepoint, and they take the
        // upsert path with the rest
        var fresh = new ArrayList<ListingDelta>();
        var updates = new ArrayList<ListingDelta>();
        for (ListingDelta d : changes) {
            (d.previous().isEmpty() ? fresh : updates).add(d);
        }
        // both paths write in key order, so two pages sharing listings lock them in the same order (no deadlock)
        java.util.Comparator<ListingDelta> byKey =
                java.util.Comparator.comparing(d -> d.listing().externalId());
        fresh.sort(byKey);
        updates.sort(byKey);
        Set<String> written = new HashSet<>();
        if (!fresh.isEmpty()) {
            if (copyFresh(h, fresh)) {
                fresh.forEach(d -> written.add(d.listing().externalId()));
            } else {
                updates.addAll(fresh);
            }
        }
        if (!updates.isEmpty()) {
            h.execute(STAGING);
            try (var copy = CopyRows.start(
                    h.getConnection(),
                    "COPY market_ingest_staging (" + COLUMNS + ", version)" + " FROM STDIN (FORMAT text)")) {
                for (ListingDelta d : updates) {
                    listingFields(copy, d.listing()).number(d.version());
                    copy.endRow();
                }
                copy.finish();
            }
            written.addAll(h.createQuery(UPSERT).mapTo(String.class).list());
        }
        var kept = new ArrayList<ListingDelta>(written.size());
        for (ListingDelta d : changes) {
            if (written.contains(d.listing().externalId())) {
                kept.add(d);
            }
        }
        try (var copy = CopyRows.start(
                h.getConnection(), "COPY listing_deltas (" + COLUMNS + ", version, kind) FROM STDIN (FORMAT text)")) {
            for (ListingDelta d : kept) {
                listingFields(copy, d.listing())
                        .number(d.version())
                        .text(d.kind().name());
                copy.endRow();
            }
            copy.finish();
        }
        try (var copy = CopyRows.start(
                h.getConnection(),
                "COPY price_points (source, external_id, item_id, kind, amount, currency, observed_at)"
                        + " FROM STDIN (FORMAT text)")) {
            for (ListingDelta d : kept) {
                for (PricePoint p : PricePoint.of(d)) {
                    copy.text(p.source())
                            .text(p.externalId())
                            .text(p.itemId())
                            .text(p.kind().name())
                            .number(p.amount())
                            .text(p.currency().name())
                            .instant(p.observedAt());
                    copy.endRow();
                }
            }
            copy.finish();
        }
        return kept;
    }

    /** COPYs first sightings into listings; false (and nothing written) when one of them exists by now. */
    private static boolean copyFresh(Handle h, List<ListingDelta> fresh) throws SQLException {
        var connection = h.getConnection();
        var savepoint = connection.setSavepoint();
        try (var copy = CopyRows.start(
                connection, "COPY listings (" + COLUMNS + ", first_seen_at, version) FROM STDIN (FORMAT text)")) {
            for (ListingDelta d : fresh) {
                listingFields(copy, d.listing())
                        .instant(d.listing().observedAt())
                        .number(1);
                copy.endRow();
            }
            copy.finish();
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(savepoint);
            return false;
        }
    }

    private static void saveCheckpoint(Handle h, Checkpoint c) {
        h.createUpdate("""
                        INSERT INTO market_checkpoints (watch_id, cycle, next_page, committed_at)
                        VALUES (:watch, :cycle, :page, :at)
                        ON CONFLICT (watch_id) DO UPDATE SET cycle = excluded.cycle, next_page = excluded.next_page,
                            committed_at = excluded.committed_at
                        WHERE (market_checkpoints.cycle, market_checkpoints.next_page)
                            <= (excluded.cycle, excluded.next_page)""")
                .bind("watch", c.watchId())
                .bind("cycle", c.cycle())
                .bind("page", c.nextPage())
                .bind("at", Timestamp.from(c.committedAt()))
                .execute();
    }

    private static CopyRows listingFields(CopyRows copy, Listing l) {
        return copy.text(l.source())
                .text(l.externalId())
                .text(l.itemId())
                .text(l.itemName())
                .text(l.state().name())
                .text(l.currency().name())
                .amount(l.currentBid())
                .amount(l.buyNow())
                .amount(l.startPrice())
                .number(l.bidCount())
                .instant(l.endsAt())
                .instant(l.observedAt());
    }

    /**
     * The listing as PostgreSQL will hold it: instants to the microsecond, and NUL (which no text column takes)
     * as U+FFFD. Deltas are decided on this form, so the stored row and the delta always agree.
     */
    static Listing storable(Listing l) {
        Instant ends = l.endsAt().truncatedTo(ChronoUnit.MICROS);
        Instant observed = l.observedAt().truncatedTo(ChronoUnit.MICROS);
        boolean nul = hasNul(l.source()) || hasNul(l.externalId()) || hasNul(l.itemId()) || hasNul(l.itemName());
        if (!nul && ends.equals(l.endsAt()) && observed.equals(l.observedAt())) {
            return l;
        }
        return new Listing(
                noNul(l.source()),
                noNul(l.externalId()),
                noNul(l.itemId()),
                noNul(l.itemName()),
                l.state(),
                l.currency(),
                l.currentBid(),
                l.buyNow(),
                l.startPrice(),
                l.bidCount(),
                ends,
                observed);
    }

    private static boolean hasNul(String s) {
        return s.indexOf('\0') >= 0;
    }

    private static String noNul(String s) {
        return s.replace('\0', '\uFFFD');
    }

    /** A stored delta; {@code previous} is not kept in the outbox (read {@link #deltas} for the chain). */
    private static StoredDelta storedDelta(ResultSet rs) throws SQLException {
        return new StoredDelta(
                rs.getLong(1),
                new ListingDelta(DeltaKind.valueOf(rs.getString(2)), listing(rs, 3), Optional.empty(), rs.getInt(3)));
    }

    static Listing listing(ResultSet rs) throws SQLException {
        return listing(rs, 0);
    }

    /** The listing in {@link #COLUMNS} order after the first {@code skip} columns. */
    static Listing listing(ResultSet rs, int skip) throws SQLException {
        int c = skip;
        return new Listing(
                rs.getString(c + 1),
                rs.getString(c + 2),
                rs.getString(c + 3),
                rs.getString(c + 4),
                ListingState.valueOf(rs.getString(c + 5)),
                Currency.valueOf(rs.getString(c + 6)),
                optionalLong(rs, c + 7),
                optionalLong(rs, c + 8),
                optionalLong(rs, c + 9),
                rs.getInt(c + 10),
                instant(rs, c + 11),
                instant(rs, c + 12));
    }

    private static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
