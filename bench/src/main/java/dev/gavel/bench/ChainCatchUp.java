package dev.gavel.bench;

import dev.gavel.chain.rpc.ChainRpc;
import dev.gavel.chain.rpc.EthClient;
import dev.gavel.server.chain.ChainAlerts;
import dev.gavel.server.chain.DepositWatcher;
import dev.gavel.sim.chain.ChainWallet;
import dev.gavel.sim.chain.SimChain;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.chain.ChainDeposit;
import dev.gavel.store.chain.ChainStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * How fast the deposit watcher catches up with a chain (after downtime, or from {@code GAVEL_CHAIN_START_BLOCK}),
 * against the raw limit measured in the same run: reading the same blocks with their transactions, one
 * {@code eth_getBlockByNumber} after another, from the same node, and doing nothing with them. The watcher
 * does that plus its reorg check, the deposit rows, the checkpoint, the receipts and block-hash re-checks
 * of final deposits and the ledger credits.
 *
 * <p>The node is GavelSimChain in the same JVM (loopback HTTP): the figures say what Gavel's own work costs
 * per block; a remote provider adds its round trip to both sides. Servers: {@code GAVEL_BENCH_DB_URL} (an
 * admin database; a fresh one is made in it), else an embedded PostgreSQL. Arguments: blocks (default
 * 2000), deposits per block (5).
 */
public final class ChainCatchUp {
    private static final BigInteger ETH = BigInteger.TEN.pow(18);

    public static void main(String[] args) throws Exception {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int perBlock = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        var cleanup = new ArrayList<AutoCloseable>();
        try {
            var servers = new BenchServers();
            cleanup.add(servers);
            var database = servers.freshDatabase();
            var clock = Clock.systemUTC();
            var chain = SimChain.start(SimChain.Settings.forChain(360).withBlockTime(Duration.ofHours(1)), clock);
            cleanup.add(chain);
            System.out.printf(
                    "machine: %d cores, %s, %s%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), Runtime.version());

            // a chain of `blocks` blocks, each with `perBlock` deposits from linked wallets into the escrow
            var bidders = new BidderStore(database);
            String escrow = "0x" + Keys.getAddress(Keys.createEcKeyPair());
            var wallet = new ChainWallet(chain.url(), 360);
            var senders = new ArrayList<Credentials>();
            for (int i = 0; i < perBlock; i++) {
                var c = Credentials.create(Keys.createEcKeyPair());
                chain.fund(c.getAddress(), ETH.multiply(BigInteger.valueOf(blocks)));
                bidders.create(new Bidder(
                        UUID.randomUUID(),
                        "bench" + i,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(c.getAddress()),
                        clock.instant(),
                        Optional.empty(),
                        Optional.empty()));
                senders.add(c);
            }
            long first = chain.mineNow() + 1;
            long made = System.nanoTime();
            for (int b = 0; b < blocks; b++) {
                for (var from : senders) {
                    wallet.send(from, escrow, BigInteger.TEN.pow(15));
                }
                chain.mineNow();
            }
            long last = chain.blockNumber();
            System.out.printf(
                    "chain: blocks %d..%d with %d deposits each, made in %.1f s%n",
                    first, last, perBlock, (System.nanoTime() - made) / 1e9);

            var eth = new EthClient(
                    new ChainRpc(ChainRpc.Settings.of(List.of(chain.url())), clock), clock, Duration.ZERO);
            // raw limit: the same blocks with their transactions, read and dropped; the first pass warms the JIT
            double rawSeconds = Double.MAX_VALUE;
            for (int pass = 0; pass < 3; pass++) {
                long rawStart = System.nanoTime();
                for (long n = first; n <= last; n++) {
                    eth.block(n, true).orElseThrow();
                }
                rawSeconds = Math.min(rawSeconds, (System.nanoTime() - rawStart) / 1e9);
            }
            double raw = (last - first + 1) / rawSeconds;

            var store = new ChainStore(database);
            var watcher = new DepositWatcher(
                    eth,
                    store,
                    bidders,
                    (bidder, amount, source, reference) ->
                            bidders.credit(bidder, amount, source, reference, clock.instant()),
                    new ChainAlerts(new SimpleMeterRegistry(), clock),
                    360,
                    1,
                    () -> Set.of(escrow),
                    Optional.empty(),
                    Optional.of(first),
                    clock);
            long start = System.nanoTime();
            int rounds = 0;
            long credited = 0;
            while (true) {
                var round = watcher.followOnce();
                rounds++;
                credited += round.credited();
                if (round.blocksRead() == 0 && round.credited() == 0) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long expected = (long) blocks * perBlock;
            long counted = store.counts().getOrDefault(ChainDeposit.Status.CREDITED, 0L);
            if (counted != expected || credited != expected) {
                throw new IllegalStateException(
                        "credited " + counted + " deposits (" + credited + " in rounds), expected " + expected);
            }
            double followed = (last - first + 1) / seconds;
            System.out.printf(
                    "%nraw eth_getBlockByNumber(full) loop, best of 3: %.0f blocks/s (%.2f s)%n", raw, rawSeconds);
            System.out.printf(
                    "deposit watcher: %.0f blocks/s, %.0f deposits credited/s (%.2f s, %d rounds)%n",
                    followed, expected / seconds, seconds, rounds);
            System.out.printf("ratio: watcher blocks/s to raw block reads/s = %.2f%n", followed / raw);
            System.out.printf(
                    "a credited deposit's funds: %s ETH per bidder%n",
                    bidders.fundsOf(bidders.findByWallet(senders.getFirst().getAddress())
                                    .orElseThrow()
                                    .id())
                            .deposits()
                            .toEth());
        } finally {
            for (int i = cleanup.size() - 1; i >= 0; i--) {
                cleanup.get(i).close();
            }
        }
    }

    private ChainCatchUp() {}
}
