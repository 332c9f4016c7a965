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

        /** PostgreSQL did not take the page; it waits in Redis. */
        record Queued(String reason) implements Stored {}
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
        if (pending.size() > 0) {
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
            return queue(source, watchId, listings, checkpoint, "PostgreSQL did not take the page: " + e.getMessage());
        }
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

    /** Writes the pages waiting in Redis; true when none is left. */
    public boolean drainPending() {
        try {
            int written = pending.drain(page -> {
                MarketStore.IngestResult result = store.ingest(page.source(), page.listings(), page.checkpoint());
                after(result.deltas());
            });
            if (written > 0) {
                LOG.info("market: wrote {} pages that waited in Redis", written);
            }
        } catch (RuntimeException e) {
            LOG.debug("market: pending pages still wait: {}", e.getMessage());
        }
        return pending.size() == 0;
    }

    public long pendingPages() {
        return pending.size();
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
