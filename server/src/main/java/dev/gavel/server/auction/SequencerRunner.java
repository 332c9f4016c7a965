package dev.gavel.server.auction;

import dev.gavel.auction.AdminAction;
import dev.gavel.auction.AdminOutcome;
import dev.gavel.auction.AuctionClock;
import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidDecision;
import dev.gavel.auction.BidRecord;
import dev.gavel.auction.BidSequencer;
import dev.gavel.auction.BidderFunds;
import dev.gavel.auction.Eligibility;
import dev.gavel.auction.Sequenced;
import dev.gavel.store.auction.AdminRecord;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.auction.CommitBatch;
import dev.gavel.store.auction.CommitOutcome;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.live.AuctionLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one auction. Its own thread takes work from a queue — bids, admin actions, clock
 * ticks — applies a whole batch to the in-memory {@link BidSequencer}, writes the batch in one PostgreSQL
 * transaction, and only after the commit tells anyone: callers, the live view, listeners. A failed commit
 * rebuilds the sequencer from PostgreSQL, so memory never runs ahead of what is stored.
 *
 * <p>Thread-safe to call: {@link #submit}, {@link #admin}, {@link #forgetFunds} and {@link #stop} only
 * enqueue; everything else happens on the runner's thread.
 */
final class SequencerRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SequencerRunner.class);
    private static final int FUNDS_RETRIES = 3;

    private sealed interface Work {}

    private record BidWork(BidCommand bid, Eligibility eligibility, CompletableFuture<Sequenced> reply)
            implements Work {}

    private record AdminWork(AdminAction action, String actor, CompletableFuture<AdminOutcome> reply) implements Work {}

    private record Tick() implements Work {}

    private record Forget(UUID bidderId) implements Work {}

    private record Stop() implements Work {}

    private final StoredAuction meta;
    private final AuctionLeases.Lease lease;
    private final AuctionStore store;
    private final BidderStore bidders;
    private final Consumer<CommittedBatch> committedListener;
    private final CommitNotices notices;
    private final Clock clock;
    private final SequencerSettings settings;
    private final ScheduledExecutorService timer;
    private final Consumer<SequencerRunner> onStop;
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    /**
     * Publishes committed batches in commit order on a thread of its own: the live view, events and feed
     * cost time, and the sequencer decides and commits the next batch meanwhile. Callers are answered before.
     */
    private final java.util.concurrent.ExecutorService publisher =
            java.util.concurrent.Executors.newSingleThreadExecutor(
                    Thread.ofVirtual().name("publisher-", 0).factory());

    private final Thread thread;
    private volatile AuctionState committed;
    private volatile boolean running = true;
    private BidSequencer sequencer;
    private ScheduledFuture<?> nextTick;
    private Instant nextTickAt;

    SequencerRunner(
            StoredAuction meta,
            AuctionLeases.Lease lease,
            AuctionStore store,
            BidderStore bidders,
            Consumer<CommittedBatch> committedListener,
            CommitNotices notices,
            Clock clock,
            SequencerSettings settings,
            ScheduledExecutorService timer,
            Consumer<SequencerRunner> onStop) {
        this.meta = meta;
        this.lease = lease;
        this.store = store;
        this.bidders = bidders;
        this.committedListener = committedListener;
        this.notices = notices;
        this.clock = clock;
        this.settings = settings;
        this.timer = timer;
        this.onStop = onStop;
        this.sequencer = restore();
        this.committed = sequencer.state();
        this.thread = Thread.ofVirtual().name("sequencer-" + meta.state().id()).unstarted(this::run);
    }

    void start() {
        thread.start();
        queue.add(new Tick()); // catch up with the clock at once
    }

    UUID auctionId() {
        return meta.state().id();
    }

    /** The state as last committed. */
    AuctionState state() {
        return committed;
    }

    boolean isRunning() {
        return running;
    }

    CompletableFuture<Sequenced> submit(BidCommand bid, Eligibility eligibility) {
        var reply = new CompletableFuture<Sequenced>();
        enqueue(new BidWork(bid, eligibility, reply), reply);
        return reply;
    }

    CompletableFuture<AdminOutcome> admin(AdminAction action, String actor) {
        var reply = new CompletableFuture<AdminOutcome>();
        enqueue(new AdminWork(action, actor, reply), reply);
        return reply;
    }

    /** Another auction changed this bidder's funds (or a deposit arrived): read them afresh next time. */
    void forgetFunds(UUID bidderId) {
        if (running) {
            queue.add(new Forget(bidderId));
        }
    }

    /** Checks for due clock moves now. */
    void tick() {
        if (running) {
            queue.add(new Tick());
        }
    }

    void stop() {
        running = false;
        queue.add(new Stop());
    }

    /** Waits for the runner's thread to finish (its lease released). */
    void awaitStopped(Duration timeout) {
        try {
            thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Work work, CompletableFuture<?> reply) {
        if (!running) {
            reply.completeExceptionally(
                    new SequencerUnavailable("the sequencer of auction " + auctionId() + " has stopped"));
            return;
        }
        queue.add(work);
    }

    private void run() {
        var batch = new ArrayList<Work>();
        try {
            while (true) {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch, settings.maxBatch() - 1);
                boolean stop = batch.removeIf(w -> w instanceof Stop);
                process(batch);
                if (stop || !running) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            if (nextTick != null) {
                nextTick.cancel(false);
            }
            var rest = new ArrayList<Work>();
            queue.drainTo(rest);
            failAll(rest, new SequencerUnavailable("the sequencer of auction " + auctionId() + " has stopped"));
            publisher.shutdown();
            try {
                publisher.awaitTermination(5, TimeUnit.SECONDS); // what was committed is also published
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            onStop.accept(this);
        }
    }

    /** Applies a batch, commits it, then answers. Retries with fresh funds when another auction got there first. */
    private void process(List<Work> batch) {
        if (batch.isEmpty()) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            long t0 = System.nanoTime();
            var applied = apply(batch);
            long t1 = System.nanoTime();
            CommitOutcome outcome;
            try {
                outcome = applied.nothingToWrite()
                        ? new CommitOutcome.Committed()
                        : store.commit(applied.toBatch(sequencer.state(), lease.token()));
            } catch (RuntimeException e) {
                LOG.error("commit failed for auction {}; rebuilding from PostgreSQL", auctionId(), e);
                sequencer = restoreQuietly();
                failAll(batch, new SequencerUnavailable("bids could not be stored just now; retry: " + e.getMessage()));
                return;
            }
            switch (outcome) {
                case CommitOutcome.Committed ok -> {
                    long t2 = System.nanoTime();
                    committed = sequencer.state();
                    applied.answer();
                    long t3 = System.nanoTime();
                    publish(applied);
                    scheduleNextTick();
                    if (LOG.isDebugEnabled()) {
                        LOG.debug(
                                "auction {}: batch of {} decided in {} µs, committed in {} µs, answered in {} µs, published in {} µs",
                                auctionId(),
                                batch.size(),
                                (t1 - t0) / 1000,
                                (t2 - t1) / 1000,
                                (t3 - t2) / 1000,
                                (System.nanoTime() - t3) / 1000);
                    }
                    return;
                }
                case CommitOutcome.LeaseLost lost -> {
                    LOG.warn(
                            "auction {}: lease lost (ours {}, theirs {}); stopping this sequencer",
                            auctionId(),
                            lost.ours(),
                            lost.theirs());
                    failAll(batch, new SequencerUnavailable("auction " + auctionId() + " is now run by another node"));
                    running = false;
                    return;
                }
                case CommitOutcome.FundsConflict conflict -> {
                    sequencer = restore();
                    if (attempt >= FUNDS_RETRIES) {
                        failAll(
                                batch,
                                new SequencerUnavailable(
                                        "funds kept changing under bidders " + conflict.bidders() + "; retry"));
                        return;
                    }
                    LOG.info(
                            "auction {}: funds of {} changed in another auction; deciding the batch again",
                            auctionId(),
                            conflict.bidders());
                }
            }
        }
    }

    /** The batch applied in memory: what to write and whom to answer once written. */
    private final class Applied {
        final List<BidRecord> fresh = new ArrayList<>();
        final Map<UUID, BidderFunds> funds = new LinkedHashMap<>();
        final List<CommitBatch.VoidedBid> voided = new ArrayList<>();
        final List<AdminRecord> actions = new ArrayList<>();
        final List<Runnable> answers = new ArrayList<>();
        final List<AuctionEvent> events = new ArrayList<>();
        final AuctionState before;

        Applied(AuctionState before) {
            this.before = before;
        }

        boolean nothingToWrite() {
            return fresh.isEmpty()
                    && funds.isEmpty()
                    && voided.isEmpty()
                    && actions.isEmpty()
                    && sequencer.state().equals(before);
        }

        CommitBatch toBatch(AuctionState state, long token) {
            return new CommitBatch(state, token, fresh, funds.values(), voided, actions, notices.of(meta, events));
        }

        void answer() {
            answers.forEach(Runnable::run);
        }
    }

    private Applied apply(List<Work> batch) {
        // Funds are forgotten before anything else, so no uncommitted hold of this batch is ever dropped.
        batch.stream()
                .filter(Forget.class::isInstance)
                .map(Forget.class::cast)
                .forEach(f -> sequencer.forgetFunds(f.bidderId()));
        var applied = new Applied(sequencer.state());
        for (Work work : batch) {
            switch (work) {
                case BidWork w -> {
                    Instant now = clock.instant();
                    var sequenced = sequencer.decide(w.bid(), w.eligibility(), now);
                    if (sequenced instanceof Sequenced.Fresh fresh) {
                        var d = fresh.decided();
                        applied.fresh.add(d.record());
                        d.fundsChanged().forEach(f -> applied.funds.put(f.bidderId(), f));
                        var outbid = d.decision() instanceof BidDecision.Accepted a
                                ? a.outbid()
                                : Optional.<dev.gavel.auction.LeadingBid>empty();
                        applied.events.add(new AuctionEvent.BidDecided(sequencer.state(), d.record(), outbid));
                        if (d.decision() instanceof BidDecision.Accepted a && a.extended()) {
                            applied.events.add(new AuctionEvent.Extended(sequencer.state()));
                        }
                    }
                    applied.answers.add(() -> w.reply().complete(sequenced));
                }
                case AdminWork w -> {
                    var from = sequencer.state().status();
                    var outcome = sequencer.apply(w.action(), clock.instant());
                    if (outcome instanceof AdminOutcome.Applied done) {
                        done.fundsChanged().forEach(f -> applied.funds.put(f.bidderId(), f));
                        applied.actions.add(new AdminRecord(
                                actionName(w.action()),
                                detail(w.action(), from, done.state()),
                                w.action().reason(),
                                w.actor(),
                                clock.instant()));
                        if (w.action() instanceof AdminAction.VoidBid v) {
                            applied.voided.add(new CommitBatch.VoidedBid(v.bidId(), v.reason(), clock.instant()));
                        }
                        if (from != done.state().status()) {
                            applied.events.add(new AuctionEvent.StatusChanged(
                                    done.state(), w.action().reason()));
                        } else {
                            applied.events.add(new AuctionEvent.Extended(done.state()));
                        }
                    }
                    applied.answers.add(() -> w.reply().complete(outcome));
                }
                case Tick t -> tick(applied);
                case Forget f -> {
                    // applied above
                }
                case Stop s -> {
                    // handled by the loop
                }
            }
        }
        return applied;
    }

    private void tick(Applied applied) {
        var from = sequencer.state().status();
        var changed = sequencer.advance(clock.instant());
        changed.forEach(f -> applied.funds.put(f.bidderId(), f));
        var to = sequencer.state().status();
        if (from != to) {
            applied.actions.add(new AdminRecord(
                    "status",
                    "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}",
                    "scheduled",
                    "clock",
                    clock.instant()));
            applied.events.add(new AuctionEvent.StatusChanged(sequencer.state(), "scheduled"));
            if (to == AuctionStatus.COMPLETED) {
                Optional<BidRecord> winning = sequencer.state().highest().flatMap(h -> sequencer.log().stream()
                        .filter(b -> b.bidId().equals(h.bidId()))
                        .findFirst());
                applied.events.add(new AuctionEvent.Finalized(sequencer.state(), winning));
            }
        }
    }

    private void publish(Applied applied) {
        if (applied.events.isEmpty() && applied.funds.isEmpty()) {
            return;
        }
        var batch = new CommittedBatch(
                sequencer.state(),
                List.copyOf(applied.fresh),
                java.util.Set.copyOf(applied.funds.keySet()),
                List.copyOf(applied.events));
        publisher.execute(() -> {
            try {
                committedListener.accept(batch);
            } catch (RuntimeException e) {
                LOG.warn("after committing auction {}: {}", auctionId(), e.getMessage());
            }
        });
    }

    /** Schedules the next clock move (start, end, finalize) in real time, at the demo's clock speed. */
    private void scheduleNextTick() {
        var at = AuctionClock.nextMoveAt(sequencer.state());
        // A tick that fired a hair early (timers round to milliseconds) moved nothing: schedule it again.
        boolean pending = nextTick != null && !nextTick.isDone();
        if (at.isEmpty() || (pending && at.get().equals(nextTickAt))) {
            return;
        }
        if (nextTick != null) {
            nextTick.cancel(false);
        }
        nextTickAt = at.get();
        long micros = Math.max(0, Duration.between(clock.instant(), nextTickAt).toNanos() / 1_000);
        long realMillis = (long) Math.ceil(micros / 1_000.0 / settings.clockSpeed()) + 1;
        nextTick = timer.schedule(
                () -> {
                    if (running) {
                        queue.add(new Tick());
                    }
                },
                realMillis,
                TimeUnit.MILLISECONDS);
    }

    private BidSequencer restore() {
        var stored = store.find(auctionId())
                .orElseThrow(() -> new IllegalStateException("auction " + auctionId() + " is gone"));
        return BidSequencer.restore(stored.state(), store.log(auctionId()), store.voided(auctionId()), bidders);
    }

    private BidSequencer restoreQuietly() {
        try {
            return restore();
        } catch (RuntimeException e) {
            LOG.error("auction {}: cannot rebuild from PostgreSQL either; stopping", auctionId(), e);
            running = false;
            return sequencer;
        }
    }

    private static void failAll(List<Work> batch, RuntimeException error) {
        for (Work w : batch) {
            switch (w) {
                case BidWork b -> b.reply().completeExceptionally(error);
                case AdminWork a -> a.reply().completeExceptionally(error);
                default -> {}
            }
        }
    }

    private static String actionName(AdminAction action) {
        return switch (action) {
            case AdminAction.Pause p -> "pause";
            case AdminAction.Resume r -> "resume";
            case AdminAction.Extend e -> "extend";
            case AdminAction.Cancel c -> "cancel";
            case AdminAction.Close c -> "close";
            case AdminAction.VoidBid v -> "void";
        };
    }

    private static String detail(AdminAction action, AuctionStatus from, AuctionState after) {
        String extra =
                switch (action) {
                    case AdminAction.Extend e -> ",\"seconds\":" + e.by().toSeconds();
                    case AdminAction.VoidBid v -> ",\"bidId\":\"" + v.bidId() + "\"";
                    default -> "";
                };
        return "{\"from\":\"" + from + "\",\"to\":\"" + after.status() + "\",\"endsAt\":\"" + after.endsAt() + "\""
                + extra + "}";
    }

    /** The sequencer cannot take work now (stopped, moved to another node, storage down). */
    static final class SequencerUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SequencerUnavailable(String message) {
            super(message);
        }
    }
}
