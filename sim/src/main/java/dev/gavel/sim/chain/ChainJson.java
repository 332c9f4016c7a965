package dev.gavel.sim.chain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Blocks, transactions, receipts and logs in the JSON shapes geth answers (post-London, post-Shanghai): hex
 * quantities without leading zeros, lowercase addresses, {@code null} where a pending object has no block yet.
 *
 * <p>The roots ({@code stateRoot}, {@code transactionsRoot}, {@code receiptsRoot}) are not Merkle-Patricia roots:
 * empty blocks carry the real empty-trie root, other blocks a keccak of what they hold. The logs bloom is real.
 */
final class ChainJson {
    static final String EMPTY_TRIE_ROOT = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
    static final String EMPTY_UNCLES_HASH = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
    /** "GavelSimChain" in every block's extraData: a block explorer shows that it came from the simulator. */
    static final String EXTRA_DATA = Hex.data("GavelSimChain".getBytes(StandardCharsets.UTF_8));

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int HEADER_SIZE = 540;

    private ChainJson() {}

    static ObjectNode block(Block block, boolean fullTransactions, long chainId) {
        ObjectNode json = NODES.objectNode();
        json.put("baseFeePerGas", Hex.quantity(block.baseFeePerGas()));
        json.put("difficulty", "0x0");
        json.put("extraData", EXTRA_DATA);
        json.put("gasLimit", Hex.quantity(Ledger.BLOCK_GAS_LIMIT));
        json.put("gasUsed", Hex.quantity(block.gasUsed()));
        json.put("hash", block.hash());
        json.put("logsBloom", block.logsBloom());
        if (block.isPending()) {
            json.putNull("miner");
        } else {
            json.put("miner", Ledger.MINER);
        }
        json.put("mixHash", Hex.ZERO_HASH);
        if (block.isPending()) {
            json.putNull("nonce");
        } else {
            json.put("nonce", "0x0000000000000000");
        }
        json.put("number", Hex.quantity(block.number()));
        json.put("parentHash", block.parentHash());
        json.put("receiptsRoot", root(block, "receipts"));
        json.put("sha3Uncles", EMPTY_UNCLES_HASH);
        int size = HEADER_SIZE;
        for (Block.Included included : block.transactions()) {
            size += included.tx().size();
        }
        json.put("size", Hex.quantity(size));
        json.put("stateRoot", root(block, "state"));
        json.put("timestamp", Hex.quantity(block.timestamp()));
        ArrayNode txs = json.putArray("transactions");
        for (Block.Included included : block.transactions()) {
            if (fullTransactions) {
                txs.add(transaction(included, Optional.of(block), chainId));
            } else {
                txs.add(included.tx().hash());
            }
        }
        json.put("transactionsRoot", root(block, "transactions"));
        json.putArray("uncles");
        json.putArray("withdrawals");
        json.put("withdrawalsRoot", EMPTY_TRIE_ROOT);
        return json;
    }

    /** A transaction object; {@code block} is empty for one in the pool (blockHash, blockNumber, index null). */
    static ObjectNode transaction(Block.Included included, Optional<Block> block, long chainId) {
        Tx tx = included.tx();
        ObjectNode json = NODES.objectNode();
        putBlockPosition(json, included, block);
        json.put("from", tx.from());
        json.put("gas", Hex.quantity(tx.gas()));
        switch (tx) {
            case Tx.Signed signed
            when signed.type() == 2 -> {
                // geth shows the fee cap as gasPrice until the base fee is known
                json.put(
                        "gasPrice",
                        Hex.quantity(
                                block.isPresent() ? included.outcome().effectiveGasPrice() : signed.maxFeePerGas()));
                json.put("maxFeePerGas", Hex.quantity(signed.maxFeePerGas()));
                json.put("maxPriorityFeePerGas", Hex.quantity(signed.maxPriorityFeePerGas()));
            }
            case Tx.Signed signed -> json.put("gasPrice", Hex.quantity(signed.maxFeePerGas()));
            case Tx.Mint mint -> json.put("gasPrice", "0x0");
        }
        json.put("hash", tx.hash());
        json.put("input", tx.input());
        json.put("nonce", Hex.quantity(tx.nonce()));
        json.put("to", tx.to());
        json.put("value", Hex.quantity(tx.value()));
        switch (tx) {
            case Tx.Signed signed -> {
                json.put("type", Hex.quantity(signed.type()));
                if (signed.type() == 2) {
                    json.putArray("accessList");
                }
                json.put("chainId", Hex.quantity(signed.chainId()));
                json.put("v", Hex.quantity(signed.v()));
                json.put("r", Hex.quantity(signed.r()));
                json.put("s", Hex.quantity(signed.s()));
                if (signed.type() == 2) {
                    json.put("yParity", Hex.quantity(signed.v()));
                }
            }
            case Tx.Mint mint -> {
                // a system transaction: no signature, like an L2's deposit transactions
                json.put("type", "0x0");
                json.put("chainId", Hex.quantity(chainId));
                json.put("v", "0x0");
                json.put("r", "0x0");
                json.put("s", "0x0");
            }
        }
        return json;
    }

