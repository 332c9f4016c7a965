package dev.gavel.store.market;

import dev.gavel.store.Redis;
import io.lettuce.core.ScriptOutputType;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages held in Redis ({@code gavel:market:pending}) while PostgreSQL is down, so a live watch keeps its
 * observations through an outage. Bounded: past {@code maxPages} the oldest pages are dropped (and logged),
 * since a listing's newest observation says more than its oldest. New pages go in at the head; {@link #drain}
 * takes them from the tail, oldest first, and removes a page only after the sink has stored it, so a crash
 * mid-drain loses nothing and at worst ingests a page twice, which ingest makes harmless. Thread-safe.
 */
public final class PendingPages {
    public static final int DEFAULT_MAX_PAGES = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(PendingPages.class);

    /** LPUSH then LTRIM as one step; answers how many pages were dropped to stay within the bound. */
    private static final String PUSH = """
            local n = redis.call('LPUSH', KEYS[1], ARGV[1])
            local max = tonumber(ARGV[2])
            if n > max then
                redis.call('LTRIM', KEYS[1], 0, max - 1)
                return n - max
            end
            return 0""";

    /** Removes the oldest page only if it is still the one the sink stored (another drainer may have). */
    private static final String REMOVE_OLDEST_IF = """
            if redis.call('LINDEX', KEYS[1], -1) == ARGV[1] then
                redis.call('RPOP', KEYS[1])
                return 1
            end
            return 0""";

    private final Redis redis;
    private final int maxPages;

    public PendingPages(Redis redis, int maxPages) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (maxPages < 1) {
            throw new IllegalArgumentException("the pending page bound must be at least 1: " + maxPages);
        }
        this.maxPages = maxPages;
    }

    public PendingPages(Redis redis) {
        this(redis, DEFAULT_MAX_PAGES);
    }

    /** Holds a page; answers how many of the oldest pages were dropped to make room (usually 0). */
    public long push(PendingPage page) {
        Long dropped = redis.sync()
                .eval(
                        PUSH,
                        ScriptOutputType.INTEGER,
                        new String[] {MarketKeys.PENDING},
                        page.toJson(),
                        Integer.toString(maxPages));
        long n = dropped == null ? 0 : dropped;
        if (n > 0) {
            LOG.warn("pending market pages are full ({}); dropped the {} oldest", maxPages, n);
        }
        return n;
    }

    /**
     * Hands the held pages to {@code sink}, oldest first, until none are left or the sink throws; the page
     * it threw on stays, still the oldest, for the next drain. A page that does not parse is dropped and
     * logged. Answers how many pages the sink stored.
     */
    public int drain(PageSink sink) {
        int stored = 0;
        while (true) {
            String json = redis.sync().lindex(MarketKeys.PENDING, -1);
            if (json == null) {
                return stored;
            }
            PendingPage page;
            try {
                page = PendingPage.fromJson(json);
            } catch (IllegalArgumentException e) {
                LOG.error("dropping a pending market page that does not parse: {}", e.getMessage());
                removeOldestIf(json);
                continue;
            }
            try {
                sink.accept(page);
            } catch (RuntimeException e) {
                LOG.warn(
                        "stopped draining pending market pages ({} left): {}",
                        size(),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                return stored;
            }
            removeOldestIf(json);
            stored++;
        }
    }

    public long size() {
        return redis.sync().llen(MarketKeys.PENDING);
    }

    private void removeOldestIf(String json) {
        redis.sync().eval(REMOVE_OLDEST_IF, ScriptOutputType.INTEGER, new String[] {MarketKeys.PENDING}, json);
    }
}
