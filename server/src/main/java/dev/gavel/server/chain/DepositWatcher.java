package dev.gavel.server.chain;

import dev.gavel.auction.DepositPort;
import dev.gavel.chain.Block;
import dev.gavel.chain.Erc721;
import dev.gavel.chain.EventLog;
import dev.gavel.chain.Hex;
import dev.gavel.chain.Receipt;
import dev.gavel.chain.Transaction;
import dev.gavel.chain.rpc.EthClient;
import dev.gavel.chain.rpc.RpcException;
import dev.gavel.core.money.Wei;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.chain.BlockRef;
import dev.gavel.store.chain.ChainDeposit;
import dev.gavel.store.chain.ChainStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the escrow addresses on chain and feeds final deposits into the funds ledger.
 *
 * <p>Each round: (1) checks that the block it stopped at is still on the chain, and if not walks back
 * through the hashes it kept to the fork point and reads again from there; (2) reads new blocks, noting
 * native ETH sent to an escrow and, when a deposit token is set, its {@code Transfer} logs to an escrow, as
 * pending deposits; (3) takes every pending deposit with enough confirmations, re-checks that its block
 * is still the chain's block at that height and that its receipt says {@code 0x1}, and credits it to the
 * bidder whose linked wallet sent it (or holds it until one links that wallet); (4) credits held deposits
 * whose wallet was linked since. A reorg found in (1) also re-checks the deposits credited from the blocks
 * it replaced and raises an alert for each one reorged out after finality. Everything is keyed by chain, tx hash and log index, and the ledger credit
 * by the same key, so a crash at any point and a second read of the same blocks change nothing.
 *
 * <p>Runs on one thread (the caller's schedule); not meant to be called concurrently.
 */
public final class DepositWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(DepositWatcher.class);
    /** ERC-20 and ERC-721 {@code Transfer} share it; ERC-20's has three topics. */
    static final String TRANSFER_TOPIC = Erc721.TRANSFER_TOPIC;
    /** At most this many blocks are read per round, so a long catch-up shows progress and stays responsive. */
    static final int BLOCKS_PER_ROUND = 200;

    static final String CREDIT_SOURCE = "CHAIN";

    /** What one round did. */
    public record Round(long head, int blocksRead, int seen, int credited, int held, int reorged, int failed) {}

    private final EthClient eth;
    private final ChainStore store;
    private final BidderStore bidders;
    private final DepositPort ledger;
    private final ChainAlerts alerts;
    private final long chainId;
    private final int confirmations;
    private final Supplier<Set<String>> escrows;
    private final Optional<String> token;
    private final Optional<Long> startBlock;
    private final Clock clock;
    private String follower;

    public DepositWatcher(
            EthClient eth,
            ChainStore store,
            BidderStore bidders,
            DepositPort ledger,
            ChainAlerts alerts,
            long chainId,
            int confirmations,
            Supplier<Set<String>> escrows,
            Optional<String> token,
            Optional<Long> startBlock,
            Clock clock) {
        this.eth = eth;
        this.store = store;
        this.bidders = bidders;
        this.ledger = ledger;
        this.alerts = alerts;
        this.chainId = chainId;
        this.confirmations = confirmations;
        this.escrows = escrows;
        this.token = token.map(t -> t.toLowerCase(Locale.ROOT));
        this.startBlock = startBlock;
        this.clock = clock;
    }

    public int confirmations() {
        return confirmations;
    }

    public long chainId() {
        return chainId;
    }

    /** The escrow addresses followed now, lower case. */
    public Set<String> escrows() {
        var out = new TreeSet<String>();
        escrows.get().forEach(e -> out.add(e.toLowerCase(Locale.ROOT)));
        return out;
    }

    /** One round; see the class comment. */
    public Round followOnce() {
        long head = eth.blockNumber();
        Set<String> followed = escrows();
        BlockRef at = checkpoint(head);
        at = unwoundIfReorged(at);
        var read = read(at, head, followed);
        int credited = 0;
        int held = 0;
        int reorged = 0;
        int failed = read.failed;
        var concluding = new ArrayList<ChainDeposit>();
        for (ChainDeposit d : store.pending(chainId)) {
            if (head - d.blockNumber() + 1 >= confirmations) {
                concluding.add(d);
            }
        }
        // held deposits whose wallet was linked since: checked again like pending ones before they count
        store.heldAndNowLinked(chainId).forEach(linked -> concluding.add(linked.deposit()));
        var hashes = new HashMap<Long, Optional<String>>();
        for (ChainDeposit d : concluding) {
            ChainDeposit.Status status;
            try {
                status = conclude(d, hashes);
            } catch (RpcException e) {
                throw e; // the chain is unreachable: the whole round is tried again
            } catch (RuntimeException e) {
                // one deposit that cannot be concluded must not hold up the others behind it
                LOG.error(
                        "chain {}: deposit {} could not be concluded; trying again next round", chainId, d.txHash(), e);
                continue;
            }
            switch (status) {
                case CREDITED -> credited++;
                case HELD -> held++;
                case REORGED -> reorged++;
                case FAILED -> failed++;
                default -> {}
            }
        }
        if (read.blocks > 0 || credited + held + reorged > 0) {
            LOG.debug(
                    "chain {}: read {} block(s) to {}, head {}; {} seen, {} credited, {} held, {} reorged",
                    chainId,
                    read.blocks,
                    at.number() + read.blocks,
                    head,
                    read.seen,
                    credited,
                    held,
                    reorged);
        }
        return new Round(head, read.blocks, read.seen, credited, held, reorged, failed);
    }

    /** Where this follower stopped; on its very first round, the configured start block or the head. */
    private BlockRef checkpoint(long head) {
        var cp = store.checkpoint(follower());
        if (cp.isPresent()) {
            return cp.get();
        }
        long start = Math.min(head, startBlock.map(s -> Math.max(0, s - 1)).orElse(head));
        var block = eth.block(start, false)
                .orElseThrow(() -> new IllegalStateException("the chain has no block " + start + " yet"));
        store.start(follower(), new BlockRef(block.number(), block.hash()), clock.instant());
        LOG.info("chain {}: following escrow deposits from block {}", chainId, start + 1);
        return new BlockRef(block.number(), block.hash());
    }

    /** When the checkpoint's block left the chain, walks back to the newest kept block still on it. */
    private BlockRef unwoundIfReorged(BlockRef at) {
        if (eth.blockHash(at.number()).map(at.hash()::equals).orElse(false)) {
            return at;
        }
        BlockRef fork = null;
        for (BlockRef kept : store.recentBlocks(follower())) {
            if (eth.blockHash(kept.number()).map(kept.hash()::equals).orElse(false)) {
                fork = kept;
                break;
            }
        }
        if (fork == null) {
            long back = Math.max(0, at.number() - ChainStore.KEPT_BLOCKS);
            var block = eth.block(back, false).orElseThrow();
            fork = new BlockRef(block.number(), block.hash());
            alerts.raise(
                    "deep_reorg",
                    "chain " + chainId + ": none of the last " + ChainStore.KEPT_BLOCKS
                            + " blocks read is on the chain any more; reading again from block " + back);
        }
        LOG.warn(
                "chain {}: reorg: block {} ({}) is no longer on the chain; reading again after block {}",
                chainId,
                at.number(),
                at.hash(),
                fork.number());
        // before the rewind forgets which blocks were read: a crash in between finds the same reorg again
        recheckCredited(fork);
        store.rewind(follower(), fork, clock.instant());
        return fork;
    }

    private record Read(int blocks, int seen, int failed) {}

    private Read read(BlockRef from, long head, Set<String> followed) {
        long last = Math.min(head, from.number() + BLOCKS_PER_ROUND);
        if (last <= from.number()) {
            return new Read(0, 0, 0);
        }
        var refs = new ArrayList<BlockRef>();
        var found = new ArrayList<ChainDeposit>();
        String parent = from.hash();
        for (long n = from.number() + 1; n <= last; n++) {
            Optional<Block> block = eth.block(n, true);
            if (block.isEmpty() || !block.get().parentHash().equals(parent)) {
                break; // the chain moved under us; the next round sees the reorg
            }
            Block b = block.get();
            for (Transaction tx : b.transactions()) {
                if (tx.to().isPresent()
                        && followed.contains(tx.to().get())
                        && tx.value().signum() > 0) {
                    found.add(ChainDeposit.seen(
                            chainId,
                            tx.hash(),
                            ChainDeposit.NATIVE,
                            tx.to().get(),
                            Optional.empty(),
                            tx.from(),
                            Wei.of(tx.value()),
                            b.number(),
                            b.hash(),
                            clock.instant()));
                }
            }
            refs.add(new BlockRef(b.number(), b.hash()));
            parent = b.hash();
        }
        if (refs.isEmpty()) {
            return new Read(0, 0, 0);
        }
        if (token.isPresent()) {
            found.addAll(tokenDeposits(refs, followed));
        }
        int failed = 0;
        var fresh = store.advance(follower(), refs, found, clock.instant());
        for (ChainDeposit d : fresh) {
            LOG.info(
                    "chain {}: deposit of {} ETH from {} to {} seen in block {} ({})",
                    chainId,
                    d.amount().toEth(),
                    d.from(),
                    d.escrow(),
                    d.blockNumber(),
                    d.txHash());
        }
        return new Read(refs.size(), fresh.size(), failed);
    }

    private List<ChainDeposit> tokenDeposits(List<BlockRef> refs, Set<String> followed) {
        long first = refs.getFirst().number();
        long last = refs.getLast().number();
        var out = new ArrayList<ChainDeposit>();
        for (EventLog log : eth.logs(first, last, List.of(token.get()), Optional.of(TRANSFER_TOPIC))) {
            // ERC-20 Transfer has 3 topics; ERC-721's shares topic 0 and has 4
            if (log.removed() || log.topics().size() != 3) {
                continue;
            }
            String to = Hex.addressOfWord(log.topics().get(2));
            if (!followed.contains(to)) {
                continue;
            }
            var ref = refs.get((int) (log.blockNumber() - first));
            if (!ref.hash().equals(log.blockHash())) {
                continue; // from a block that is not the one read; the reorg check catches up
            }
            var amount = Hex.toBigInteger(log.data().length() > 2 ? log.data() : "0x0");
            if (amount.signum() <= 0) {
                continue; // a zero-value Transfer (anyone may emit one from anyone's address) deposits nothing
            }
            out.add(ChainDeposit.seen(
                    chainId,
                    log.transactionHash(),
                    (int) log.logIndex(),
                    to,
                    token,
                    Hex.addressOfWord(log.topics().get(1)),
                    Wei.of(amount),
                    log.blockNumber(),
                    log.blockHash(),
                    clock.instant()));
        }
        return out;
    }

    /** A pending deposit with enough confirmations: re-checked, then credited, held, or dropped. */
    public ChainDeposit.Status conclude(ChainDeposit d) {
        return conclude(d, new HashMap<>());
    }

    /** {@link #conclude(ChainDeposit)}, asking the chain for each block's hash once per round ({@code hashes}). */
    private ChainDeposit.Status conclude(ChainDeposit d, Map<Long, Optional<String>> hashes) {
        var now = clock.instant();
        Optional<String> canonical = hashes.computeIfAbsent(d.blockNumber(), eth::blockHash);
        if (!canonical.map(d.blockHash()::equals).orElse(false)) {
            store.settle(
                    d,
                    ChainDeposit.Status.REORGED,
                    Optional.empty(),
                    Optional.of("block " + d.blockNumber() + " was replaced by a reorg before it was final"),
                    now);
            LOG.warn(
                    "chain {}: deposit {} dropped: its block {} was reorged out", chainId, d.txHash(), d.blockNumber());
            return ChainDeposit.Status.REORGED;
        }
        Optional<Receipt> receipt = eth.receipt(d.txHash());
        if (receipt.isEmpty() || !receipt.get().blockHash().equals(d.blockHash())) {
            store.settle(
                    d,
                    ChainDeposit.Status.REORGED,
                    Optional.empty(),
                    Optional.of("the transaction is no longer in block " + d.blockNumber()),
                    now);
            return ChainDeposit.Status.REORGED;
        }
        if (!receipt.get().succeeded() || (d.logIndex() != ChainDeposit.NATIVE && !hasLog(receipt.get(), d))) {
            store.settle(
                    d,
                    ChainDeposit.Status.FAILED,
                    Optional.empty(),
                    Optional.of("the transaction failed on chain (status 0x0); nothing was deposited"),
                    now);
            LOG.info("chain {}: deposit {} failed on chain; not counted", chainId, d.txHash());
            return ChainDeposit.Status.FAILED;
        }
        Optional<Bidder> bidder = bidders.findByWallet(d.from());
        if (bidder.isEmpty()) {
            store.settle(
                    d,
                    ChainDeposit.Status.HELD,
                    Optional.empty(),
                    Optional.of("no bidder has linked " + d.from() + " yet; credited when one does"),
                    now);
            return ChainDeposit.Status.HELD;
        }
        return credit(d, bidder.get().id()) ? ChainDeposit.Status.CREDITED : ChainDeposit.Status.PENDING;
    }

    private static boolean hasLog(Receipt receipt, ChainDeposit d) {
        return receipt.logs().stream().anyMatch(l -> l.logIndex() == d.logIndex());
    }

    private boolean credit(ChainDeposit d, UUID bidderId) {
        var result = ledger.credit(bidderId, d.amount(), CREDIT_SOURCE, d.ledgerReference());
        switch (result) {
            case DepositPort.DepositCredit.Credited credited ->
                LOG.info(
                        "chain {}: credited {} ETH to bidder {} ({})",
                        chainId,
                        d.amount().toEth(),
                        bidderId,
                        d.txHash());
            case DepositPort.DepositCredit.AlreadyCredited already ->
                LOG.debug("chain {}: deposit {} was already credited", chainId, d.txHash());
            case DepositPort.DepositCredit.UnknownBidder unknown -> {
                return false;
            }
        }
        store.settle(d, ChainDeposit.Status.CREDITED, Optional.of(bidderId), Optional.empty(), clock.instant());
        return true;
    }

    /**
     * After a reorg back to {@code fork}: a deposit credited from a block read after it whose block is no
     * longer the chain's was reorged out after finality. The ledger is not rewritten (the operator decides);
     * the deposit is flagged and an alert raised, once. Blocks at or before a block still on the chain are on
     * it too (each names its parent's hash), so only a reorg can take a credited deposit away, and nothing
     * needs re-checking in rounds without one.
     */
    private void recheckCredited(BlockRef fork) {
        for (ChainDeposit d : store.creditedInBlocksAfter(follower(), chainId, fork.number())) {
            if (!eth.blockHash(d.blockNumber()).map(d.blockHash()::equals).orElse(false)) {
                String why = "deposit " + d.txHash() + " of " + d.amount().toEth() + " ETH from " + d.from()
                        + " was credited after " + confirmations + " confirmations, then its block "
                        + d.blockNumber() + " was reorged out";
                store.flagCredited(d, why);
                alerts.raise("reorg_after_finality", why);
            }
        }
    }

    /**
     * The follower's name: the chain id and its genesis hash, so a different chain under the same id (a
     * development chain reset, the demo's simulated chain on a new start) starts a follower of its own
     * instead of looking like one deep reorg.
     */
    private String follower() {
        if (follower == null) {
            String genesis = eth.block(0, false)
                    .orElseThrow(() -> new IllegalStateException("the chain has no genesis block"))
                    .hash();
            follower = "deposits:" + chainId + ":" + genesis.substring(2, 14);
        }
        return follower;
    }
}
