package dev.gavel.server.market;

import dev.gavel.market.source.MarketSource;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.watch.Checkpoint;
import dev.gavel.market.watch.Watch;
import dev.gavel.server.Shutdown;
import dev.gavel.store.market.WatchLeases;
import dev.gavel.store.market.WatchStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every active watch at its interval. One scheduler thread keeps time; each poll runs on a virtual
 * thread, and a watch whose previous poll is still running skips a beat instead of piling up. Each poll first
 * takes or renews the watch's lease in Redis, so with several nodes one polls each watch and a dead node's
 * watches move on when its leases lapse (the compare-and-set ingest keeps a late write from a node that lost
 * its lease harmless). A poll starts
 * at the watch's checkpoint (the first page of the cycle not yet committed), so a restarted node resumes
 * mid-cycle without skipping or re-applying a page; deltas are computed against the stored listings, so a
 * replayed page changes nothing. Thread-safe.
 */
public final class WatchRunner implements AutoCloseable {
    /** How long {@link #close} lets polls in flight finish. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(WatchRunner.class);

    /** How a watch is doing, for {@code GET /api/market/watches}. */
    public record Status(
            long polls,
            long pagesCommitted,
            long changes,
            Optional<Instant> lastPollAt,
            Optional<String> lastOutcome) {}

    private final Map<String, MarketSource> sources;
    private final WatchStore watches;
    private final WatchLeases leases;
    private final MarketCollector collector;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService polls = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean closing;
    private final Map<Long, Running> running = new ConcurrentHashMap<>();

    private final class Running {
        final Watch watch;
        final AtomicBoolean busy = new AtomicBoolean();
        final AtomicLong pollCount = new AtomicLong();
        final AtomicLong pages = new AtomicLong();
        final AtomicLong changes = new AtomicLong();
        volatile Instant lastPollAt;
        /** The checkpoint this node last committed or queued, for when PostgreSQL cannot be read. */
        volatile Checkpoint lastCheckpoint;
        /** Polls in a row that stopped at {@link #stuckPage}. */
        int stuckPolls;

        int stuckPage = -1;
        volatile String lastOutcome;
        volatile ScheduledFuture<?> future;

        Running(Watch watch) {
            this.watch = watch;
        }
    }

