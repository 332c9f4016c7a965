package dev.gavel.testkit.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.embedded.Ports;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * A real EVM node for tests: ganache (installed by {@code scripts/evm-tools} into
 * {@code evm-tests/node_modules}) run as a child process on a free loopback port, chain id 1337, with the
 * ten deterministic accounts of 1000 ETH each and instant mining: every transaction is mined into a block
 * of its own before its hash comes back, and a reverted one is mined with receipt status {@code 0x0}
 * rather than answered with an error.
 *
 * <p>Thread-safe. Transactions sent through this class are sent one at a time, so nonces never collide;
 * {@link #snapshot()} and {@link #revert(String)} act on the whole chain, for everyone using the node.
 */
public final class LocalEvmNode implements AutoCloseable {
    /** The chain id the node runs with. */
    public static final long CHAIN_ID = 1337;

    private static final Logger LOG = LoggerFactory.getLogger(LocalEvmNode.class);
    private static final String GANACHE_CLI = "evm-tests/node_modules/ganache/dist/node/cli.js";
    private static final String CONTRACTS = "dev/gavel/testkit/evm/";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(30);
    private static final BigInteger TRANSFER_GAS = BigInteger.valueOf(21_000);
    private static final BigInteger CONTRACT_GAS = BigInteger.valueOf(3_000_000);
    private static final BigInteger TIP = BigInteger.valueOf(1_000_000_000L);

    /** The private keys of ganache's deterministic wallet (mnemonic "myth like bonus scare over ..."). */
    private static final List<String> DETERMINISTIC_KEYS = List.of(
            "0x4f3edf983ac636a65a842ce7c78d9aa706d3b113bce9c46f30d7d21715b23b1d",
            "0x6cbed15c793ce57650b9877cf6fa156fbef513c4e6134f022a85b1ffdd59b2a1",
            "0x6370fd033278c143179d81c5526140625662b8daa446c22ee2d73db3707e620c",
            "0x646f1ce2fdad0e6deeeb5c7e8e5543bdde65e86029e2fd9fc169899c440a7913",
            "0xadd53f9a7e588d003326d1cbf9e4a43c061aadd9bc938c843a79e7b4fd2ad743",
            "0x395df67f0c2d2d9fe1ad08d1bc8b6627011959b79c53d7dd6a3536a33ab8a4fd",
            "0xe485d098507f54e7733a205420dfddbe58db035fa577fc294ebd14db90767a52",
            "0xa453611d9419d0e56f499079478fd72c37b251a94bfde4d19872c44cf65386e3",
            "0x829e924fdf021ba3dbbc4225edfece9aca04b929d6e75613329ca6f1d31c0bb4",
            "0xb0057716d5917badaf911b193b12b910811c1497b5bada8d7711f758981c3773");

    /** Why a node cannot be started here (node or ganache missing), with what to do about it. */
    public static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason) {
            super(reason);
        }
    }

    /** A JSON-RPC call answered with an error. */
    public static final class RpcException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int code;

        RpcException(String method, int code, String message) {
            super(method + " failed: " + message + " (JSON-RPC error " + code + ")");
            this.code = code;
        }

        /** The JSON-RPC error code. */
        public int code() {
            return code;
        }
    }

    private final Process process;
    private final Path log;
    private final URI url;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong ids = new AtomicLong();
    private final ReentrantLock sending = new ReentrantLock();
    private final Thread shutdownHook;

    private LocalEvmNode(Process process, Path log, URI url) {
        this.process = process;
        this.log = log;
        this.url = url;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.shutdownHook = new Thread(() -> stop(process, log), "gavel-test-evm-node-stop");
    }

    /**
     * Starts ganache from the {@code evm-tests/} folder of the first directory at or above the working
     * directory that has one, and waits until it answers.
     *
     * @throws Unavailable when node is not on the PATH or ganache is not installed
     * @throws IllegalStateException when ganache does not start and answer within 30 seconds
     */
    public static LocalEvmNode start() {
        Path node = findOnPath("node")
                .orElseThrow(
                        () -> new Unavailable("node is not on the PATH; install Node.js, then run scripts/evm-tools"));
        Path root = findRepoRoot(Path.of("").toAbsolutePath())
                .orElseThrow(() -> new Unavailable("no evm-tests/ folder at or above the working directory "
                        + Path.of("").toAbsolutePath() + "; run the tests from the Gavel checkout"));
        Path cli = root.resolve(GANACHE_CLI);
        if (!Files.isRegularFile(cli)) {
            throw new Unavailable("ganache is not installed (no " + cli + "); run scripts/evm-tools");
        }
        return start(node, cli);
    }

    private static LocalEvmNode start(Path node, Path cli) {
        int port = Ports.free();
        Path log;
        Process process;
        try {
            log = Files.createTempFile("gavel-ganache-", ".log");
            process = new ProcessBuilder(
                            node.toString(),
                            cli.toString(),
                            "--server.host",
                            "127.0.0.1",
                            "--server.port",
                            Integer.toString(port),
                            "--server.ws",
                            "false",
                            "--chain.chainId",
                            Long.toString(CHAIN_ID),
                            "--wallet.deterministic",
                            "--wallet.totalAccounts",
                            Integer.toString(DETERMINISTIC_KEYS.size()),
                            "--miner.blockTime",
                            "0",
                            "--miner.instamine",
                            "eager",
                            "--logging.quiet")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start ganache (" + node + " " + cli + "): " + e.getMessage(), e);
        }
        var evm = new LocalEvmNode(process, log, URI.create("http://127.0.0.1:" + port + "/"));
        Runtime.getRuntime().addShutdownHook(evm.shutdownHook);
        long started = System.nanoTime();
        try {
            evm.awaitAnswer(started);
        } catch (RuntimeException e) {
            evm.close();
            throw e;
        }
        LOG.info(
                "tests use a ganache EVM node at {} (pid {}, answered after {} ms)",
                evm.url,
                process.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return evm;
    }

    private void awaitAnswer(long started) {
        long deadline = started + START_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "ganache exited with status " + process.exitValue() + " before answering:\n" + logTail());
            }
            try {
                long chainId = Numeric.toBigInt(rpc("eth_chainId").asText()).longValueExact();
                if (chainId != CHAIN_ID) {
                    throw new IllegalStateException("ganache answers with chain id " + chainId + ", not " + CHAIN_ID);
                }
                return;
            } catch (UncheckedIOException e) {
                last = e; // not listening yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new IllegalStateException(
                "ganache did not answer eth_chainId on " + url + " within " + START_TIMEOUT + ":\n" + logTail(), last);
    }

    /** The node's JSON-RPC endpoint. */
    public URI url() {
        return url;
    }

    public long chainId() {
        return CHAIN_ID;
    }

    /** One of the ten deterministic accounts (0–9), each funded with 1000 ETH at the start. */
    public Credentials account(int index) {
        if (index < 0 || index >= DETERMINISTIC_KEYS.size()) {
            throw new IllegalArgumentException(
                    "the node has accounts 0 to " + (DETERMINISTIC_KEYS.size() - 1) + ", not " + index);
        }
        return Credentials.create(DETERMINISTIC_KEYS.get(index));
    }

    public long blockNumber() {
        return quantity(rpc("eth_blockNumber")).longValueExact();
    }

    /** The balance in wei of an address at the latest block. */
    public BigInteger balance(String address) {
        return quantity(rpc("eth_getBalance", address, "latest"));
    }

    /** Mines the given number of empty blocks. */
    public void mine(int blocks) {
        if (blocks < 1) {
            throw new IllegalArgumentException("mine at least one block, not " + blocks);
        }
        rpc("evm_mine", Map.of("blocks", blocks));
    }

    /** Saves the chain's state; {@link #revert(String)} with the returned id goes back to it. */
    public String snapshot() {
        return rpc("evm_snapshot").asText();
    }

    /**
     * Goes back to the state saved by {@link #snapshot()}: later blocks, transactions and receipts are gone.
     * A snapshot can be reverted to once; take a new one to go back again.
     *
     * @return whether the snapshot existed
     */
    public boolean revert(String snapshotId) {
        return rpc("evm_revert", snapshotId).asBoolean();
    }

    /** A new random account holding {@code wei}, sent from account 0 in a mined transaction. */
    public Credentials newFundedAccount(BigInteger wei) {
        Credentials account;
        try {
            account = Credentials.create(Keys.createEcKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a key pair: " + e.getMessage(), e);
        }
        String hash = sendEth(account(0), account.getAddress(), wei);
        requireSuccess(hash, "funding " + account.getAddress());
        return account;
    }

    /**
     * Sends ETH in an EIP-1559 transaction signed by {@code from}; it is mined before this returns. Sending to
     * a contract that reverts does not throw: the transaction is mined with receipt status {@code 0x0}.
     *
     * @return the transaction hash
     */
    public String sendEth(Credentials from, String to, BigInteger wei) {
        BigInteger gas = hasCode(to) ? CONTRACT_GAS : TRANSFER_GAS;
        return send(
                from,
                fees -> RawTransaction.createEtherTransaction(
                        CHAIN_ID, fees.nonce(), gas, to, wei, fees.tip(), fees.maxFee()));
    }

    /**
     * Deploys a contract and returns its address. {@code binResource} is the name of one of the testkit's
     * contracts ({@code GavelTestNft}, {@code GavelTestToken}, {@code RejectingReceiver}) or the classpath
     * path of a {@code .bin} file holding creation bytecode in hex.
     *
     * @param constructorArgsHex ABI-encoded constructor arguments, or empty when it takes none
     * @throws IllegalStateException when the deployment reverts
     */
    public String deploy(Credentials from, String binResource, String constructorArgsHex) {
        String data = "0x" + bytecode(binResource) + strip0x(constructorArgsHex == null ? "" : constructorArgsHex);
        String hash = send(
                from,
                fees -> RawTransaction.createTransaction(
                        CHAIN_ID, fees.nonce(), CONTRACT_GAS, "", BigInteger.ZERO, data, fees.tip(), fees.maxFee()));
        JsonNode receipt = requireSuccess(hash, "deploying " + binResource);
        return receipt.path("contractAddress").asText();
    }

    /**
     * Calls a contract in an EIP-1559 transaction signed by {@code from}; it is mined before this returns. A
     * revert does not throw: the transaction is mined with receipt status {@code 0x0}.
     *
     * @param dataHex call data, e.g. from {@link Abi#encode(String, Object...)}
     * @param value wei sent along, or null for none
     * @return the transaction hash
     */
    public String transact(Credentials from, String to, String dataHex, BigInteger value) {
        BigInteger wei = value == null ? BigInteger.ZERO : value;
        return send(
                from,
                fees -> RawTransaction.createTransaction(
                        CHAIN_ID, fees.nonce(), CONTRACT_GAS, to, wei, dataHex, fees.tip(), fees.maxFee()));
    }

    /** The receipt of a mined transaction; empty when the node knows no such transaction. */
    public Optional<JsonNode> findReceipt(String txHash) {
        JsonNode receipt = rpc("eth_getTransactionReceipt", txHash);
        return receipt.isNull() ? Optional.empty() : Optional.of(receipt);
    }

    /**
     * The receipt of a mined transaction.
     *
     * @throws IllegalStateException when the node knows no such transaction
     */
    public JsonNode receipt(String txHash) {
        return findReceipt(txHash)
                .orElseThrow(() -> new IllegalStateException("the node has no receipt for " + txHash));
    }

    /** Runs a read-only call at the latest block and returns its result in hex. */
    public String call(String to, String dataHex) {
        return rpc("eth_call", Map.of("to", to, "data", dataHex), "latest").asText();
    }

    /**
     * Any JSON-RPC call; parameters are turned into JSON by Jackson.
     *
     * @return the result (a {@code NullNode} for a JSON null)
     * @throws RpcException when the node answers with an error
     * @throws UncheckedIOException when the node cannot be reached
     */
    public JsonNode rpc(String method, Object... params) {
        ObjectNode request = json.createObjectNode()
                .put("jsonrpc", "2.0")
                .put("id", ids.incrementAndGet())
                .put("method", method);
        request.set("params", json.valueToTree(params));
        JsonNode response;
        try {
            var answer = http.send(
                    HttpRequest.newBuilder(url)
                            .timeout(RPC_TIMEOUT)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            response = json.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " to " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method, e);
        }
        JsonNode error = response.get("error");
        if (error != null && !error.isNull()) {
            throw new RpcException(
                    method, error.path("code").asInt(), error.path("message").asText(error.toString()));
        }
        return response.path("result");
    }

    /** Stops ganache: politely, then forcibly after 10 seconds. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook stops the node
        }
        http.close();
        stop(process, log);
    }

    private record Fees(BigInteger nonce, BigInteger tip, BigInteger maxFee) {}

    private interface Unsigned {
        RawTransaction with(Fees fees);
    }

    private String send(Credentials from, Unsigned unsigned) {
        sending.lock();
        try {
            BigInteger nonce = quantity(rpc("eth_getTransactionCount", from.getAddress(), "pending"));
            BigInteger baseFee =
                    quantity(rpc("eth_getBlockByNumber", "latest", false).path("baseFeePerGas"));
            var fees = new Fees(nonce, TIP, baseFee.shiftLeft(1).add(TIP));
            byte[] signed = TransactionEncoder.signMessage(unsigned.with(fees), from);
            return rpc("eth_sendRawTransaction", Numeric.toHexString(signed)).asText();
        } finally {
            sending.unlock();
        }
    }

    private JsonNode requireSuccess(String txHash, String what) {
        JsonNode receipt = receipt(txHash);
        if (!"0x1".equals(receipt.path("status").asText())) {
            throw new IllegalStateException(what + " failed: transaction " + txHash + " reverted: " + receipt);
        }
        return receipt;
    }

    private boolean hasCode(String address) {
        String code = rpc("eth_getCode", address, "latest").asText();
        return !code.isEmpty() && !"0x".equals(code);
    }

    private static String bytecode(String binResource) {
        String path = binResource.contains("/")
                ? binResource
                : CONTRACTS + (binResource.endsWith(".bin") ? binResource : binResource + ".bin");
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = LocalEvmNode.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no contract bytecode on the classpath at " + path);
            }
            String hex = strip0x(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
            if (hex.isEmpty() || !hex.matches("[0-9a-fA-F]+") || hex.length() % 2 != 0) {
                throw new IllegalArgumentException(path + " does not hold hex bytecode");
            }
            return hex;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static BigInteger quantity(JsonNode hex) {
        if (!hex.isTextual()) {
            throw new IllegalStateException("expected a hex quantity, got " + hex);
        }
        return Numeric.toBigInt(hex.asText());
    }

    private static String strip0x(String hex) {
        return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void stop(Process process, Path log) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            LOG.debug("could not remove {}", log, e);
        }
    }

    private static Optional<Path> findRepoRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("evm-tests"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> findOnPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        var candidates = new ArrayList<Path>();
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, command));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }
}
