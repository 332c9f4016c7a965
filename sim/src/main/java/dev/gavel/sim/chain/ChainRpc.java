package dev.gavel.sim.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC 2.0 over the {@link Ledger}: single requests, batches and notifications, each method answering what geth
 * answers, errors included. Holds no state of its own; thread-safe as the ledger is.
 */
final class ChainRpc {
    static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);
    /** What {@code eth_getCode} answers for a collection: one INVALID opcode, as there is no bytecode behind it. */
    static final String COLLECTION_CODE = "0xfe";

    private static final Logger log = LoggerFactory.getLogger(ChainRpc.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_FEE_HISTORY = 1024;

    private final Ledger ledger;
    private final String clientVersion;
    private final ObjectMapper json = new ObjectMapper();

    ChainRpc(Ledger ledger, String clientVersion) {
        this.ledger = ledger;
        this.clientVersion = clientVersion;
    }

    /** The response body for a request body, or null when there is nothing to answer (notifications only). */
    String answer(byte[] body) {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            return error(NullNode.instance, new RpcError(RpcError.PARSE_ERROR, "parse error"))
                    .toString();
        }
        if (request == null || request.isMissingNode()) {
            return error(NullNode.instance, new RpcError(RpcError.PARSE_ERROR, "parse error"))
                    .toString();
        }
        if (request.isArray()) {
            if (request.isEmpty()) {
                return error(NullNode.instance, new RpcError(RpcError.INVALID_REQUEST, "empty batch"))
                        .toString();
            }
            ArrayNode responses = NODES.arrayNode();
            for (JsonNode one : request) {
                JsonNode response = answerOne(one);
                if (response != null) {
                    responses.add(response);
                }
            }
            return responses.isEmpty() ? null : responses.toString();
        }
        JsonNode response = answerOne(request);
        return response == null ? null : response.toString();
    }

    private JsonNode answerOne(JsonNode request) {
        if (!request.isObject()) {
            return error(NullNode.instance, new RpcError(RpcError.INVALID_REQUEST, "invalid request"));
        }
        JsonNode id = request.get("id");
        boolean notification = id == null;
        JsonNode replyId = notification ? NullNode.instance : id;
        JsonNode method = request.get("method");
        if (!(replyId.isNull() || replyId.isTextual() || replyId.isNumber()) || method == null || !method.isTextual()) {
            return error(
                    replyId.isValueNode() ? replyId : NullNode.instance,
                    new RpcError(RpcError.INVALID_REQUEST, "invalid request"));
        }
        try {
            JsonNode result = call(method.asText(), request.get("params"));
            if (notification) {
                return null;
            }
            ObjectNode response = NODES.objectNode();
            response.put("jsonrpc", "2.0");
            response.set("id", replyId);
            response.set("result", result);
            return response;
        } catch (RpcError e) {
            return notification ? null : error(replyId, e);
        } catch (RuntimeException e) {
            log.error("SimChain failed to answer {}", method.asText(), e);
            return notification ? null : error(replyId, new RpcError(RpcError.INTERNAL_ERROR, "internal error: " + e));
        }
    }

    private static ObjectNode error(JsonNode id, RpcError e) {
        ObjectNode response = NODES.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        ObjectNode error = response.putObject("error");
        error.put("code", e.code());
        error.put("message", e.getMessage());
        if (e.data() != null) {
            error.put("data", e.data());
        }
        return response;
    }

    /** Answers one method call; the result is never Java null ({@code NullNode} for JSON null). */
    JsonNode call(String method, JsonNode rawParams) {
        var p = new Params(rawParams);
        return switch (method) {
            case "web3_clientVersion" -> TextNode.valueOf(clientVersion);
            case "web3_sha3" -> TextNode.valueOf(Hex.keccak(p.bytes(0)));
            case "net_version" -> TextNode.valueOf(Long.toString(ledger.chainId()));
            case "net_listening" -> BooleanNode.TRUE;
            case "net_peerCount" -> TextNode.valueOf("0x0");
            case "eth_chainId" -> TextNode.valueOf(Hex.quantity(ledger.chainId()));
            case "eth_syncing" -> BooleanNode.FALSE;
            case "eth_accounts" -> NODES.arrayNode();
            case "eth_blockNumber" -> TextNode.valueOf(Hex.quantity(ledger.headNumber()));
            case "eth_gasPrice" ->
                TextNode.valueOf(Hex.quantity(ledger.baseFee().add(PRIORITY_FEE)));
            case "eth_maxPriorityFeePerGas" -> TextNode.valueOf(Hex.quantity(PRIORITY_FEE));
            case "eth_feeHistory" -> feeHistory(p);
            case "eth_getBalance" ->
                TextNode.valueOf(Hex.quantity(ledger.balance(p.address(0), blockRef(p.get(1), 1))));
            case "eth_getTransactionCount" ->
                TextNode.valueOf(Hex.quantity(ledger.nonce(p.address(0), blockRef(p.get(1), 1))));
            case "eth_getCode" -> {
                String address = p.address(0);
                blockRef(p.get(1), 1);
                yield TextNode.valueOf(ledger.isCollection(address) ? COLLECTION_CODE : "0x");
            }
            case "eth_getBlockByNumber" ->
                ledger.block(blockRef(p.required(0), 0))
                        .<JsonNode>map(b -> ChainJson.block(b, p.bool(1), ledger.chainId()))
                        .orElse(NullNode.instance);
            case "eth_getBlockByHash" ->
                ledger.block(p.hash(0))
                        .<JsonNode>map(b -> ChainJson.block(b, p.bool(1), ledger.chainId()))
                        .orElse(NullNode.instance);
            case "eth_getBlockTransactionCountByNumber" ->
                ledger.block(blockRef(p.required(0), 0))
                        .<JsonNode>map(b ->
                                TextNode.valueOf(Hex.quantity(b.transactions().size())))
                        .orElse(NullNode.instance);
            case "eth_getBlockTransactionCountByHash" ->
                ledger.block(p.hash(0))
                        .<JsonNode>map(b ->
                                TextNode.valueOf(Hex.quantity(b.transactions().size())))
                        .orElse(NullNode.instance);
            case "eth_getBlockReceipts" -> blockReceipts(p.required(0));
            case "eth_getTransactionByHash" ->
                ledger.transaction(p.hash(0))
                        .<JsonNode>map(f -> ChainJson.transaction(f.included(), f.block(), ledger.chainId()))
                        .orElse(NullNode.instance);
            case "eth_getTransactionReceipt" ->
                ledger.transaction(p.hash(0))
                        .filter(f -> f.block().isPresent())
                        .<JsonNode>map(f -> ChainJson.receipt(f.block().get(), f.included()))
                        .orElse(NullNode.instance);
            case "eth_sendRawTransaction" ->
                TextNode.valueOf(ledger.submit(Tx.Signed.decode(p.text(0), ledger.chainId())));
            case "eth_call" -> ethCall(p);
            case "eth_estimateGas" -> {
                CallArgs args = CallArgs.of(p.required(0));
                yield TextNode.valueOf(Hex.quantity(
                        ledger.estimateGas(args.from(), args.to(), args.value(), args.input(), blockRef(p.get(1), 1))));
            }
            case "eth_getLogs" -> logs(p.required(0));
            case "evm_mine" -> {
                ledger.mine();
                yield TextNode.valueOf("0x0");
            }
            case "sim_fund" -> {
                ledger.fund(p.address(0), p.quantity(1));
                yield BooleanNode.TRUE;
            }
            case "sim_createCollection" -> TextNode.valueOf(ledger.createCollection(p.text(0)));
            case "sim_mint" -> TextNode.valueOf(ledger.mint(p.address(0), p.address(1), p.quantity(2)));
            case "sim_reorg" -> TextNode.valueOf(ledger.reorg(p.smallInt(0)).hash());
            default ->
                throw new RpcError(
                        RpcError.METHOD_NOT_FOUND, "the method " + method + " does not exist/is not available");
        };
    }

    private JsonNode ethCall(Params p) {
        CallArgs args = CallArgs.of(p.required(0));
        var result = ledger.call(args.from(), args.to(), args.value(), args.input(), blockRef(p.get(1), 1));
        return switch (result) {
            case NativeErc721.CallResult.Returned returned -> TextNode.valueOf(Hex.data(returned.data()));
            case NativeErc721.CallResult.Reverted reverted -> throw RpcError.reverted(reverted.data());
        };
    }

    private JsonNode blockReceipts(JsonNode ref) {
        Optional<Block> block = ref.isTextual() && Hex.isHash(ref.asText())
                ? ledger.block(Hex.lower(ref.asText()))
                : ledger.block(blockRef(ref, 0)).filter(b -> !b.isPending());
        return block.<JsonNode>map(b -> {
                    ArrayNode receipts = NODES.arrayNode();
                    b.transactions().forEach(i -> receipts.add(ChainJson.receipt(b, i)));
                    return receipts;
                })
                .orElse(NullNode.instance);
    }

    private JsonNode logs(JsonNode filter) {
        if (!filter.isObject()) {
            throw RpcError.invalidArgument(0, "a log filter is an object");
        }
        List<Block> blocks;
        if (filter.hasNonNull("blockHash")) {
            if (filter.hasNonNull("fromBlock") || filter.hasNonNull("toBlock")) {
                throw RpcError.invalidArgument(
                        0, "cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other");
            }
            String hash = filter.get("blockHash").asText();
            if (!Hex.isHash(hash)) {
                throw RpcError.invalidArgument(0, "blockHash is a 32-byte hash: " + hash);
            }
            blocks = List.of(ledger.block(Hex.lower(hash)).orElseThrow(() -> RpcError.server("unknown block")));
        } else {
            long head = ledger.headNumber();
            long from = blockRef(filter.get("fromBlock"), 0);
            long to = blockRef(filter.get("toBlock"), 0);
            from = from == Ledger.PENDING ? head : from;
            to = to == Ledger.PENDING ? head : to;
            if (from > to) {
                throw RpcError.server("invalid block range params");
            }
            blocks = ledger.blocks(from, to);
        }
        Set<String> addresses = addresses(filter.get("address"));
        List<Set<String>> topics = topics(filter.get("topics"));
        ArrayNode out = NODES.arrayNode();
        for (Block block : blocks) {
            for (Block.Included included : block.transactions()) {
                List<Log> logs = included.outcome().logs();
                for (int n = 0; n < logs.size(); n++) {
                    if (matches(logs.get(n), addresses, topics)) {
                        out.add(ChainJson.log(block, included, n));
                    }
                }
            }
        }
        return out;
    }

    private static boolean matches(Log log, Set<String> addresses, List<Set<String>> topics) {
        if (!addresses.isEmpty() && !addresses.contains(log.address())) {
            return false;
        }
        if (topics.size() > log.topics().size()) {
            return false;
        }
        for (int i = 0; i < topics.size(); i++) {
            if (!topics.get(i).isEmpty() && !topics.get(i).contains(log.topics().get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> addresses(JsonNode node) {
        var addresses = new HashSet<String>();
        if (node == null || node.isNull()) {
            return addresses;
        }
        if (node.isTextual()) {
            addresses.add(address(node, "address"));
        } else if (node.isArray()) {
            node.forEach(a -> addresses.add(address(a, "address")));
        } else {
            throw RpcError.invalidArgument(0, "address is an address or an array of addresses");
        }
        return addresses;
    }

    /** One set per position; an empty set is a wildcard ({@code null}, or an array holding null). */
    private static List<Set<String>> topics(JsonNode node) {
        var topics = new ArrayList<Set<String>>();
        if (node == null || node.isNull()) {
            return topics;
        }
        if (!node.isArray()) {
            throw RpcError.invalidArgument(0, "topics is an array");
        }
        if (node.size() > 4) {
            throw RpcError.server("exceed max topics");
        }
        for (JsonNode position : node) {
            var set = new HashSet<String>();
            if (position.isTextual()) {
                set.add(topic(position));
            } else if (position.isArray()) {
                boolean wildcard = false;
                for (JsonNode alternative : position) {
                    if (alternative.isNull()) {
                        wildcard = true;
                    } else {
                        set.add(topic(alternative));
                    }
                }
                if (wildcard) {
                    set.clear();
                }
            } else if (!position.isNull()) {
                throw RpcError.invalidArgument(0, "a topic is a hash, null or an array of them");
            }
            topics.add(set);
        }
        return topics;
    }

    private static String topic(JsonNode node) {
        if (!node.isTextual() || !Hex.isHash(node.asText())) {
            throw RpcError.invalidArgument(0, "a topic is a 32-byte hash: " + node);
        }
        return Hex.lower(node.asText());
    }

    private static String address(JsonNode node, String what) {
        if (!node.isTextual() || !Hex.isAddress(node.asText())) {
            throw RpcError.invalidArgument(0, what + " is a 20-byte address: " + node);
        }
        return Hex.lower(node.asText());
    }

    private JsonNode feeHistory(Params p) {
        JsonNode countNode = p.required(0);
        long count;
        if (countNode.canConvertToExactIntegral() && countNode.isIntegralNumber()) {
            count = countNode.asLong();
        } else if (countNode.isTextual()) {
            count = parseLong(countNode.asText(), 0);
        } else {
            throw RpcError.invalidArgument(0, "blockCount is a number or a hex quantity");
        }
        long head = ledger.headNumber();
        long newest = blockRef(p.required(1), 1);
        newest = newest == Ledger.PENDING ? head : newest;
        if (newest > head) {
            throw RpcError.server("request beyond head block: requested " + newest + ", head " + head);
        }
        List<Double> percentiles = new ArrayList<>();
        if (p.has(2)) {
            JsonNode array = p.get(2);
            if (!array.isArray()) {
                throw RpcError.invalidArgument(2, "rewardPercentiles is an array of numbers");
            }
            double previous = 0;
            for (JsonNode n : array) {
                double value = n.asDouble(-1);
                if (!n.isNumber() || value < previous || value > 100) {
                    throw RpcError.invalidArgument(2, "invalid reward percentile: " + n);
                }
                percentiles.add(value);
                previous = value;
            }
        }
        count = Math.max(0, Math.min(count, MAX_FEE_HISTORY));
        ObjectNode json = NODES.objectNode();
        if (count == 0) {
            json.put("oldestBlock", "0x0");
            json.putArray("baseFeePerGas");
            json.putArray("gasUsedRatio");
            return json;
        }
        long oldest = Math.max(0, newest - count + 1);
        List<Block> blocks = ledger.blocks(oldest, newest);
        json.put("oldestBlock", Hex.quantity(oldest));
        ArrayNode baseFees = json.putArray("baseFeePerGas");
        ArrayNode ratios = json.putArray("gasUsedRatio");
        ArrayNode rewards = p.has(2) ? json.putArray("reward") : null;
        for (Block block : blocks) {
            baseFees.add(Hex.quantity(block.baseFeePerGas()));
            ratios.add((double) block.gasUsed() / Ledger.BLOCK_GAS_LIMIT);
            if (rewards != null) {
                ArrayNode row = rewards.addArray();
                rewards(block, percentiles).forEach(r -> row.add(Hex.quantity(r)));
            }
        }
        baseFees.add(Hex.quantity(ledger.baseFee())); // the next block's: the base fee never moves here
        return json;
    }

    /** Geth's rule: the priority fee paid at each percentile of the block's gas, cheapest first. */
    private static List<BigInteger> rewards(Block block, List<Double> percentiles) {
        record Paid(BigInteger tip, long gas) {}
        var paid = new ArrayList<Paid>();
        long total = 0;
        for (Block.Included included : block.transactions()) {
            if (included.tx() instanceof Tx.Signed) {
                Outcome outcome = included.outcome();
                paid.add(new Paid(outcome.effectiveGasPrice().subtract(block.baseFeePerGas()), outcome.gasUsed()));
                total += outcome.gasUsed();
            }
        }
        paid.sort(Comparator.comparing(Paid::tip));
        var rewards = new ArrayList<BigInteger>();
        for (double percentile : percentiles) {
            if (paid.isEmpty()) {
                rewards.add(BigInteger.ZERO);
                continue;
            }
            double threshold = total * percentile / 100;
            long sum = 0;
            BigInteger tip = paid.get(paid.size() - 1).tip();
            for (Paid one : paid) {
                sum += one.gas();
                if (sum >= threshold) {
                    tip = one.tip();
                    break;
                }
            }
            rewards.add(tip);
        }
        return rewards;
    }

    /**
     * A block parameter: a tag ({@code latest}, {@code earliest}, {@code pending}, {@code safe}, {@code finalized}),
     * a hex number, or an EIP-1898 object; absent means {@code latest}. Answers {@link Ledger#PENDING} for pending.
     */
    private long blockRef(JsonNode node, int index) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return ledger.headNumber();
        }
        if (node.isObject()) {
            if (node.hasNonNull("blockHash")) {
                String hash = node.get("blockHash").asText();
                if (!Hex.isHash(hash)) {
                    throw RpcError.invalidArgument(index, "blockHash is a 32-byte hash: " + hash);
                }
                return ledger.block(Hex.lower(hash))
                        .map(Block::number)
                        .orElseThrow(() -> RpcError.server("header for hash not found"));
            }
            return blockRef(node.get("blockNumber"), index);
        }
        if (!node.isTextual()) {
            throw RpcError.invalidArgument(
                    index, "a block is latest, earliest, pending, safe, finalized or a hex number: " + node);
        }
        long head = ledger.headNumber();
        return switch (node.asText()) {
            case "latest" -> head;
            case "earliest" -> 0;
            case "pending" -> Ledger.PENDING;
            case "safe" -> Math.max(0, head - Ledger.SAFE_DISTANCE);
            case "finalized" -> Math.max(0, head - Ledger.FINALIZED_DISTANCE);
            default -> parseLong(node.asText(), index);
        };
    }

    private static long parseLong(String hex, int index) {
        try {
            BigInteger value = Hex.parseQuantity(hex);
            if (value.bitLength() > 62) {
                throw RpcError.invalidArgument(index, "hex number > 64 bits");
            }
            return value.longValueExact();
        } catch (IllegalArgumentException e) {
            throw RpcError.invalidArgument(index, e.getMessage());
        }
    }

    /** The fields of an {@code eth_call} / {@code eth_estimateGas} call object that matter here. */
    private record CallArgs(String from, String to, BigInteger value, byte[] input) {
        CallArgs {
            input = input.clone();
        }

        static CallArgs of(JsonNode call) {
            if (!call.isObject()) {
                throw RpcError.invalidArgument(0, "a call is an object");
            }
            String from = call.hasNonNull("from") ? address(call.get("from"), "from") : Hex.ZERO_ADDRESS;
            if (!call.hasNonNull("to")) {
                throw RpcError.server(
                        "contract creation is not supported: GavelSimChain is a simulator and runs no EVM bytecode");
            }
            String to = address(call.get("to"), "to");
            BigInteger value = BigInteger.ZERO;
            if (call.hasNonNull("value")) {
                try {
                    value = Hex.parseQuantity(call.get("value").asText());
                } catch (IllegalArgumentException e) {
                    throw RpcError.invalidArgument(0, "value: " + e.getMessage());
                }
            }
            JsonNode data = call.hasNonNull("input") ? call.get("input") : call.get("data");
            if (call.hasNonNull("input")
                    && call.hasNonNull("data")
                    && !Hex.lower(call.get("input").asText())
                            .equals(Hex.lower(call.get("data").asText()))) {
                throw RpcError.invalidArgument(
                        0,
                        "both \"data\" and \"input\" are set and not equal. Please use \"input\" to pass transaction"
                                + " call data");
            }
            byte[] input = new byte[0];
            if (data != null && !data.isNull()) {
                try {
                    input = Hex.bytes(data.asText());
                } catch (IllegalArgumentException e) {
                    throw RpcError.invalidArgument(0, "input: " + e.getMessage());
                }
            }
            return new CallArgs(from, to, value, input);
        }
    }

    /** Positional parameters, with geth's errors for missing and malformed ones. */
    private record Params(JsonNode array) {
        Params {
            if (array == null || array.isNull() || array.isMissingNode()) {
                array = NODES.arrayNode();
            } else if (!array.isArray()) {
                throw new RpcError(RpcError.INVALID_PARAMS, "non-array args");
            }
        }

        boolean has(int index) {
            return index < array.size() && !array.get(index).isNull();
        }

        /** The parameter, or null when it is absent. */
        JsonNode get(int index) {
            return index < array.size() ? array.get(index) : null;
        }

        JsonNode required(int index) {
            if (index >= array.size()) {
                throw new RpcError(RpcError.INVALID_PARAMS, "missing value for required argument " + index);
            }
            return array.get(index);
        }

        String text(int index) {
            JsonNode node = required(index);
            if (!node.isTextual()) {
                throw RpcError.invalidArgument(index, "expected a string, got " + node);
            }
            return node.asText();
        }

        String address(int index) {
            String text = text(index);
            if (!Hex.isAddress(text)) {
                throw RpcError.invalidArgument(index, "expected a 20-byte 0x-prefixed address, got " + text);
            }
            return Hex.lower(text);
        }

        String hash(int index) {
            String text = text(index);
            if (!Hex.isHash(text)) {
                throw RpcError.invalidArgument(index, "expected a 32-byte 0x-prefixed hash, got " + text);
            }
            return Hex.lower(text);
        }

        BigInteger quantity(int index) {
            try {
                return Hex.parseQuantity(text(index));
            } catch (IllegalArgumentException e) {
                throw RpcError.invalidArgument(index, e.getMessage());
            }
        }

        byte[] bytes(int index) {
            try {
                return Hex.bytes(text(index));
            } catch (IllegalArgumentException e) {
                throw RpcError.invalidArgument(index, e.getMessage());
            }
        }

        boolean bool(int index) {
            JsonNode node = get(index);
            if (node == null || node.isNull()) {
                return false;
            }
            if (!node.isBoolean()) {
                throw RpcError.invalidArgument(index, "expected true or false, got " + node);
            }
            return node.asBoolean();
        }

        /** A small count given as a JSON number or a hex quantity. */
        int smallInt(int index) {
            JsonNode node = required(index);
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return node.asInt();
            }
            if (node.isTextual()) {
                long value = parseLong(node.asText(), index);
                if (value <= Integer.MAX_VALUE) {
                    return (int) value;
                }
            }
            throw RpcError.invalidArgument(index, "expected a small number, got " + node);
        }
    }
}