    public WatchRunner(
            Map<String, MarketSource> sources,
            WatchStore watches,
            WatchLeases leases,
            MarketCollector collector,
            Clock clock) {
        this.sources = Map.copyOf(sources);
        this.watches = watches;
        this.leases = leases;
        this.collector = collector;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "gavel-market-watches");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts every active watch stored, and every 5 s picks up watches created or stopped elsewhere (another
     * node, the CLI); which node actually polls a watch is settled by its lease at each poll.
     */
    public void start() {
        sync();
        LOG.info("market: {} watches scheduled", running.size());
        scheduler.scheduleWithFixedDelay(this::syncQuietly, 5, 5, TimeUnit.SECONDS);
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.debug("market: watches not refreshed from PostgreSQL: {}", e.getMessage());
        }
    }

    private void sync() {
        var active = new java.util.HashSet<Long>();
        for (Watch w : watches.active()) {
            active.add(w.id());
            run(w);
        }
        for (Long id : List.copyOf(running.keySet())) {
            if (!active.contains(id)) {
                stop(id);
            }
        }
    }

    /** Starts polling {@code watch} (no-op when it runs already or its source is not configured). */
    public void run(Watch watch) {
        MarketSource source = sources.get(watch.source());
        if (source == null) {
            LOG.warn("market: watch {} is for {}, which is not configured; it waits", watch.id(), watch.source());
            return;
        }
        var r = new Running(watch);
        if (running.putIfAbsent(watch.id(), r) != null) {
            return;
        }
        r.future = scheduler.scheduleWithFixedDelay(
                () -> {
                    if (r.busy.compareAndSet(false, true)) {
                        polls.execute(() -> {
                            try {
                                poll(r, source);
                            } finally {
                                r.busy.set(false);
                            }
                        });
                    }
                },
                0,
                watch.interval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public void stop(long watchId) {
        Running r = running.remove(watchId);
        if (r != null && r.future != null) {
            r.future.cancel(false);
        }
        try {
            leases.release(watchId);
        } catch (RuntimeException e) {
            LOG.debug("market: lease of watch {} not released: {}", watchId, e.getMessage());
        }
    }

    private void poll(Running r, MarketSource source) {
        Watch w = r.watch;
        try {
            if (leases.acquire(w.id()).isEmpty()) {
                r.lastOutcome = "polled by another node";
                return;
            }
            Checkpoint at = checkpoint(r);
            int pages = source.pages(w.query());
            long cycle = at.cycle();
            int first = at.nextPage() < pages ? at.nextPage() : 0;
            if (first > 0 && r.stuckPage == first && r.stuckPolls >= STUCK_POLLS) {
                // the same page failed poll after poll: start the next cycle from the top, so the pages
                // before it are watched again meanwhile
                LOG.warn(
                        "market: watch {} failed at page {} {} times; starting a new cycle",
                        w.id(),
                        first + 1,
                        r.stuckPolls);
                cycle++;
                first = 0;
                r.stuckPolls = 0;
            }
            int[] failedAt = {-1};
            var summary =
                    collector.collect(source, w.query(), w.id(), cycle, first, pages, (page, of, outcome, stored) -> {
                        if (stored.isPresent()) {
                            r.pages.incrementAndGet();
                        } else {
                            failedAt[0] = page;
                        }
                        if (!(outcome instanceof PageOutcome.Page)) {
                            LOG.debug(
                                    "market: watch {} page {}: {}",
                                    w.id(),
                                    page + 1,
                                    MarketCollector.describe(outcome));
                        }
                    });
            r.changes.addAndGet(summary.changes());
            r.lastCheckpoint = summary.lastCheckpoint().orElse(r.lastCheckpoint);
            if (failedAt[0] >= 0) {
                r.stuckPolls = failedAt[0] == r.stuckPage ? r.stuckPolls + 1 : 1;
                r.stuckPage = failedAt[0];
            } else {
                r.stuckPolls = 0;
                r.stuckPage = -1;
            }
            r.lastOutcome = summary.failure()
                    .orElse("ok: " + summary.pagesDone() + " pages, " + summary.changes() + " changes");
        } catch (RuntimeException e) {
            // a poll never kills the watch: the next beat tries again from the checkpoint
            r.lastOutcome = "error: " + e.getMessage();
            if (closing) {
                LOG.debug("market: watch {} poll stopped with Gavel: {}", w.id(), e.toString());
            } else {
                LOG.warn("market: watch {} poll failed: {}", w.id(), e.toString());
            }
        } finally {
            r.pollCount.incrementAndGet();
            r.lastPollAt = clock.instant();
        }
    }

    /** The stored checkpoint, else (PostgreSQL away) the one this node last committed or queued. */
    private Checkpoint checkpoint(Running r) {
        try {
            Optional<Checkpoint> stored = watches.checkpoint(r.watch.id());
            Checkpoint mine = r.lastCheckpoint;
            if (mine != null
                    && (stored.isEmpty()
                            || mine.cycle() > stored.get().cycle()
                            || (mine.cycle() == stored.get().cycle()
                                    && mine.nextPage() > stored.get().nextPage()))) {
                return mine; // a page of ours waits in Redis with this checkpoint
            }
            return stored.orElse(new Checkpoint(r.watch.id(), 0, 0, clock.instant()));
        } catch (RuntimeException e) {
            return r.lastCheckpoint != null ? r.lastCheckpoint : new Checkpoint(r.watch.id(), 0, 0, clock.instant());
        }
    }

    private static final int STUCK_POLLS = 3;

    public Map<Long, Status> statuses() {
        var out = new LinkedHashMap<Long, Status>();
        running.forEach((id, r) -> out.put(
                id,
                new Status(
                        r.pollCount.get(),
                        r.pages.get(),
                        r.changes.get(),
                        Optional.ofNullable(r.lastPollAt),
                        Optional.ofNullable(r.lastOutcome))));
        return out;
    }

    public List<Long> runningIds() {
        return List.copyOf(running.keySet());
    }

    /**
     * Stops polling: no new polls, and the ones in flight may finish for up to {@link #CLOSE_GRACE} before they
     * are interrupted. An interrupted virtual thread closes the socket it waits on, so interrupting a poll at
     * once broke its PostgreSQL connection mid-transaction (the page was rolled back and redone at the next
     * start, but the pool logged the broken connection with a stack trace on every Ctrl-C).
     */
    @Override
    public void close() {
        closing = true;
        scheduler.shutdownNow();
        Shutdown.gracefully(polls, CLOSE_GRACE);
        // hand the watches over at once instead of when the leases lapse
        for (Long id : List.copyOf(running.keySet())) {
            try {
                leases.release(id);
            } catch (RuntimeException e) {
                LOG.debug("market: lease of watch {} not released: {}", id, e.getMessage());
            }
        }
        running.clear();
    }
}
