package dev.gavel.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.chain.Block;
import dev.gavel.chain.EventLog;
import dev.gavel.chain.Hex;
import dev.gavel.chain.Receipt;
import dev.gavel.chain.Transaction;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Ethereum calls Gavel makes, typed. Hot reads (the head block number, receipts) are kept for
 * {@code hotFor} so that many checks in one moment make one call. Every answer is validated while it is
 * read: a provider that sends malformed hashes or quantities is treated as failing. Thread-safe.
 */
public final class EthClient {
    private final ChainRpc rpc;
    private final Clock clock;
    private final Duration hotFor;
    private volatile Cached<Long> head;
    private final Map<String, Cached<Receipt>> receipts = new ConcurrentHashMap<>();

    private record Cached<T>(T value, Instant at) {}

    public EthClient(ChainRpc rpc, Clock clock, Duration hotFor) {
        this.rpc = rpc;
        this.clock = clock;
        this.hotFor = hotFor;
    }

    public ChainRpc rpc() {
        return rpc;
    }

    public long chainId() {
        return rpc.call("eth_chainId", List.of(), r -> Hex.toLong(r.asText()));
    }

    /** The newest block number, at most {@code hotFor} old. */
    public long blockNumber() {
        var cached = head;
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.at().plus(hotFor))) {
            return cached.value();
        }
        long n = rpc.call("eth_blockNumber", List.of(), r -> Hex.toLong(r.asText()));
        head = new Cached<>(n, now);
        return n;
    }

    /** Forgets the cached head (after mining in tests, or when a caller must see the newest). */
    public void forgetHot() {
        head = null;
        receipts.clear();
    }

    public Optional<Block> block(long number, boolean withTransactions) {
        return rpc.call(
                "eth_getBlockByNumber",
                List.of(Hex.quantity(number), withTransactions),
                r -> r.isNull() ? Optional.empty() : Optional.of(block(r)));
    }

    public Optional<Block> blockByHash(String hash, boolean withTransactions) {
        return rpc.call(
                "eth_getBlockByHash",
                List.of(hash, withTransactions),
                r -> r.isNull() ? Optional.empty() : Optional.of(block(r)));
    }

    /** The hash of the canonical block at {@code number}, if the chain is that long. */
    public Optional<String> blockHash(long number) {
        return block(number, false).map(Block::hash);
    }

    public Optional<Transaction> transaction(String hash) {
        return rpc.call(
                "eth_getTransactionByHash",
                List.of(hash),
                r -> r.isNull() ? Optional.empty() : Optional.of(transaction(r)));
    }

    /** The receipt once mined; a found receipt is kept for {@code hotFor}. */
    public Optional<Receipt> receipt(String hash) {
        String key = Hex.lower(hash);
        Instant now = clock.instant();
        var cached = receipts.get(key);
        if (cached != null && now.isBefore(cached.at().plus(hotFor))) {
            return Optional.of(cached.value());
        }
        Optional<Receipt> found = rpc.call(
                "eth_getTransactionReceipt",
                List.of(hash),
                r -> r.isNull() ? Optional.empty() : Optional.of(receipt(r)));
        found.ifPresent(r -> {
            if (receipts.size() > 10_000) {
                receipts.clear();
            }
            receipts.put(key, new Cached<>(r, now));
        });
        return found;
    }

    /** Logs of blocks {@code from}..{@code to} (inclusive) from {@code address}, matching {@code topic0} if given. */
    public List<EventLog> logs(long from, long to, List<String> addresses, Optional<String> topic0) {
        var filter = new LinkedHashMap<String, Object>();
        filter.put("fromBlock", Hex.quantity(from));
        filter.put("toBlock", Hex.quantity(to));
        filter.put("address", addresses);
        topic0.ifPresent(t -> filter.put("topics", List.of(t)));
        return rpc.call("eth_getLogs", List.of(filter), r -> {
            var out = new ArrayList<EventLog>();
            for (JsonNode l : array(r)) {
                out.add(log(l));
            }
            return out;
        });
    }

    public BigInteger balance(String address) {
        return rpc.call("eth_getBalance", List.of(address, "latest"), r -> Hex.toBigInteger(r.asText()));
    }

    /** The next nonce of {@code address}: counting pending transactions when {@code pending}. */
    public long nonce(String address, boolean pending) {
        return rpc.call(
                "eth_getTransactionCount",
                List.of(address, pending ? "pending" : "latest"),
                r -> Hex.toLong(r.asText()));
    }

    public BigInteger estimateGas(String from, String to, BigInteger value, String data) {
        var tx = new HashMap<String, Object>();
        tx.put("from", from);
        tx.put("to", to);
        tx.put("value", Hex.quantity(value));
        tx.put("data", data);
        return rpc.call("eth_estimateGas", List.of(tx), r -> Hex.toBigInteger(r.asText()));
    }

    /** The tip the node suggests; nodes without the method (old ones) give 1 gwei. */
    public BigInteger maxPriorityFeePerGas() {
        try {
            return rpc.call("eth_maxPriorityFeePerGas", List.of(), r -> Hex.toBigInteger(r.asText()));
        } catch (RpcError notSupported) {
            return BigInteger.TEN.pow(9);
        }
    }

    public String call(String to, String data) {
        var tx = Map.of("to", to, "data", data);
        return rpc.call("eth_call", List.of(tx, "latest"), r -> hexData(r.asText()));
    }

    /** Sends a signed transaction; returns its hash as the node reports it. */
    public String sendRawTransaction(String signedHex) {
        return rpc.call("eth_sendRawTransaction", List.of(signedHex), r -> hash(r.asText()));
    }

    // --- reading answers: strict, so garbage marks the provider down ---

    private static Block block(JsonNode b) {
        var txs = new ArrayList<Transaction>();
        for (JsonNode t : array(b.get("transactions"))) {
            if (t.isObject()) {
                txs.add(transaction(t));
            }
        }
        var baseFee = b.hasNonNull("baseFeePerGas")
                ? Optional.of(Hex.toBigInteger(b.get("baseFeePerGas").asText()))
                : Optional.<BigInteger>empty();
        return new Block(
                Hex.toLong(text(b, "number")),
                hash(text(b, "hash")),
                hash(text(b, "parentHash")),
                Instant.ofEpochSecond(Hex.toLong(text(b, "timestamp"))),
                baseFee,
                txs);
    }

    private static Transaction transaction(JsonNode t) {
        return new Transaction(
                hash(text(t, "hash")),
                address(text(t, "from")),
                optionalAddress(t.get("to")),
                Hex.toBigInteger(text(t, "value")),
                t.hasNonNull("input") ? hexData(t.get("input").asText()) : "0x",
                Hex.toLong(text(t, "nonce")),
                t.hasNonNull("blockNumber")
                        ? Optional.of(Hex.toLong(t.get("blockNumber").asText()))
                        : Optional.empty(),
                t.hasNonNull("blockHash") ? Optional.of(hash(t.get("blockHash").asText())) : Optional.empty());
    }

    private static Receipt receipt(JsonNode r) {
        var logs = new ArrayList<EventLog>();
        for (JsonNode l : array(r.get("logs"))) {
            logs.add(log(l));
        }
        boolean succeeded = r.hasNonNull("status")
                && Hex.toBigInteger(r.get("status").asText()).equals(BigInteger.ONE);
        return new Receipt(
                hash(text(r, "transactionHash")),
                Hex.toLong(text(r, "blockNumber")),
                hash(text(r, "blockHash")),
                address(text(r, "from")),
                optionalAddress(r.get("to")),
                succeeded,
                Hex.toBigInteger(text(r, "gasUsed")),
                r.hasNonNull("effectiveGasPrice")
                        ? Optional.of(
                                Hex.toBigInteger(r.get("effectiveGasPrice").asText()))
                        : Optional.empty(),
                optionalAddress(r.get("contractAddress")),
                logs);
    }

    private static EventLog log(JsonNode l) {
        var topics = new ArrayList<String>();
        for (JsonNode t : array(l.get("topics"))) {
            topics.add(hash(t.asText()));
        }
        return new EventLog(
                address(text(l, "address")),
                topics,
                hexData(text(l, "data")),
                Hex.toLong(text(l, "blockNumber")),
                hash(text(l, "blockHash")),
                hash(text(l, "transactionHash")),
                Hex.toLong(text(l, "logIndex")),
                l.path("removed").asBoolean(false));
    }

    private static Iterable<JsonNode> array(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("expected an array");
        }
        return node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no " + field);
        }
        return v.asText();
    }

    private static String hash(String h) {
        if (!Hex.isHash(h)) {
            throw new IllegalArgumentException("not a 32-byte hash: " + h);
        }
        return Hex.lower(h);
    }

    private static String address(String a) {
        if (a == null || !a.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("not an address: " + a);
        }
        return Hex.lower(a);
    }

    private static Optional<String> optionalAddress(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(address(node.asText()));
    }

    private static String hexData(String d) {
        if (d == null || !d.matches("0x([0-9a-fA-F]{2})*")) {
            throw new IllegalArgumentException("not hex data: " + d);
        }
        return Hex.lower(d);
    }
}
