package dev.gavel.server.chain;

import dev.gavel.chain.Erc721;
import dev.gavel.chain.EventLog;
import dev.gavel.chain.Hex;
import dev.gavel.chain.rpc.EthClient;
import dev.gavel.chain.rpc.RpcError;
import dev.gavel.chain.rpc.RpcException;
import dev.gavel.store.chain.BlockRef;
import dev.gavel.store.chain.ChainStore;
import dev.gavel.store.chain.NftStore;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the NFT collections of the auctions' artworks: {@code Transfer} and {@code Approval} (four topics:
 * ERC-721; an ERC-20 {@code Transfer} shares topic 0 but has three) and {@code ApprovalForAll}, read from
 * final blocks only (head minus confirmations) into the ownership table; then checks for every auction not
 * finished yet whether the operator (the settlement signer, else the escrow) can transfer its artwork — it
 * owns the token, is approved for it, or is an approved operator of the owner — asking the chain itself
 * ({@code ownerOf}, {@code getApproved}, {@code isApprovedForAll}) and falling back on the table when a
 * call fails. The result is kept per auction and shown on it; a change to "cannot transfer" is an alert.
 * Runs on the chain thread; not meant to be called concurrently.
 */
public final class CollectionWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(CollectionWatcher.class);
    private static final String ZERO = "0x" + "0".repeat(40);
    private static final int BLOCKS_PER_ROUND = 2_000;
    private static final java.time.Duration RECHECK_EVERY = java.time.Duration.ofMinutes(1);

    private final EthClient eth;
    private final ChainStore followers;
    private final NftStore nfts;
    private final ChainAlerts alerts;
    private final long chainId;
    private final int confirmations;
    private final Optional<String> operator;
    private final Optional<Long> startBlock;
    private final Clock clock;
    private String follower;

    public CollectionWatcher(
            EthClient eth,
            ChainStore followers,
            NftStore nfts,
            ChainAlerts alerts,
            long chainId,
            int confirmations,
            Optional<String> operator,
            Optional<Long> startBlock,
            Clock clock) {
        this.eth = eth;
        this.followers = followers;
        this.nfts = nfts;
        this.alerts = alerts;
        this.chainId = chainId;
        this.confirmations = confirmations;
        this.operator = operator.map(o -> o.toLowerCase(Locale.ROOT));
        this.startBlock = startBlock;
        this.clock = clock;
    }

    /** Reads new final events and re-checks custody; returns how many events it applied. */
    public int followOnce() {
        var artworks = nfts.openArtworks();
        int applied = 0;
        long finalHead = eth.blockNumber() - confirmations + 1;
        if (finalHead >= 0 && !artworks.isEmpty()) {
            var cp = followers.checkpoint(follower()).orElseGet(() -> {
                long start = Math.min(
                        finalHead, startBlock.map(s -> Math.max(0, s - 1)).orElse(finalHead));
                var b = eth.block(start, false).orElseThrow();
                var ref = new BlockRef(b.number(), b.hash());
                followers.start(follower(), ref, clock.instant());
                return ref;
            });
            long to = Math.min(finalHead, cp.number() + BLOCKS_PER_ROUND);
            if (to > cp.number()) {
                var contracts = artworks.stream()
                        .map(NftStore.Artwork::contract)
                        .distinct()
                        .toList();
                List<EventLog> found;
                while (true) {
                    try {
                        found = eth.logs(cp.number() + 1, to, contracts, Optional.empty());
                        break;
                    } catch (RpcException e) {
                        if (to == cp.number() + 1 || !tooMuchAtOnce(e)) {
                            throw e;
                        }
                        to = cp.number() + (to - cp.number()) / 2; // providers cap ranges and results: ask for less
                    }
                }
                var logs = found.stream()
                        .filter(l -> !l.removed())
                        .sorted(Comparator.comparingLong(EventLog::blockNumber).thenComparingLong(EventLog::logIndex))
                        .toList();
                for (EventLog log : logs) {
                    try {
                        if (apply(log)) {
                            applied++;
                        }
                    } catch (IllegalArgumentException malformed) {
                        // a contract may log anything under these topics; one odd event must not stop the rest
                        LOG.warn(
                                "chain {}: skipped a malformed event of {} in block {} ({}): {}",
                                chainId,
                                log.address(),
                                log.blockNumber(),
                                log.transactionHash(),
                                malformed.getMessage());
                    }
                }
                var b = eth.block(to, false).orElseThrow();
                followers.advance(follower(), List.of(new BlockRef(b.number(), b.hash())), clock.instant());
            }
        }
        // the chain is asked again when events came in, or when the last answer is a minute old
        boolean moved = applied > 0;
        var now = clock.instant();
        operator.ifPresent(op -> artworks.stream()
                .filter(a -> moved
                        || nfts.custody(a.auctionId())
                                .map(c -> !c.checkedAt().plus(RECHECK_EVERY).isAfter(now))
                                .orElse(true))
                .forEach(a -> checkCustody(a, op)));
        return applied;
    }

    /** A provider's refusal of a log query for its size (block range or number of results). */
    static boolean tooMuchAtOnce(RpcException e) {
        String why = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (why.contains("rate limit") || why.contains("too many requests")) {
            return false; // asking for less does not help
        }
        return why.contains("range")
                || why.contains("results")
                || why.contains("too many")
                || why.contains("exceed")
                || why.contains("limit");
    }

    private boolean apply(EventLog log) {
        var topics = log.topics();
        if (topics.isEmpty()) {
            return false;
        }
        String t0 = topics.getFirst();
        if (t0.equals(Erc721.TRANSFER_TOPIC) && topics.size() == 4) {
            nfts.transferred(
                    chainId,
                    log.address(),
                    Hex.toBigInteger("0x" + topics.get(3).substring(2)),
                    Hex.addressOfWord(topics.get(2)),
                    log.blockNumber(),
                    (int) log.logIndex());
            return true;
        }
        if (t0.equals(Erc721.APPROVAL_TOPIC) && topics.size() == 4) {
            nfts.approved(
                    chainId,
                    log.address(),
                    Hex.toBigInteger("0x" + topics.get(3).substring(2)),
                    Hex.addressOfWord(topics.get(1)),
                    Hex.addressOfWord(topics.get(2)),
                    log.blockNumber(),
                    (int) log.logIndex());
            return true;
        }
        if (t0.equals(Erc721.APPROVAL_FOR_ALL_TOPIC) && topics.size() == 3) {
            nfts.operator(
                    chainId,
                    log.address(),
                    Hex.addressOfWord(topics.get(1)),
                    Hex.addressOfWord(topics.get(2)),
                    log.data().length() > 2 && Hex.toBigInteger(log.data()).signum() != 0);
            return true;
        }
        return false; // an ERC-20 Transfer (three topics) or another event
    }

    private record Check(Optional<String> owner, boolean may, String reason) {}

    /** Whether {@code op} can transfer the artwork now; recorded on the auction. */
    public NftStore.Custody checkCustody(NftStore.Artwork a, String op) {
        Check check;
        try {
            var owner = Hex.addressOfWord(eth.call(a.contract(), Erc721.ownerOf(a.tokenId())));
            String approved = Hex.addressOfWord(eth.call(a.contract(), Erc721.getApproved(a.tokenId())));
            boolean all = Hex.toBigInteger(eth.call(a.contract(), Erc721.isApprovedForAll(owner, op)))
                            .signum()
                    != 0;
            check = new Check(
                    Optional.of(owner),
                    owner.equals(op) || approved.equals(op) || all,
                    reason(owner, op, approved.equals(op), all));
        } catch (RpcError refused) {
            // ownerOf reverts for a token that does not exist; any other refusal says nothing about the token
            check = refused.isRevert()
                    ? new Check(
                            Optional.empty(),
                            false,
                            "token " + a.tokenId() + " of " + a.contract() + " cannot be read on chain ("
                                    + refused.reason() + "): it may not exist")
                    : fromEvents(a, op);
        } catch (RuntimeException unreadable) {
            check = fromEvents(a, op);
        }
        Optional<String> owner = check.owner();
        boolean may = check.may();
        String reason = check.reason();
        var previous = nfts.custody(a.auctionId());
        var custody =
                new NftStore.Custody(a.auctionId(), a.contract(), a.tokenId(), owner, op, may, reason, clock.instant());
        nfts.recordCustody(custody);
        if (!may && previous.map(NftStore.Custody::transferable).orElse(true)) {
            alerts.raise(
                    "artwork_not_transferable",
                    "auction " + a.auctionId() + " (" + a.status() + "): Gavel cannot transfer its artwork: " + reason);
        } else if (may && previous.isPresent() && !previous.get().transferable()) {
            LOG.info("auction {}: its artwork can be transferred now: {}", a.auctionId(), reason);
        }
        return custody;
    }

    /** What the events read so far say, when the chain cannot be asked. */
    private Check fromEvents(NftStore.Artwork a, String op) {
        var known = nfts.token(chainId, a.contract(), a.tokenId());
        boolean forAll = known.map(t -> nfts.isOperator(chainId, a.contract(), t.owner(), op))
                .orElse(false);
        return new Check(
                known.map(NftStore.Token::owner),
                known.map(t -> t.owner().equals(op)
                                || t.approved().map(op::equals).orElse(false)
                                || forAll)
                        .orElse(false),
                known.map(t -> reason(
                                        t.owner(),
                                        op,
                                        t.approved().map(op::equals).orElse(false),
                                        forAll) + " (from events up to block " + t.blockNumber()
                                + "; the chain did not answer)")
                        .orElse("unknown: the chain did not answer and no event about the token was seen"));
    }

    private static String reason(String owner, String op, boolean approved, boolean operatorForAll) {
        if (owner.equals(op)) {
            return "owned by " + op + ", which settles";
        }
        if (approved) {
            return "owned by " + owner + ", which approved " + op + " to transfer it";
        }
        if (operatorForAll) {
            return "owned by " + owner + ", which made " + op + " an operator of all its tokens";
        }
        if (owner.equals(ZERO)) {
            return "the token has no owner (burnt)";
        }
        return "owned by " + owner + ", which has not approved " + op
                + ": approve it (approve or setApprovalForAll) or transfer the token to it";
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
            follower = "nft:" + chainId + ":" + genesis.substring(2, 14);
        }
        return follower;
    }
}
