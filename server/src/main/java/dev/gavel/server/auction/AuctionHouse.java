package dev.gavel.server.auction;

import dev.gavel.auction.AdminAction;
import dev.gavel.auction.AdminOutcome;
import dev.gavel.auction.AuctionState;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidRecord;
import dev.gavel.auction.DepositPort;
import dev.gavel.auction.Sequenced;
import dev.gavel.core.money.Wei;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.live.AuctionLeases;
import dev.gavel.store.live.LiveView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the auctions of this node: a {@link SequencerRunner} per auction that is not finished, started at
 * boot (restored from PostgreSQL, clock caught up) or on the first bid, under a lease. Answers callers
 * waiting for a bid's decision, keeps the live view and listeners informed, and passes funds changes on
 * to every sequencer that may have cached them. Thread-safe.
 */
public final class AuctionHouse implements DepositPort, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuctionHouse.class);

    private final AuctionStore auctions;
    private final BidderStore bidders;
    private final AuctionLeases leases;
    private final LiveView liveView;
    private final EligibilityCheck eligibility;
    private final Clock clock;
    private final SequencerSettings settings;
    private final CommitNotices notices;
    private final List<AuctionListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<List<AuctionEvent>>> batchListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<UUID, SequencerRunner> runners = new ConcurrentHashMap<>();
    private final Map<BidKey, CompletableFuture<BidRecord>> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public AuctionHouse(
            AuctionStore auctions,
            BidderStore bidders,
            AuctionLeases leases,
            LiveView liveView,
            EligibilityCheck eligibility,
            Clock clock,
            SequencerSettings settings) {
        this(auctions, bidders, leases, liveView, eligibility, clock, settings, CommitNotices.NONE);
    }

    /** @param notices the posts each commit owes the channels (X replies and announcements), in its transaction */
    public AuctionHouse(
            AuctionStore auctions,
            BidderStore bidders,
            AuctionLeases leases,
            LiveView liveView,
            EligibilityCheck eligibility,
            Clock clock,
            SequencerSettings settings,
            CommitNotices notices) {
        this.notices = notices;
        this.auctions = auctions;
        this.bidders = bidders;
        this.leases = leases;
        this.liveView = liveView;
        this.eligibility = eligibility;
        this.clock = clock;
        this.settings = settings;
        this.timer = Executors.newScheduledThreadPool(
                1, Thread.ofPlatform().name("auction-clock").daemon(true).factory());
        timer.scheduleAtFixedRate(
                this::renewLeases,
                settings.leaseTtl().toMillis() / 3,
                settings.leaseTtl().toMillis() / 3,
                TimeUnit.MILLISECONDS);
    }

    public void addListener(AuctionListener listener) {
        listeners.add(listener);
    }

    /** Told once per group commit with all its events, in order (for writers that batch, like the event stream). */
    public void addBatchListener(java.util.function.Consumer<List<AuctionEvent>> listener) {
        batchListeners.add(listener);
    }

    /**
     * Starts a sequencer for every auction that is not finished; each catches up with the clock. An auction
     * whose lease another node holds is left to it, and adopted later if that node's lease lapses.
     */
    public void start() {
        adoptOpenAuctions();
        LOG.info("auction house running {} auction(s)", runners.size());
    }

    /** Starts sequencers for open auctions that have none here and whose lease is free. */
    private void adoptOpenAuctions() {
        for (StoredAuction auction : auctions.open()) {
            var id = auction.state().id();
            var existing = runners.get(id);
            if (existing != null && existing.isRunning()) {
                continue;
            }
            try {
                runner(id);
            } catch (SequencerRunner.SequencerUnavailable e) {
                LOG.debug("auction {} stays with another node for now: {}", id, e.getMessage());
            }
        }
    }

    /** Hands a bid to its auction's sequencer; completes once the decision is committed. */
    public CompletableFuture<Sequenced> submit(BidCommand bid) {
        Optional<SequencerRunner> runner;
        try {
            runner = runner(bid.auctionId());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (runner.isEmpty()) {
            return CompletableFuture.failedFuture(new UnknownAuction(bid.auctionId()));
        }
        return runner.get().submit(bid, eligibility.of(bid)).whenComplete((sequenced, error) -> {
            if (sequenced != null) {
                var waiter = waiting.remove(bid.key());
                if (waiter != null) {
                    waiter.complete(sequenced.record());
                }
            }
        });
    }

    /** A future that completes when the bid with {@code key} is decided here (register before publishing it). */
    public CompletableFuture<BidRecord> awaitDecision(BidKey key) {
        return waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    public void stopWaiting(BidKey key) {
        waiting.remove(key);
    }

    public CompletableFuture<AdminOutcome> admin(UUID auctionId, AdminAction action, String actor) {
        return runner(auctionId)
                .map(r -> r.admin(action, actor))
                .orElseGet(() -> CompletableFuture.failedFuture(new UnknownAuction(auctionId)));
    }

    /** The auction as last committed: from its sequencer when one runs here, else from PostgreSQL. */
    public Optional<AuctionState> state(UUID auctionId) {
        var runner = runners.get(auctionId);
        if (runner != null && runner.isRunning()) {
            return Optional.of(runner.state());
        }
        return auctions.find(auctionId).map(StoredAuction::state);
    }

    /** The clock jumped (tests, rehearsals): every sequencer checks for due moves now. */
    public void clockMoved() {
        runners.values().forEach(SequencerRunner::tick);
    }

    /** Makes the auction known to the house (after it was stored) and starts its sequencer. */
    public void opened(UUID auctionId) {
        runner(auctionId);
    }

    /** Credits a deposit and makes every sequencer read that bidder's funds afresh. */
    @Override
    public DepositCredit credit(UUID bidderId, Wei amount, String source, String reference) {
        var result = bidders.credit(bidderId, amount, source, reference, clock.instant());
        if (result instanceof DepositCredit.Credited) {
            runners.values().forEach(r -> r.forgetFunds(bidderId));
        }
        return result;
    }

    /** A bidder's funds changed outside the sequencers (a refund): every sequencer reads them afresh. */
    public void fundsChanged(UUID bidderId) {
        runners.values().forEach(r -> r.forgetFunds(bidderId));
    }

    /** Rewrites the live view of every auction from PostgreSQL; returns how many were rebuilt. */
    public int rebuildLiveView() {
        int n = 0;
        for (StoredAuction a : auctions.all()) {
            liveView.rebuild(place(a), a.state(), auctions.log(a.state().id()));
            n++;
        }
        return n;
    }

    private Optional<SequencerRunner> runner(UUID auctionId) {
        var existing = runners.get(auctionId);
        if (existing != null && existing.isRunning()) {
            return Optional.of(existing);
        }
        synchronized (this) {
            existing = runners.get(auctionId);
            if (existing != null && existing.isRunning()) {
                return Optional.of(existing);
            }
            var stored = auctions.find(auctionId);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            var lease = leases.acquire(auctionId)
                    .orElseThrow(() -> new SequencerRunner.SequencerUnavailable(
                            "auction " + auctionId + " is run by another node"));
            var place = place(stored.get());
            java.util.function.Consumer<CommittedBatch> fanOut = batch -> {
                runners.values().stream()
                        .filter(r -> !r.auctionId().equals(auctionId))
                        .forEach(r -> batch.fundsChanged().forEach(r::forgetFunds));
                try {
                    liveView.update(place, batch.state(), batch.decided());
                } catch (RuntimeException e) {
                    LOG.warn(
                            "live view of auction {} not updated ({}); it is rebuilt on the next start or with gavel state rebuild",
                            auctionId,
                            e.getMessage());
                }
                for (var l : batchListeners) {
                    try {
                        l.accept(batch.events());
                    } catch (RuntimeException e) {
                        LOG.warn("an auction batch listener failed: {}", e.getMessage());
                    }
                }
                for (AuctionEvent event : batch.events()) {
                    for (AuctionListener l : listeners) {
                        try {
                            l.on(event);
                        } catch (RuntimeException e) {
                            LOG.warn("an auction listener failed: {}", e.getMessage());
                        }
                    }
                }
            };
            var runner = new SequencerRunner(
                    stored.get(), lease, auctions, bidders, fanOut, notices, clock, settings, timer, stopped -> {
                        runners.remove(stopped.auctionId(), stopped);
                        try {
                            leases.release(lease);
                        } catch (RuntimeException e) {
                            // the lease lapses by itself; another node waits out its TTL at most
                            LOG.info(
                                    "the lease of auction {} was not released ({}); it lapses within {}",
                                    stopped.auctionId(),
                                    e.getMessage(),
                                    leases.ttl());
                        }
                    });
            runners.put(auctionId, runner);
            runner.start();
            liveView.rebuild(place, runner.state(), auctions.log(auctionId));
            return Optional.of(runner);
        }
    }

    private void adoptQuietly() {
        try {
            adoptOpenAuctions();
        } catch (RuntimeException e) {
            LOG.warn("could not look for auctions to adopt: {}", e.getMessage());
        }
    }

    private void renewLeases() {
        for (SequencerRunner runner : new ArrayList<>(runners.values())) {
            try {
                // The runner's own token is what fences its writes; renewal only keeps others from taking over.
                leases.acquire(runner.auctionId()).ifPresentOrElse(lease -> {}, runner::stop);
            } catch (RuntimeException e) {
                LOG.warn("could not renew the lease of auction {}: {}", runner.auctionId(), e.getMessage());
            }
        }
    }

    static LiveView.Place place(StoredAuction a) {
        return new LiveView.Place(a.state().id(), a.campaignId(), a.dayNumber());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        var stopping = new ArrayList<>(runners.values());
        stopping.forEach(SequencerRunner::stop);
        // Wait, so each runner releases its lease while Redis is still open: a restart can take over at once.
        stopping.forEach(r -> r.awaitStopped(java.time.Duration.ofSeconds(5)));
        runners.clear();
    }

    /** No such auction. */
    public static final class UnknownAuction extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownAuction(UUID id) {
            super("no auction " + id);
        }
    }
}