    static ObjectNode receipt(Block block, Block.Included included) {
        Tx tx = included.tx();
        ObjectNode json = NODES.objectNode();
        json.put("blockHash", block.hash());
        json.put("blockNumber", Hex.quantity(block.number()));
        json.putNull("contractAddress");
        json.put("cumulativeGasUsed", Hex.quantity(included.cumulativeGasUsed()));
        json.put("effectiveGasPrice", Hex.quantity(included.outcome().effectiveGasPrice()));
        json.put("from", tx.from());
        json.put("gasUsed", Hex.quantity(included.outcome().gasUsed()));
        ArrayNode logs = json.putArray("logs");
        for (int i = 0; i < included.outcome().logs().size(); i++) {
            logs.add(log(block, included, i));
        }
        json.put("logsBloom", included.logsBloom());
        json.put("status", included.outcome().success() ? "0x1" : "0x0");
        json.put("to", tx.to());
        json.put("transactionHash", tx.hash());
        json.put("transactionIndex", Hex.quantity(included.index()));
        json.put("type", tx instanceof Tx.Signed signed ? Hex.quantity(signed.type()) : "0x0");
        return json;
    }

    /** The {@code n}th log of a transaction in a block. */
    static ObjectNode log(Block block, Block.Included included, int n) {
        Log log = included.outcome().logs().get(n);
        ObjectNode json = NODES.objectNode();
        json.put("address", log.address());
        ArrayNode topics = json.putArray("topics");
        log.topics().forEach(topics::add);
        json.put("data", log.data());
        json.put("blockNumber", Hex.quantity(block.number()));
        json.put("transactionHash", included.tx().hash());
        json.put("transactionIndex", Hex.quantity(included.index()));
        json.put("blockHash", block.hash());
        json.put("logIndex", Hex.quantity(included.firstLogIndex() + n));
        json.put("removed", false);
        return json;
    }

    private static void putBlockPosition(ObjectNode json, Block.Included included, Optional<Block> block) {
        if (block.isEmpty()) {
            json.putNull("blockHash");
            json.putNull("blockNumber");
            json.putNull("transactionIndex");
            return;
        }
        json.put("blockHash", block.get().hash());
        json.put("blockNumber", Hex.quantity(block.get().number()));
        json.put("transactionIndex", Hex.quantity(included.index()));
    }

    private static String root(Block block, String kind) {
        if (block.transactions().isEmpty() && !kind.equals("state")) {
            return EMPTY_TRIE_ROOT;
        }
        var seed = new StringBuilder(kind)
                .append(':')
                .append(block.number())
                .append(':')
                .append(block.parentHash())
                .append(':')
                .append(block.hash());
        for (Block.Included included : block.transactions()) {
            seed.append(':')
                    .append(included.tx().hash())
                    .append(included.outcome().success() ? '1' : '0');
        }
        return Hex.keccak(seed.toString().getBytes(StandardCharsets.UTF_8));
    }
}
