package dev.gavel.server.market;

import dev.gavel.market.listing.Listing;
import dev.gavel.market.listing.ListingDelta;
import dev.gavel.market.watch.Checkpoint;
import dev.gavel.store.market.MarketCache;
import dev.gavel.store.market.MarketStore;
import dev.gavel.store.market.PendingPage;
import dev.gavel.store.market.PendingPages;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where collected pages go: committed to PostgreSQL with their checkpoint (deltas land in the outbox in
 * the same transaction), then the latest listings to the Redis cache and the publisher woken. When the
 * commit fails (PostgreSQL away), the page waits in a bounded Redis queue and is written, oldest first,
 * once PostgreSQL answers again. Thread-safe.
 */
public final class MarketIngest {
    private static final Logger LOG = LoggerFactory.getLogger(MarketIngest.class);

    /** What became of a page. */
    public sealed interface Stored {
        record Committed(MarketStore.IngestResult result) implements Stored {}

        /** PostgreSQL could not be reached; the page waits in Redis. */
        record Queued(String reason) implements Stored {}

        /** PostgreSQL refused the page itself (not an outage): it is not stored; the next poll fetches it again. */
        record Refused(String reason) implements Stored {}
    }

    private final MarketStore store;
    private final MarketCache cache;
    private final PendingPages pending;
    private final Runnable publish;

    public MarketIngest(MarketStore store, MarketCache cache, PendingPages pending, Runnable publish) {
        this.store = store;
        this.cache = cache;
        this.pending = pending;
        this.publish = publish;
    }

    public Stored ingest(String source, long watchId, List<Listing> listings, Optional<Checkpoint> checkpoint) {
        if (pendingPages() > 0) {
            // keep pages in order: while older pages wait, newer ones queue behind them
            if (!drainPending()) {
                return queue(source, watchId, listings, checkpoint, "older pages still wait for PostgreSQL");
            }
        }
        try {
            MarketStore.IngestResult result = store.ingest(source, listings, checkpoint);
            after(result.deltas());
            return new Stored.Committed(result);
        } catch (RuntimeException e) {
            if (!unavailable(e)) {
                // not an outage: queueing the page would only block every page behind it
                LOG.error(
                        "market: a page of {} {} listings was refused by PostgreSQL: {}",
                        listings.size(),
                        source,
                        e.getMessage());
                return new Stored.Refused(e.getMessage());
            }
            return queue(source, watchId, listings, checkpoint, "PostgreSQL did not take the page: " + e.getMessage());
        }
    }

    /**
     * Whether {@code e} says PostgreSQL could not be reached (connection errors, a shutdown, too many
     * connections, a pool that found no connection), rather than that it refused this page.
     */
    static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
                    return true;
                }
            }
        }
        return false;
    }

    private Stored queue(
            String source, long watchId, List<Listing> listings, Optional<Checkpoint> checkpoint, String reason) {
        pending.push(new PendingPage(
                source,
                watchId == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(watchId),
                checkpoint,
                listings));
        LOG.warn(
                "market: a page of {} {} listings waits in Redis ({} pages waiting): {}",
                listings.size(),
                source,
                pending.size(),
                reason);
        return new Stored.Queued(reason);
    }

    /** Writes the pages waiting in Redis, one drainer at a time; true when none is left. */
    public synchronized boolean drainPending() {
        try {
            int written = pending.drain(page -> {
                try {
                    MarketStore.IngestResult result = store.ingest(page.source(), page.listings(), page.checkpoint());
                    after(result.deltas());
                } catch (RuntimeException e) {
                    if (unavailable(e)) {
                        throw e; // still away: the page stays first in line
                    }
                    LOG.error(
                            "market: a waiting page of {} {} listings was refused by PostgreSQL and dropped: {}",
                            page.listings().size(),
                            page.source(),
                            e.getMessage());
                }
            });
            if (written > 0) {
                LOG.info("market: wrote {} pages that waited in Redis", written);
            }
        } catch (RuntimeException e) {
            LOG.debug("market: pending pages still wait: {}", e.getMessage());
        }
        return pendingPages() == 0;
    }

    /** Pages waiting in Redis; 0 when Redis cannot say (then PostgreSQL is tried directly). */
    public long pendingPages() {
        try {
            return pending.size();
        } catch (RuntimeException e) {
            LOG.debug("market: the pending-page count is unknown: {}", e.getMessage());
            return 0;
        }
    }

    private void after(List<ListingDelta> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        try {
            cache.putLatest(deltas.stream().map(ListingDelta::listing).toList());
        } catch (RuntimeException e) {
            LOG.debug("market: the listing cache was not updated: {}", e.getMessage());
        }
        publish.run();
    }
}
