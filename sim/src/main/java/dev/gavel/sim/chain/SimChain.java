package dev.gavel.sim.chain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GavelSimChain: a SIMULATOR of an EVM chain, not a blockchain. It answers Ethereum JSON-RPC 2.0 over HTTP
 * ({@code POST /}, single requests and batches) in the shapes geth answers, so that {@code gavel demo} runs where no
 * real node is installed. There is no EVM, no consensus, no peer, no persistence: it models plain ETH transfers and,
 * natively, ERC-721 collections it creates itself (OpenZeppelin 5 rules, events and custom errors). Its
 * {@code web3_clientVersion} is {@value #CLIENT_VERSION} and every block's {@code extraData} spells "GavelSimChain".
 *
 * <p>Blocks come every {@link Settings#blockTime()} from a scheduler (or on {@link #mineNow()} and {@code evm_mine})
 * and carry the transactions pooled since the last one; timestamps are the clock's seconds, forced to increase by at
 * least one per block as Ethereum requires. The base fee is constant. {@code safe} is 32 blocks behind the head and
 * {@code finalized} 64, as on mainnet; a reorg may not reach past {@code finalized}.
 *
 * <p>Methods beyond Ethereum's, for the demo and tests, in JSON-RPC and in Java:
 *
 * <ul>
 *   <li>{@code sim_fund(address, weiHex)} / {@link #fund}: credits wei at once, without a transaction; answers true.
 *   <li>{@code sim_createCollection(name)} / {@link #createCollection}: a new ERC-721 collection; answers its address,
 *       derived from a counter (the same in every run).
 *   <li>{@code sim_mint(collection, to, tokenIdHex)} / {@link #mint}: mints in the next block through a system
 *       transaction from the zero address (unsigned, free) whose Transfer log comes from the zero address; answers
 *       its transaction hash.
 *   <li>{@code sim_reorg(depth)} / {@link #reorg}: drops the last {@code depth} blocks (1 to 64), undoing what was in
 *       them, and mines empty blocks back to the same height with new hashes; answers the new head's hash.
 *   <li>{@code evm_mine()} / {@link #mineNow}: mines a block now, as ganache and hardhat do; answers "0x0".
 * </ul>
 *
 * <p>Thread-safe: all chain state sits behind one lock (the {@link Ledger}'s monitor), shared by the HTTP handlers
 * (virtual threads), the block scheduler and the Java methods.
 */
public final class SimChain implements AutoCloseable {
    public static final String CLIENT_VERSION = "GavelSimChain/v0.1.0-simulator/not-a-blockchain/java";

    private static final Logger log = LoggerFactory.getLogger(SimChain.class);

    /**
     * How the simulator runs.
     *
     * @param chainId the chain id it answers and requires in signed transactions (EIP-155)
     * @param blockTime the time between blocks; zero produces blocks only on {@link #mineNow()} and {@code evm_mine}
     * @param baseFee the base fee per gas in wei, the same in every block
     * @param port the TCP port on 127.0.0.1; 0 takes a free one
     */
    public record Settings(long chainId, Duration blockTime, BigInteger baseFee, int port) {
        public static final BigInteger ONE_GWEI = BigInteger.valueOf(1_000_000_000L);
        private static final long MAX_CHAIN_ID = (Long.MAX_VALUE - 36) / 2;

        public Settings {
            Objects.requireNonNull(blockTime, "blockTime");
            Objects.requireNonNull(baseFee, "baseFee");
            if (chainId < 1 || chainId > MAX_CHAIN_ID) {
                throw new IllegalArgumentException(
                        "chainId is " + chainId + "; expected a chain id from 1 to " + MAX_CHAIN_ID);
            }
            if (blockTime.isNegative()) {
                throw new IllegalArgumentException("blockTime is " + blockTime
                        + "; expected a positive duration, or zero for blocks only on demand");
            }
            if (baseFee.signum() < 0) {
                throw new IllegalArgumentException("baseFee is " + baseFee + "; expected wei, zero or more");
            }
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port is " + port + "; expected 0 (any free port) to 65535");
            }
        }

        /** A block a second, a base fee of 1 gwei, any free port. */
        public static Settings forChain(long chainId) {
            return new Settings(chainId, Duration.ofSeconds(1), ONE_GWEI, 0);
        }

        public Settings withBlockTime(Duration blockTime) {
            return new Settings(chainId, blockTime, baseFee, port);
        }

        public Settings withBaseFee(BigInteger baseFee) {
            return new Settings(chainId, blockTime, baseFee, port);
        }

        public Settings withPort(int port) {
            return new Settings(chainId, blockTime, baseFee, port);
        }
    }

    private final Settings settings;
    private final Ledger ledger;
    private final ChainRpc rpc;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService blockProducer;

    private SimChain(Settings settings, Ledger ledger, HttpServer server) {
        this.settings = settings;
        this.ledger = ledger;
        this.rpc = new ChainRpc(ledger, CLIENT_VERSION);
        this.server = server;
        this.handlers = Executors.newVirtualThreadPerTaskExecutor();
        this.blockProducer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("gavel-sim-chain-blocks").daemon().factory());
    }

    /** Starts the simulator: genesis at the clock's time, then blocks every {@code settings.blockTime()}. */
    public static SimChain start(Settings settings, Clock clock) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", settings.port()), 256);
        var chain = new SimChain(settings, new Ledger(settings.chainId(), settings.baseFee(), clock), server);
        server.createContext("/", chain::handle);
        server.setExecutor(chain.handlers);
        server.start();
        if (settings.blockTime().isPositive()) {
            long period = settings.blockTime().toNanos();
            chain.blockProducer.scheduleAtFixedRate(chain::produceBlock, period, period, TimeUnit.NANOSECONDS);
        }
        log.info(
                "GavelSimChain at {} (chain id {}, a block every {}): this is a SIMULATOR, not a blockchain;"
                        + " no EVM, no consensus, no persistence, only ETH transfers and its own ERC-721 collections",
                chain.url(),
                settings.chainId(),
                settings.blockTime().isZero() ? "evm_mine" : settings.blockTime());
        return chain;
    }

    public Settings settings() {
        return settings;
    }

    /** The JSON-RPC endpoint: {@code http://127.0.0.1:<port>/}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The number of the latest block. */
    public long blockNumber() {
        return ledger.headNumber();
    }

    /** Credits {@code wei} to {@code address} at once, without a transaction ({@code sim_fund}). */
    public void fund(String address, BigInteger wei) {
        run(() -> {
            ledger.fund(address(address), wei);
            return null;
        });
    }

    /** Creates an ERC-721 collection ({@code sim_createCollection}); returns its lowercase address. */
    public String createCollection(String name) {
        Objects.requireNonNull(name, "name");
        return run(() -> ledger.createCollection(name));
    }

    /**
     * Mints {@code tokenId} of {@code collection} to {@code to} in the next block ({@code sim_mint}); returns the
     * hash of the mint's system transaction. IllegalArgumentException when the collection is unknown or the token
     * exists.
     */
    public String mint(String collection, String to, BigInteger tokenId) {
        return run(() -> ledger.mint(address(collection), address(to), tokenId));
    }

    /**
     * Waits until the transaction {@code hash} (a mint's, a sent transaction's) is in a block, so that reads at
     * {@code latest} see it. True then; false when it is not pooled (unknown, or dropped) or {@code timeout} passed
     * first. With a block time of zero only {@link #mineNow()} and {@code evm_mine} make blocks.
     */
    public boolean awaitMined(String hash, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(hash, "hash");
        return ledger.awaitMined(hash, timeout.toNanos());
    }

    /** Mines a block now with whatever is pooled; returns its number. */
    public long mineNow() {
        return ledger.mine().number();
    }

    /** Replaces the last {@code depth} blocks (1 to 64) with empty ones of new hashes ({@code sim_reorg}). */
    public void reorg(int depth) {
        run(() -> ledger.reorg(depth));
    }

    @Override
    public void close() {
        blockProducer.shutdownNow();
        server.stop(0);
        handlers.shutdown();
        log.info("GavelSimChain at block {} stopped", ledger.headNumber());
    }

    private void produceBlock() {
        try {
            ledger.mine();
        } catch (RuntimeException e) {
            log.error("GavelSimChain failed to produce a block", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (!exchange.getRequestMethod().equals("POST")) {
                String refusal = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,"
                        + "\"message\":\"GavelSimChain answers JSON-RPC on POST only\"}}";
                byte[] body = refusal.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(405, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            String answer = rpc.answer(exchange.getRequestBody().readAllBytes());
            if (answer == null) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static String address(String address) {
        if (!Hex.isAddress(address)) {
            throw new IllegalArgumentException("not a 0x-prefixed 20-byte address: " + address);
        }
        return Hex.lower(address);
    }

    private static <T> T run(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (RpcError e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
