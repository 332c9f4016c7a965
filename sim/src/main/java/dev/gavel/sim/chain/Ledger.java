package dev.gavel.sim.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;

/**
 * The simulated chain's whole state: blocks, the transaction pool, the world state after the head and after each of
 * the last {@value #MAX_REORG_DEPTH} blocks (so a reorg can undo them), the collections and the funds credited out of
 * band.
 *
 * <p>Thread-safe: every method is {@code synchronized} on the ledger, the one lock all chain state sits behind.
 * What it hands out ({@link Block}, {@link Tx}, numbers) is immutable.
 *
 * <p>The pool is kept executed: the pending state is the head state with every pooled transaction applied in order,
 * so a sender may queue consecutive nonces before a block is mined, and {@code pending} queries see them.
 */
final class Ledger {
    static final long TRANSFER_GAS = 21_000;
    static final long COLLECTION_GAS = 60_000;
    static final long BLOCK_GAS_LIMIT = 30_000_000;
    static final int MAX_REORG_DEPTH = 64;
    /** Distances of the {@code safe} and {@code finalized} tags behind the head, as on mainnet (one and two epochs). */
    static final int SAFE_DISTANCE = 32;

    static final int FINALIZED_DISTANCE = 64;
    /** A block reference meaning the pending block. */
    static final long PENDING = -1;
    /** The fee recipient of every block; it receives the priority fees, the base fee is burnt. */
    static final String MINER = Hex.ZERO_ADDRESS;

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);

    private final long chainId;
    private final BigInteger baseFee;
    private final Clock clock;
    private final List<Block> blocks = new ArrayList<>();
    private final Map<String, Block> blocksByHash = new HashMap<>();
    private final Map<String, Location> minedTxs = new HashMap<>();
    private final NavigableMap<Long, WorldState> states = new TreeMap<>();
    private final Map<String, String> collections = new LinkedHashMap<>();
    private final List<Funding> fundings = new ArrayList<>();
    private WorldState head = new WorldState();
    private WorldState pendingState = new WorldState();
    private List<Tx> pendingTxs = new ArrayList<>();
    private List<Outcome> pendingOutcomes = new ArrayList<>();
    /** Counts every block ever mined, reorged ones included, so that no two blocks share a hash. */
    private long blocksMined;

    private long mints;

    private record Location(long block, int index) {}

    /**
     * Wei credited by {@code sim_fund} while the head was {@code atHead}: in the state of that block and of every
     * later one, so a reorg to a block before it credits it again.
     */
    private record Funding(long atHead, String address, BigInteger wei) {}

    /** A transaction found by hash; {@code block} is empty while it is pending. */
    record Found(Block.Included included, Optional<Block> block) {}

    Ledger(long chainId, BigInteger baseFee, Clock clock) {
        this.chainId = chainId;
        this.baseFee = baseFee;
        this.clock = clock;
        append(List.of(), List.of(), new WorldState());
        rebuildPending();
    }

    long chainId() {
        return chainId;
    }

    BigInteger baseFee() {
        return baseFee;
    }

    synchronized long headNumber() {
        return blocks.size() - 1;
    }

    synchronized Block latest() {
        return blocks.get(blocks.size() - 1);
    }

    synchronized Optional<Block> block(long number) {
        if (number == PENDING) {
            return Optional.of(pendingBlock());
        }
        return number < 0 || number >= blocks.size() ? Optional.empty() : Optional.of(blocks.get((int) number));
    }

    synchronized Optional<Block> block(String hash) {
        return Optional.ofNullable(blocksByHash.get(hash));
    }

    /** The blocks {@code from} to {@code to} (inclusive) that exist. */
    synchronized List<Block> blocks(long from, long to) {
        long last = Math.min(to, blocks.size() - 1);
        return from > last ? List.of() : List.copyOf(blocks.subList((int) from, (int) last + 1));
    }

    synchronized Optional<Found> transaction(String hash) {
        Location at = minedTxs.get(hash);
        if (at != null) {
            Block block = blocks.get((int) at.block());
            return Optional.of(new Found(block.transactions().get(at.index()), Optional.of(block)));
        }
        Block pending = pendingBlock();
        return pending.transactions().stream()
                .filter(i -> i.tx().hash().equals(hash))
                .findFirst()
                .map(i -> new Found(i, Optional.empty()));
    }

    /**
     * Waits until the transaction {@code hash} is in a block: true then, false when it is neither mined nor pooled
     * (unknown, or dropped) or {@code timeoutNanos} passed first. Woken by every block mined and by reorgs.
     */
    synchronized boolean awaitMined(String hash, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!minedTxs.containsKey(hash)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || pendingTxs.stream().noneMatch(p -> p.hash().equals(hash))) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized BigInteger balance(String address, long blockNumber) {
        return stateAt(blockNumber).balance(address);
    }

    synchronized long nonce(String address, long blockNumber) {
        return stateAt(blockNumber).nonce(address);
    }

    synchronized boolean isCollection(String address) {
        return collections.containsKey(address);
    }

    /** What {@code eth_call} answers: a collection's native ERC-721, or empty data from any other account. */
    synchronized NativeErc721.CallResult call(
            String from, String to, BigInteger value, byte[] input, long blockNumber) {
        WorldState state = stateAt(blockNumber);
        String name = collections.get(to);
        if (name == null) {
            return new NativeErc721.CallResult.Returned(new byte[0], List.of());
        }
        if (value.signum() > 0) {
            return new NativeErc721.CallResult.Reverted(new byte[0]); // ERC-721's functions are not payable
        }
        var tokens = state.findTokens(to).map(WorldState.Tokens::copy).orElseGet(WorldState.Tokens::new);
        return NativeErc721.call(tokens, to, name, from, input, collections::containsKey);
    }

    /** The gas a transaction with these fields uses, or the error a node answers when it would fail. */
    synchronized long estimateGas(String from, String to, BigInteger value, byte[] input, long blockNumber) {
        if (value.compareTo(stateAt(blockNumber).balance(from)) > 0) {
            throw RpcError.server("insufficient funds for transfer");
        }
        if (!collections.containsKey(to)) {
            return TRANSFER_GAS;
        }
        if (call(from, to, value, input, blockNumber) instanceof NativeErc721.CallResult.Reverted reverted) {
            throw RpcError.reverted(reverted.data());
        }
        return COLLECTION_GAS;
    }

    /** Puts a signed transaction into the pool, or throws the error geth answers; returns its hash. */
    synchronized String submit(Tx.Signed tx) {
        if (minedTxs.containsKey(tx.hash())
                || pendingTxs.stream().anyMatch(p -> p.hash().equals(tx.hash()))) {
            throw RpcError.server("already known");
        }
        admit(tx);
        return tx.hash();
    }

    /** Credits {@code wei} at once, in the head block's state and in the pool, without a transaction. */
    synchronized void fund(String address, BigInteger wei) {
        if (wei.signum() < 0) {
            throw RpcError.invalidArgument(1, "the amount must not be negative: " + wei);
        }
        head.credit(address, wei);
        states.lastEntry().getValue().credit(address, wei);
        pendingState.credit(address, wei);
        fundings.add(new Funding(headNumber(), address, wei));
    }

    /** A new collection at an address derived from a counter: the same addresses in every run. */
    synchronized String createCollection(String name) {
        byte[] seed = ("gavel-sim-collection:" + (collections.size() + 1)).getBytes(StandardCharsets.UTF_8);
        String address = Hex.data(Arrays.copyOfRange(Hash.sha3(seed), 12, 32));
        collections.put(address, name);
        log.info("SimChain collection {} ({}) created", address, name);
        return address;
    }

    /** Queues a mint of {@code tokenId} to {@code recipient} for the next block; returns its transaction hash. */
    synchronized String mint(String collection, String recipient, BigInteger tokenId) {
        if (!collections.containsKey(collection)) {
            throw RpcError.server("no collection at " + collection + " (create one with sim_createCollection)");
        }
        if (recipient.equals(Hex.ZERO_ADDRESS)) {
            throw RpcError.server("cannot mint to the zero address");
        }
        if (!Hex.fitsWord(tokenId)) {
            throw RpcError.server("a token id is a uint256: " + tokenId);
        }
        var tx = Tx.Mint.of(chainId, ++mints, collection, recipient, tokenId);
        admit(tx);
        return tx.hash();
    }

    /** Mines the pool into the next block (as far as the block gas limit allows). */
    synchronized Block mine() {
        WorldState next = head.copy();
        var included = new ArrayList<Tx>();
        var outcomes = new ArrayList<Outcome>();
        var left = new ArrayList<Tx>();
        long gas = 0;
        for (Tx tx : pendingTxs) {
            if (!left.isEmpty() || gas + tx.gas() > BLOCK_GAS_LIMIT) {
                left.add(tx);
                continue;
            }
            Optional<RpcError> invalid = invalid(next, tx);
            if (invalid.isPresent()) {
                log.warn(
                        "SimChain dropped {} from the pool: {}",
                        tx.hash(),
                        invalid.get().getMessage());
                continue;
            }
            Outcome outcome = execute(next, tx);
            included.add(tx);
            outcomes.add(outcome);
            gas += outcome.gasUsed();
        }
        Block block = append(included, outcomes, next);
        pendingTxs = left;
        rebuildPending();
        notifyAll(); // wakes awaitMined
        log.debug("SimChain mined block {} with {} transactions", block.number(), included.size());
        return block;
    }

    /**
     * Drops the last {@code depth} blocks, undoing everything in them (their transactions are gone, not returned to
     * the pool), and mines empty blocks back to the same height: same numbers, new hashes. Funds credited by
     * {@code sim_fund} and the pool survive.
     */
    synchronized Block reorg(int depth) {
        long headNumber = headNumber();
        long deepest = Math.min(MAX_REORG_DEPTH, headNumber);
        if (depth < 1 || depth > deepest) {
            throw RpcError.server("a reorg depth is between 1 and " + deepest + " now (at most " + MAX_REORG_DEPTH
                    + ", and never past genesis): " + depth);
        }
        long base = headNumber - depth;
        for (long n = headNumber; n > base; n--) {
            Block dropped = blocks.remove((int) n);
            blocksByHash.remove(dropped.hash());
            dropped.transactions().forEach(i -> minedTxs.remove(i.tx().hash()));
            states.remove(n);
        }
        head = states.get(base).copy();
        for (int i = 0; i < fundings.size(); i++) {
            Funding f = fundings.get(i);
            if (f.atHead() > base) {
                head.credit(f.address(), f.wei());
                fundings.set(i, new Funding(base + 1, f.address(), f.wei())); // in every block that replaces one
            }
        }
        for (int i = 0; i < depth; i++) {
            append(List.of(), List.of(), head.copy());
        }
        rebuildPending();
        notifyAll(); // wakes awaitMined: what it waits for may be gone
        Block latest = latest();
        log.info(
                "SimChain reorg: replaced blocks {}..{} with empty ones, head now {}",
                base + 1,
                headNumber,
                latest.hash());
        return latest;
    }

    /** The block the pool would make now: number head+1, no hash. */
    private Block pendingBlock() {
        Block parent = latest();
        return Block.assemble(
                parent.number() + 1, null, parent.hash(), nextTimestamp(parent), baseFee, pendingTxs, pendingOutcomes);
    }

    private void admit(Tx tx) {
        invalid(pendingState, tx).ifPresent(e -> {
            throw e;
        });
        pendingOutcomes.add(execute(pendingState, tx));
        pendingTxs.add(tx);
    }

    private WorldState stateAt(long blockNumber) {
        if (blockNumber == PENDING) {
            return pendingState;
        }
        long headNumber = headNumber();
        if (blockNumber > headNumber || blockNumber < 0) {
            throw RpcError.server("header not found");
        }
        if (blockNumber == headNumber) {
            return head;
        }
        WorldState state = states.get(blockNumber);
        if (state == null) {
            throw RpcError.server("missing trie node: GavelSimChain keeps the state of the last " + MAX_REORG_DEPTH
                    + " blocks only, not of block " + blockNumber);
        }
        return state;
    }

    private Block append(List<Tx> txs, List<Outcome> outcomes, WorldState after) {
        long number = blocks.size();
        Block parent = number == 0 ? null : blocks.get((int) number - 1);
        long timestamp = parent == null ? clock.instant().getEpochSecond() : nextTimestamp(parent);
        String parentHash = parent == null ? Hex.ZERO_HASH : parent.hash();
        var seed = new StringBuilder("gavel-sim-block:")
                .append(chainId)
                .append(':')
                .append(number)
                .append(':')
                .append(parentHash)
                .append(':')
                .append(timestamp)
                .append(':')
                .append(++blocksMined);
        txs.forEach(tx -> seed.append(':').append(tx.hash()));
        String hash = Hex.keccak(seed.toString().getBytes(StandardCharsets.UTF_8));
        Block block = Block.assemble(number, hash, parentHash, timestamp, baseFee, txs, outcomes);
        blocks.add(block);
        blocksByHash.put(hash, block);
        block.transactions().forEach(i -> minedTxs.put(i.tx().hash(), new Location(number, i.index())));
        head = after;
        states.put(number, after.copy());
        while (states.firstKey() < number - MAX_REORG_DEPTH) {
            states.pollFirstEntry();
        }
        long oldest = states.firstKey();
        fundings.removeIf(f -> f.atHead() <= oldest); // in every state a reorg can return to
        return block;
    }

    /** The clock's second, but always after the parent's: timestamps strictly increase, as Ethereum requires. */
    private long nextTimestamp(Block parent) {
        return Math.max(clock.instant().getEpochSecond(), parent.timestamp() + 1);
    }

    /** Re-executes the pool on the head state, dropping what no longer applies (a nonce a reorg undid, ...). */
    private void rebuildPending() {
        pendingState = head.copy();
        var kept = new ArrayList<Tx>();
        var outcomes = new ArrayList<Outcome>();
        for (Tx tx : pendingTxs) {
            Optional<RpcError> invalid = invalid(pendingState, tx);
            if (invalid.isPresent()) {
                log.info(
                        "SimChain dropped {} from the pool: {}",
                        tx.hash(),
                        invalid.get().getMessage());
                continue;
            }
            outcomes.add(execute(pendingState, tx));
            kept.add(tx);
        }
        pendingTxs = kept;
        pendingOutcomes = outcomes;
    }

    /** Why {@code tx} cannot go into a block on top of {@code state}, in geth's words; empty when it can. */
    private Optional<RpcError> invalid(WorldState state, Tx tx) {
        return switch (tx) {
            case Tx.Mint mint ->
                state.findTokens(mint.collection())
                        .flatMap(t -> t.owner(mint.tokenId()))
                        .map(owner -> RpcError.server("token " + mint.tokenId() + " of " + mint.collection()
                                + " already exists (owned by " + owner + ")"));
            case Tx.Signed signed -> invalidSigned(state, signed);
        };
    }

    private Optional<RpcError> invalidSigned(WorldState state, Tx.Signed tx) {
        long expected = state.nonce(tx.from());
        if (tx.nonce() < expected) {
            return Optional.of(RpcError.server(
                    "nonce too low: address " + tx.from() + ", tx: " + tx.nonce() + " state: " + expected));
        }
        if (tx.nonce() > expected) {
            return Optional.of(RpcError.server("nonce too high: address " + tx.from() + ", tx: " + tx.nonce()
                    + " state: " + expected + " (GavelSimChain does not queue future nonces)"));
        }
        if (tx.gas() < TRANSFER_GAS) {
            return Optional.of(
                    RpcError.server("intrinsic gas too low: gas " + tx.gas() + ", minimum needed " + TRANSFER_GAS));
        }
        if (tx.gas() > BLOCK_GAS_LIMIT) {
            return Optional.of(RpcError.server("exceeds block gas limit"));
        }
        if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
            return Optional.of(RpcError.server("max priority fee per gas higher than max fee per gas: address "
                    + tx.from() + ", maxPriorityFeePerGas: " + tx.maxPriorityFeePerGas() + ", maxFeePerGas: "
                    + tx.maxFeePerGas()));
        }
        if (tx.maxFeePerGas().compareTo(baseFee) < 0) {
            return Optional.of(RpcError.server("max fee per gas less than block base fee: address " + tx.from()
                    + ", maxFeePerGas: " + tx.maxFeePerGas() + ", baseFee: " + baseFee));
        }
        BigInteger want =
                tx.maxFeePerGas().multiply(BigInteger.valueOf(tx.gas())).add(tx.value());
        BigInteger have = state.balance(tx.from());
        if (have.compareTo(want) < 0) {
            return Optional.of(RpcError.server("insufficient funds for gas * price + value: address " + tx.from()
                    + " have " + have + " want " + want));
        }
        return Optional.empty();
    }

    /** Applies a transaction that {@link #invalid} accepted. */
    private Outcome execute(WorldState state, Tx tx) {
        return switch (tx) {
            case Tx.Mint mint -> {
                state.tokens(mint.collection()).setOwner(mint.tokenId(), mint.recipient());
                yield new Outcome(
                        true,
                        COLLECTION_GAS,
                        BigInteger.ZERO,
                        List.of(NativeErc721.transferLog(
                                mint.collection(), Hex.ZERO_ADDRESS, mint.recipient(), mint.tokenId())));
            }
            case Tx.Signed signed -> executeSigned(state, signed);
        };
    }

    private Outcome executeSigned(WorldState state, Tx.Signed tx) {
        BigInteger price = tx.maxFeePerGas().min(baseFee.add(tx.maxPriorityFeePerGas()));
        state.incrementNonce(tx.from());
        String name = collections.get(tx.to());
        if (name == null) {
            pay(state, tx.from(), TRANSFER_GAS, price);
            state.debit(tx.from(), tx.value());
            state.credit(tx.to(), tx.value());
            return new Outcome(true, TRANSFER_GAS, price, List.of());
        }
        if (tx.gas() < COLLECTION_GAS) {
            pay(state, tx.from(), tx.gas(), price); // out of gas: all of it is spent
            return new Outcome(false, tx.gas(), price, List.of());
        }
        pay(state, tx.from(), COLLECTION_GAS, price);
        NativeErc721.CallResult result = tx.value().signum() > 0
                ? new NativeErc721.CallResult.Reverted(new byte[0]) // not payable: the value stays with the sender
                : NativeErc721.call(
                        state.tokens(tx.to()),
                        tx.to(),
                        name,
                        tx.from(),
                        Hex.bytes(tx.input()),
                        collections::containsKey);
        return switch (result) {
            case NativeErc721.CallResult.Returned returned -> new Outcome(true, COLLECTION_GAS, price, returned.logs());
            case NativeErc721.CallResult.Reverted reverted -> new Outcome(false, COLLECTION_GAS, price, List.of());
        };
    }

    private void pay(WorldState state, String from, long gas, BigInteger price) {
        BigInteger units = BigInteger.valueOf(gas);
        state.debit(from, price.multiply(units));
        state.credit(MINER, price.subtract(baseFee).multiply(units));
    }
}
