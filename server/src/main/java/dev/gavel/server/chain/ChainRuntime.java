package dev.gavel.server.chain;

import dev.gavel.auction.DepositPort;
import dev.gavel.chain.TransactionSigner;
import dev.gavel.chain.rpc.ChainRpc;
import dev.gavel.chain.rpc.EthClient;
import dev.gavel.chain.rpc.RpcException;
import dev.gavel.server.config.GavelConfig;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.chain.ChainDeposit;
import dev.gavel.store.chain.ChainStore;
import dev.gavel.store.chain.NftStore;
import dev.gavel.store.chain.PaymentWaits;
import dev.gavel.store.chain.SettlementStore;
import dev.gavel.store.live.BidIntakeStream;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain side while {@code GAVEL_CHAIN_RPC_URLS} is set: the providers, the deposit watcher on its own
 * thread every {@code GAVEL_CHAIN_POLL_INTERVAL}, and what the HTTP API shows of them. A round that fails
 * (every provider down) is logged and tried again next time; nothing is lost because the watcher only moves
 * its checkpoint after a round's writes. Thread-safe.
 */
public final class ChainRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainRuntime.class);

    private final EthClient eth;
    private final DepositWatcher deposits;
    private final ChainAlerts alerts;
    private final ChainStore store;
    private final long chainId;
    private final PaidBids paidBids;
    private final CollectionWatcher collections;
    private final Optional<Settlement> settlement;
    private final ScheduledExecutorService thread;
    private final AtomicLong lastHead = new AtomicLong(-1);
    private final AtomicLong failedRounds = new AtomicLong();
    private volatile String lastProblem;

    private ChainRuntime(
            EthClient eth,
            DepositWatcher deposits,
            ChainAlerts alerts,
            ChainStore store,
            long chainId,
            PaidBids paidBids,
            CollectionWatcher collections,
            Optional<Settlement> settlement) {
        this.settlement = settlement;
        this.paidBids = paidBids;
        this.collections = collections;
        this.eth = eth;
        this.deposits = deposits;
        this.alerts = alerts;
        this.store = store;
        this.chainId = chainId;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "gavel-chain");
            t.setDaemon(true);
            return t;
        });
    }

    public static ChainRuntime start(
            GavelConfig.Chain config,
            long chainId,
            ChainStore store,
            BidderStore bidders,
            DepositPort ledger,
            PaymentWaits waits,
            BidIntakeStream intake,
            NftStore nfts,
            SettlementStore settlements,
            Consumer<UUID> fundsChanged,
            MeterRegistry meters,
            Clock clock) {
        var rpc = new ChainRpc(
                new ChainRpc.Settings(config.rpcUrls(), Duration.ofSeconds(10), Duration.ofSeconds(15)),
                Clock.systemUTC(),
                (provider, method, took, outcome) -> Timer.builder("gavel_chain_rpc_seconds")
                        .description("JSON-RPC calls per provider, method and outcome")
                        .tags("provider", provider, "method", method, "outcome", outcome.name())
                        .register(meters)
                        .record(took));
        var eth = new EthClient(rpc, Clock.systemUTC(), Duration.ofMillis(500));
        var alerts = new ChainAlerts(meters, clock);
        var watcher = new DepositWatcher(
                eth,
                store,
                bidders,
                ledger,
                alerts,
                chainId,
                config.confirmations(),
                () -> {
                    var all = new HashSet<>(store.campaignEscrows(chainId));
                    config.escrow().ifPresent(all::add);
                    return all;
                },
                config.depositToken(),
                config.startBlock(),
                clock);
        var paid = new PaidBids(
                waits,
                new PaymentCheck(eth, store, watcher, clock),
                intake,
                clock,
                config.txBidWait(),
                Duration.ofSeconds(1));
        var signer = config.signerKey().map(k -> TransactionSigner.ofKey(k.reveal()));
        // who moves artworks and pays out: the signer, else the configured escrow (which then signs by hand)
        Optional<String> operator =
                signer.map(TransactionSigner::address).or(config::escrow).map(a -> a.toLowerCase(Locale.ROOT));
        var collections = new CollectionWatcher(
                eth, store, nfts, alerts, chainId, config.confirmations(), operator, config.startBlock(), clock);
        Optional<Settlement> settlement = operator.map(op -> new Settlement(
                eth,
                settlements,
                nfts,
                alerts,
                chainId,
                config.confirmations(),
                signer,
                op,
                config.payoutAddress(),
                Settlement.Policy.ofGwei(config.maxFeeGwei()),
                fundsChanged,
                clock));
        if (settlement.isEmpty()) {
            LOG.warn(
                    "chain {}: neither GAVEL_SIGNER_KEY nor GAVEL_CHAIN_ESCROW is set, so finished auctions are not settled on chain",
                    chainId);
        } else if (signer.isEmpty()) {
            LOG.info(
                    "chain {}: no GAVEL_SIGNER_KEY: settlement is planned for an operator to execute by hand", chainId);
        }
        var runtime = new ChainRuntime(eth, watcher, alerts, store, chainId, paid, collections, settlement);
        meters.gauge("gavel_chain_head_block", runtime.lastHead);
        for (var status : ChainDeposit.Status.values()) {
            meters.gauge("gavel_chain_deposits", Tags.of("status", status.name()), runtime, r -> r.depositCounts()
                    .getOrDefault(status, 0L));
        }
        runtime.thread.scheduleWithFixedDelay(
                runtime::round, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.info(
                "chain {}: following deposits through {} provider(s), {} confirmations",
                chainId,
                config.rpcUrls().size(),
                config.confirmations());
        return runtime;
    }

    /**
     * Deposits, then custody, then settlement; each on its own, so trouble in one (a provider down for the
     * settlement's calls, a bad token) never stops the others.
     */
    private void round() {
        var problems = new ArrayList<String>();
        step("deposits", () -> lastHead.set(deposits.followOnce().head()), problems);
        step("custody", collections::followOnce, problems);
        settlement.ifPresent(s -> step("settlement", s::round, problems));
        if (problems.isEmpty()) {
            if (lastProblem != null) {
                LOG.info("chain {}: reading again after: {}", chainId, lastProblem);
                lastProblem = null;
            }
            return;
        }
        failedRounds.incrementAndGet();
        String problem = String.join("; ", problems);
        if (!problem.equals(lastProblem)) {
            LOG.warn("chain {}: a round failed, trying again: {}", chainId, problem);
        }
        lastProblem = problem;
    }

    private void step(String what, Runnable step, List<String> problems) {
        try {
            step.run();
        } catch (RpcException | IllegalStateException e) {
            problems.add(what + ": " + e.getMessage());
        } catch (RuntimeException e) {
            problems.add(what + ": " + e);
            LOG.error("chain {}: {} failed unexpectedly", chainId, what, e);
        }
    }

    private volatile Map<ChainDeposit.Status, Long> counts = Map.of();
    private volatile long countedAtNanos;
    private volatile boolean counted;

    /** Deposits per status, asked of the database at most once a second (one scrape reads five gauges). */
    Map<ChainDeposit.Status, Long> depositCounts() {
        if (!counted || System.nanoTime() - countedAtNanos > 1_000_000_000L) {
            counts = store.counts();
            countedAtNanos = System.nanoTime();
            counted = true;
        }
        return counts;
    }

    public EthClient eth() {
        return eth;
    }

    public DepositWatcher deposits() {
        return deposits;
    }

    public Optional<Settlement> settlement() {
        return settlement;
    }

    public PaidBids paidBids() {
        return paidBids;
    }

    public ChainAlerts alerts() {
        return alerts;
    }

    public ChainStore store() {
        return store;
    }

    public long chainId() {
        return chainId;
    }

    /** The newest block the watcher saw, if it has seen one. */
    public OptionalLong head() {
        long h = lastHead.get();
        return h < 0 ? OptionalLong.empty() : OptionalLong.of(h);
    }

    /** Why the last round failed, while rounds keep failing. */
    public Optional<String> problem() {
        return Optional.ofNullable(lastProblem);
    }

    @Override
    public void close() {
        paidBids.close();
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("chain {}: the watcher did not stop within 5 s", chainId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
