package dev.gavel.server.market;

import dev.gavel.market.listing.ListingDelta;
import dev.gavel.store.market.MarketDeltaStream;
import dev.gavel.store.market.MarketStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed deltas from the PostgreSQL outbox to {@code gavel:market:deltas} and to WebSocket
 * watchers, then marks them published. Delivery is at least once: a crash between the XADD and the mark
 * publishes those deltas again after the restart, and each carries its natural key {@code (source,
 * externalId, version)} so consumers can drop repeats. Woken after each ingest and every few seconds.
 * Thread-safe.
 */
public final class DeltaPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeltaPublisher.class);

    private final MarketStore store;
    private final MarketDeltaStream stream;
    private final Consumer<List<ListingDelta>> watchers;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;

    public DeltaPublisher(MarketStore store, MarketDeltaStream stream, Consumer<List<ListingDelta>> watchers) {
        this.store = store;
        this.stream = stream;
        this.watchers = watchers;
        this.thread = Thread.ofVirtual().name("gavel-market-deltas").unstarted(this::run);
    }

    public DeltaPublisher start() {
        thread.start();
        return this;
    }

    public void wake() {
        wake.release();
    }

    /** Publishes everything unpublished now, on the caller's thread; returns how many. */
    public int publishPending() {
        int total = 0;
        while (true) {
            var batch = store.unpublished(500);
            if (batch.isEmpty()) {
                return total;
            }
            var deltas = batch.stream().map(MarketStore.StoredDelta::delta).toList();
            stream.publish(deltas);
            store.markPublished(batch.stream().map(MarketStore.StoredDelta::id).toList());
            try {
                watchers.accept(deltas);
            } catch (RuntimeException e) {
                LOG.debug("market deltas not pushed to watchers: {}", e.getMessage());
            }
            total += batch.size();
        }
    }

    private void run() {
        while (running) {
            try {
                wake.tryAcquire(3, TimeUnit.SECONDS);
                if (!running) {
                    return; // woken by close: what is unpublished stays marked so in PostgreSQL for the next start
                }
                wake.drainPermits();
                publishPending();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("market deltas wait to be published: {}", e.getMessage());
            }
        }
    }

    /**
     * Wakes the publisher and lets a batch in flight finish; only one still running after 5 s is interrupted (an
     * interrupted virtual thread closes the PostgreSQL socket it waits on, see {@link dev.gavel.server.Shutdown}).
     */
    @Override
    public void close() {
        running = false;
        wake.release();
        if (thread.getState() == Thread.State.NEW) {
            return; // never started: publishPending ran on the caller's threads only
        }
        try {
            if (!thread.join(Duration.ofSeconds(5))) {
                thread.interrupt();
                thread.join(Duration.ofSeconds(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
