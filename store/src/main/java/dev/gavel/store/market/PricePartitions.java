package dev.gavel.store.market;

import dev.gavel.store.StoreException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The monthly partitions of the price tables ({@code price_points} of listings, {@code card_prices} of
 * cards), named {@code <table>_yYYYYmMM} and bounded by UTC month starts. A job calls {@link #ensureAhead}
 * daily; a row whose month has no partition yet lands in {@code <table>_default} and is moved into its
 * month's partition when that is made; {@link #dropBefore} ages out raw card prices (their bars stay). Thread-safe, and
 * safe to run from several nodes at once: creators take one advisory lock.
 */
public final class PricePartitions {
    /** {@code pg_advisory_xact_lock} key shared by every creator of price partitions ("gavelpp"). */
    private static final long LOCK = 0x6761_7665_6c70_70L;

    private final Jdbi jdbi;

    public PricePartitions(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    /** The partitioned tables. */
    public static final List<String> TABLES = List.of("price_points", "card_prices");

    /** The partition name of {@code month} of {@code price_points}. */
    public static String nameOf(YearMonth month) {
        return nameOf("price_points", month);
    }

    /** The partition name of {@code month} of {@code table}. */
    public static String nameOf(String table, YearMonth month) {
        return "%s_y%04dm%02d".formatted(table, month.getYear(), month.getMonthValue());
    }

    /**
     * Makes sure the current UTC month and the {@code months} after it have partitions; answers the names
     * of those it had to create. Rows already in the default partition for a new month move into it, in the
     * same transaction (PostgreSQL refuses a partition whose rows sit in the default).
     */
    public List<String> ensureAhead(Clock clock, int months) {
        if (months < 0) {
            throw new IllegalArgumentException("months ahead must not be negative: " + months);
        }
        YearMonth first = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        var created = new ArrayList<String>();
        for (String table : TABLES) {
            for (int i = 0; i <= months; i++) {
                YearMonth month = first.plusMonths(i);
                try {
                    if (jdbi.inTransaction(h -> create(h, table, month))) {
                        created.add(nameOf(table, month));
                    }
                } catch (JdbiException e) {
                    throw new StoreException(
                            "could not create the price partition " + nameOf(table, month) + ": "
                                    + MarketStore.rootMessage(e),
                            e);
                }
            }
        }
        return created;
    }

    /** The monthly partitions of {@code price_points} that exist, oldest first (not the default one). */
    public List<String> partitions() {
        return partitions("price_points");
    }

    /**
     * Drops the monthly partitions of {@code table} wholly before {@code month} (raw card prices past their
     * retention; the hourly and daily bars are kept); answers the names dropped.
     */
    public List<String> dropBefore(String table, YearMonth month) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("not a partitioned price table: " + table);
        }
        String limit = nameOf(table, month);
        var dropped = new ArrayList<String>();
        for (String name : partitions(table)) {
            if (name.compareTo(limit) < 0) {
                jdbi.useTransaction(h -> {
                    h.execute("SELECT pg_advisory_xact_lock(?)", LOCK);
                    h.execute("DROP TABLE IF EXISTS " + name);
                });
                dropped.add(name);
            }
        }
        return dropped;
    }

    /** The monthly partitions of {@code table} that exist, oldest first (the default partition is not listed). */
    public List<String> partitions(String table) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("not a partitioned price table: " + table);
        }
        return jdbi.withHandle(
                h -> h.createQuery("""
                        SELECT c.relname FROM pg_inherits i
                        JOIN pg_class c ON c.oid = i.inhrelid
                        JOIN pg_class p ON p.oid = i.inhparent
                        WHERE p.relname = :table AND p.relnamespace = current_schema()::regnamespace
                          AND c.relname <> :table || '_default'
                        ORDER BY c.relname""").bind("table", table).mapTo(String.class).list());
    }

    private static boolean create(Handle h, String table, YearMonth month) {
        String name = nameOf(table, month);
        h.execute("SELECT pg_advisory_xact_lock(?)", LOCK);
        boolean exists = h.createQuery("SELECT to_regclass(:name) IS NOT NULL")
                .bind("name", name)
                .mapTo(Boolean.class)
                .one();
        if (exists) {
            return false;
        }
        String from = month.atDay(1) + " 00:00:00+00";
        String to = month.plusMonths(1).atDay(1) + " 00:00:00+00";
        // Writers to the default wait here (ATTACH needs this lock anyway), so no row slips into the range between
        // the move and the attach.
        h.execute("LOCK TABLE " + table + "_default IN ACCESS EXCLUSIVE MODE");
        h.execute("CREATE TABLE " + name + " (LIKE " + table + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
        h.execute(
                "WITH moved AS (DELETE FROM " + table + "_default WHERE observed_at >= ?::timestamptz"
                        + " AND observed_at < ?::timestamptz RETURNING *) INSERT INTO " + name + " SELECT * FROM moved",
                from,
                to);
        h.execute("ALTER TABLE " + table + " ATTACH PARTITION " + name + " FOR VALUES FROM ('" + from + "') TO ('" + to
                + "')");
        return true;
    }
}
