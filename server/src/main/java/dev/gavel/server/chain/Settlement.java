package dev.gavel.server.chain;

import dev.gavel.chain.Block;
import dev.gavel.chain.Erc721;
import dev.gavel.chain.Hex;
import dev.gavel.chain.Receipt;
import dev.gavel.chain.TransactionSigner;
import dev.gavel.chain.rpc.EthClient;
import dev.gavel.chain.rpc.RpcError;
import dev.gavel.core.money.Wei;
import dev.gavel.store.chain.NftStore;
import dev.gavel.store.chain.SettlementStore;
import dev.gavel.store.chain.SettlementTransfer;
import dev.gavel.store.chain.SettlementTransfer.Kind;
import dev.gavel.store.chain.SettlementTransfer.Status;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles finished auctions on chain: plans the NFT transfer to the winner's wallet and the payout, and —
 * with a signer — sends them and tracks them to {@code confirmations}; refunds of released funds take the
 * same path. The payout waits until the artwork has reached the winner.
 *
 * <p>Sending: EIP-1559 fees ({@code maxFee = 2 × baseFee + tip}, capped by the ceiling; a base fee above it
 * waits), gas from {@code eth_estimateGas} plus 20 % (a revert fails the transfer; any other refusal is tried
 * again), the nonce as the larger of the node's pending count and the highest nonce of transfers in flight
 * plus one. The signed bytes and hash are saved before the broadcast, so a restart re-broadcasts the same
 * transaction instead of signing a second one; a first broadcast the node refuses goes back to planned and
 * keeps its nonce, so however often it is retried at most one of its transactions can be mined. A transaction
 * not mined within {@code bumpAfter} is re-signed at the same nonce with fees raised by 12.5 % (what nodes
 * require to replace it), at most {@code maxAttempts} times; after that it is re-sent as it is, watched, and
 * an operator alerted. A transfer fails (with the reason and an alert) only when none of its transactions
 * can be mined any more: one reverted, or its nonce was used by another transaction (seen twice, with fresh
 * answers). A failed refund gives its amount back to the bidder. Without a signer the plans wait for an
 * operator, who marks each done by tx hash once Gavel has verified that transaction ({@link #markDone}).
 *
 * <p>Rounds run on the chain thread; {@link #markDone} and {@link #refund} may come from HTTP threads. Every
 * move of a transfer is conditional on the state it was read in, so a round and an operator cannot both
 * settle one transfer (and a round never broadcasts for a transfer marked done meanwhile).
 */
public final class Settlement {
    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final String NONCE_USED = "its nonce was used";
    private static final String WAITING_FOR_ARTWORK = "waiting until the artwork has reached the winner";
    private static final String WAITING_FOR_FEES = "waiting: the base fee is above the ceiling of ";
    private static final String ESTIMATE_REFUSED = "gas estimate refused, trying again: ";
    private static final String BROADCAST_REFUSED = "broadcast refused, trying again: ";
    /** What a planned transfer's reason starts with when an attempt was refused and is retried later. */
    private static final List<String> RETRIED = List.of(WAITING_FOR_FEES, ESTIMATE_REFUSED, BROADCAST_REFUSED);

    /** What the auction shows of its settlement. */
    public enum AuctionSettlement {
        SETTLEMENT_PENDING,
        SETTLED,
        FAILED
    }

    /**
     * The fee and retry policy: the fee ceiling, how long a transaction may go unmined before its fees are
     * raised, how many times, how far back finished auctions are planned, and how long a planned transfer that
     * was refused (fees above the ceiling, a refused estimate or broadcast) waits before the next try.
     */
    public record Policy(
            BigInteger maxFeePerGas, Duration bumpAfter, int maxAttempts, Duration planWindow, Duration retryAfter) {
        public static Policy ofGwei(long maxFeeGwei) {
            return new Policy(
                    BigInteger.valueOf(maxFeeGwei).multiply(GWEI),
                    Duration.ofMinutes(2),
                    5,
                    Duration.ofDays(30),
                    Duration.ofSeconds(30));
        }

        public Policy withBumpAfter(Duration d) {
            return new Policy(maxFeePerGas, d, maxAttempts, planWindow, retryAfter);
        }

        public Policy withMaxAttempts(int n) {
            return new Policy(maxFeePerGas, bumpAfter, n, planWindow, retryAfter);
        }

        public Policy withRetryAfter(Duration d) {
            return new Policy(maxFeePerGas, bumpAfter, maxAttempts, planWindow, d);
        }
    }

    private final EthClient eth;
    private final SettlementStore store;
    private final NftStore nfts;
    private final ChainAlerts alerts;
    private final long chainId;
    private final int confirmations;
    private final Optional<TransactionSigner> signer;
    private final String operator;
    private final Optional<String> payoutAddress;
    private final Policy policy;
    private final Consumer<UUID> fundsChanged;
    private final Clock clock;

    public Settlement(
            EthClient eth,
            SettlementStore store,
            NftStore nfts,
            ChainAlerts alerts,
            long chainId,
            int confirmations,
            Optional<TransactionSigner> signer,
            String operator,
            Optional<String> payoutAddress,
            Policy policy,
            Consumer<UUID> fundsChanged,
            Clock clock) {
        this.fundsChanged = fundsChanged;
        this.eth = eth;
        this.store = store;
        this.nfts = nfts;
        this.alerts = alerts;
        this.chainId = chainId;
        this.confirmations = confirmations;
        this.signer = signer;
        this.operator = operator.toLowerCase(Locale.ROOT);
        this.payoutAddress = payoutAddress.map(a -> a.toLowerCase(Locale.ROOT));
        this.policy = policy;
        this.clock = clock;
    }

    /** Whether Gavel sends settlement itself (a signer is configured). */
    public boolean signs() {
        return signer.isPresent();
    }

    /** The auction's settlement as one status: empty when there is nothing to settle. */
    public static Optional<AuctionSettlement> statusOf(List<SettlementTransfer> transfers) {
        if (transfers.isEmpty()) {
            return Optional.empty();
        }
        if (transfers.stream().anyMatch(t -> t.status() == Status.FAILED)) {
            return Optional.of(AuctionSettlement.FAILED);
        }
        if (transfers.stream().allMatch(t -> t.status().isDone())) {
            return Optional.of(AuctionSettlement.SETTLED);
        }
        return Optional.of(AuctionSettlement.SETTLEMENT_PENDING);
    }

    /**
     * One round: plan newly won auctions, then (with a signer) send what is planned and track what was sent. A
     * payout waits until the artwork reached the winner, so a seller is not paid for a token that never moved.
     */
    public void round() {
        planFinished();
        if (signer.isPresent()) {
            Instant now = clock.instant();
            for (SettlementTransfer t : store.open(chainId)) {
                if (!t.sender().equals(operator)) {
                    continue; // planned for a sender this node cannot sign for
                }
                switch (t.status()) {
                    case PLANNED -> {
                        if (t.kind() == Kind.PAYOUT && !artworkDelivered(t)) {
                            if (!t.reason().map(WAITING_FOR_ARTWORK::equals).orElse(false)) {
                                store.note(t.id(), WAITING_FOR_ARTWORK, now);
                            }
                            continue;
                        }
                        boolean refusedLately = t.reason()
                                        .filter(r -> RETRIED.stream().anyMatch(r::startsWith))
                                        .isPresent()
                                && now.isBefore(t.updatedAt().plus(policy.retryAfter()));
                        if (!refusedLately) {
                            send(t);
                        }
                    }
                    case SENT -> track(t);
                    default -> {}
                }
            }
        }
    }

    /** Whether the auction of this payout has no NFT to deliver, or delivered it. */
    private boolean artworkDelivered(SettlementTransfer payout) {
        return payout.auctionId().stream()
                .flatMap(a -> store.ofAuction(a).stream())
                .filter(t -> t.kind() == Kind.NFT_TRANSFER)
                .allMatch(t -> t.status().isDone());
    }

    /** Plans the NFT transfer and the payout of every newly finished auction with a winner. */
    public int planFinished() {
        int planned = 0;
        Instant now = clock.instant();
        for (var won : store.wonWithoutSettlement(now.minus(policy.planWindow()))) {
            var plans = new ArrayList<SettlementTransfer>();
            if (won.winnerWallet().isEmpty()) {
                var failed = SettlementTransfer.plan(
                                Optional.of(won.auctionId()),
                                Optional.of(won.winnerId()),
                                Kind.NFT_TRANSFER,
                                chainId,
                                operator,
                                won.contract().orElse(operator),
                                "(no wallet)",
                                won.contract(),
                                won.tokenId(),
                                Wei.ZERO,
                                "0x",
                                now)
                        .withStatus(
                                Status.FAILED, Optional.of("the winner has no linked wallet to receive the artwork"));
                store.plan(List.of(failed));
                alerts.raise("settlement_failed", "auction " + won.auctionId() + ": the winner has no linked wallet");
                continue;
            }
            String winner = won.winnerWallet().get().toLowerCase(Locale.ROOT);
            if (won.contract().isPresent() && won.tokenId().isPresent()) {
                String from = nfts.custody(won.auctionId())
                        .flatMap(NftStore.Custody::owner)
                        .orElse(operator);
                plans.add(SettlementTransfer.plan(
                        Optional.of(won.auctionId()),
                        Optional.of(won.winnerId()),
                        Kind.NFT_TRANSFER,
                        chainId,
                        operator,
                        won.contract().get(),
                        winner,
                        won.contract(),
                        won.tokenId(),
                        Wei.ZERO,
                        Erc721.transferFrom(from, winner, won.tokenId().get()),
                        now));
            }
            payoutAddress.ifPresent(payout -> plans.add(SettlementTransfer.plan(
                    Optional.of(won.auctionId()),
                    Optional.empty(),
                    Kind.PAYOUT,
                    chainId,
                    operator,
                    payout,
                    payout,
                    Optional.empty(),
                    Optional.empty(),
                    won.amount(),
                    "0x",
                    now)));
            if (!plans.isEmpty()) {
                store.plan(plans);
                planned += plans.size();
                LOG.info(
                        "auction {}: settlement planned ({}){}",
                        won.auctionId(),
                        plans.stream().map(p -> p.kind().name()).toList(),
                        signer.isPresent() ? "" : "; no signer, so it waits for an operator");
            }
        }
        return planned;
    }

    /**
     * Plans a refund of {@code amount} to the bidder's wallet, taking it out of their available funds; a request
     * key used before gives that refund back.
     */
    public SettlementStore.RefundOutcome refund(UUID bidderId, String wallet, Wei amount, Optional<String> requestKey) {
        return store.refund(
                SettlementTransfer.plan(
                        Optional.empty(),
                        Optional.of(bidderId),
                        Kind.REFUND,
                        chainId,
                        operator,
                        wallet.toLowerCase(Locale.ROOT),
                        wallet.toLowerCase(Locale.ROOT),
                        Optional.empty(),
                        Optional.empty(),
                        amount,
                        "0x",
                        clock.instant()),
                requestKey);
    }

    private void send(SettlementTransfer t) {
        Instant now = clock.instant();
        var fees = fees();
        if (fees.isEmpty()) {
            store.note(t.id(), WAITING_FOR_FEES + gwei(policy.maxFeePerGas()) + " gwei", now);
            return;
        }
        BigInteger gas;
        try {
            gas = eth.estimateGas(t.sender(), t.to(), t.value().value(), t.data())
                    .multiply(BigInteger.valueOf(120))
                    .divide(BigInteger.valueOf(100));
        } catch (RpcError refused) {
            if (refused.isRevert()) {
                fail(t, Set.of(Status.PLANNED), "the transaction would fail: " + refused.reason());
            } else {
                // the node could not tell (rate limit, a missing header, the sender not funded yet): try again later
                store.note(t.id(), ESTIMATE_REFUSED + refused.reason(), now);
            }
            return;
        }
        long nonce = t.nonce().orElseGet(() -> nextNonce(t.sender()));
        if (t.nonce().isPresent() && eth.nonce(t.sender(), false) > nonce) {
            if (minedEarlier(t)) {
                // a node refused it, yet it reached the chain through another: track it
                store.resumed(t.id(), now);
                return;
            }
            // a refused attempt kept this nonce, and something else has used it since: none of ours can be mined
            nonce = nextNonce(t.sender());
        }
        sign(t, Optional.empty(), nonce, gas, fees.get().tip(), fees.get().maxFee(), now);
    }

    /** Whether one of the transfer's earlier hashes was mined after all; it is then tracked as sent. */
    private boolean minedEarlier(SettlementTransfer t) {
        return t.txHashes().stream().anyMatch(h -> eth.receipt(h).isPresent());
    }

    private record Fees(BigInteger tip, BigInteger maxFee) {}

    /** {@code maxFee = 2 × baseFee + tip}, capped by the ceiling; empty when even the base fee and tip exceed it. */
    private Optional<Fees> fees() {
        BigInteger tip = eth.maxPriorityFeePerGas();
        BigInteger base = eth.block(eth.blockNumber(), false)
                .flatMap(Block::baseFeePerGas)
                .orElse(GWEI);
        BigInteger max = base.shiftLeft(1).add(tip);
        if (max.compareTo(policy.maxFeePerGas()) > 0) {
            if (base.add(tip).compareTo(policy.maxFeePerGas()) > 0) {
                return Optional.empty();
            }
            max = policy.maxFeePerGas();
        }
        return Optional.of(new Fees(tip, max));
    }

    private long nextNonce(String sender) {
        long fromChain = eth.nonce(sender, true);
        var recorded = store.highestNonce(chainId, sender);
        return recorded.isPresent() ? Math.max(fromChain, recorded.getAsLong() + 1) : fromChain;
    }

    /**
     * Signs and records the transaction, then broadcasts it; nothing is broadcast when the transfer moved on
     * since it was read ({@code replacing}: the hash it had when sent, for a fee bump).
     */
    private void sign(
            SettlementTransfer t,
            Optional<String> replacing,
            long nonce,
            BigInteger gas,
            BigInteger tip,
            BigInteger maxFee,
            Instant now) {
        var tx =
                signer.orElseThrow().sign(chainId, nonce, gas, t.to(), t.value().value(), t.data(), tip, maxFee);
        if (!store.signed(t.id(), replacing, nonce, tx.hash(), tx.raw(), gas, maxFee, tip, now)) {
            LOG.info("settlement {}: it moved on meanwhile (marked done by hand?); not sending", t.id());
            return;
        }
        LOG.info(
                "settlement {} {}: sending {} (nonce {}, max fee {} gwei, tip {} gwei)",
                t.kind(),
                t.auctionId().map(UUID::toString).orElse(t.recipient()),
                tx.hash(),
                nonce,
                gwei(maxFee),
                gwei(tip));
        broadcast(t, tx.hash(), tx.raw(), replacing.isEmpty());
    }

    /**
     * Sends signed bytes. A node that refuses a first attempt outright (no funds for gas, a fee below its
     * minimum) never saw it: the transfer goes back to planned, keeping its nonce, and is tried again later.
     */
    private void broadcast(SettlementTransfer t, String hash, String signed, boolean first) {
        try {
            eth.sendRawTransaction(signed);
        } catch (RpcError refused) {
            String why = refused.reason().toLowerCase(Locale.ROOT);
            if (why.contains("already known") || why.contains("alreadyknown") || why.contains("known transaction")) {
                return;
            }
            if (why.contains("nonce too low")) {
                // mined already (the receipt will show it) or the nonce was used by someone else: tracking decides
                LOG.info("settlement {}: the node says nonce too low; tracking its receipts", t.id());
                return;
            }
            LOG.warn("settlement {}: broadcast refused: {}", t.id(), refused.reason());
            if (first) {
                store.unsent(t.id(), hash, BROADCAST_REFUSED + refused.reason(), clock.instant());
            } else {
                store.note(t.id(), "broadcast refused: " + refused.reason(), clock.instant());
            }
        }
    }

    private void track(SettlementTransfer t) {
        Instant now = clock.instant();
        long head = eth.blockNumber();
        for (String hash : t.txHashes()) {
            Optional<Receipt> receipt = eth.receipt(hash);
            if (receipt.isEmpty()) {
                continue;
            }
            Receipt r = receipt.get();
            if (!r.succeeded()) {
                fail(
                        t,
                        Set.of(Status.SENT),
                        "the transaction " + hash + " reverted (status 0x0) in block " + r.blockNumber());
                return;
            }
            if (r.confirmations(head) >= confirmations
                    && eth.blockHash(r.blockNumber()).map(r.blockHash()::equals).orElse(false)) {
                if (store.settle(
                        t.id(), Set.of(Status.SENT), Status.CONFIRMED, Optional.of(hash), Optional.empty(), now)) {
                    LOG.info("settlement {} {} confirmed: {}", t.kind(), t.id(), hash);
                }
            }
            return; // mined; waiting for confirmations
        }
        // none of its hashes is mined
        long nonce = t.nonce().orElseThrow();
        if (eth.nonce(t.sender(), false) > nonce) {
            // Used by another transaction, or mined between the receipts and the nonce (or a lagging provider
            // answered the receipts): asked again next round, with fresh answers, before it counts as failed.
            if (t.reason().filter(r -> r.startsWith(NONCE_USED)).isEmpty()) {
                store.note(t.id(), NONCE_USED + "; checking its receipts again", now);
                eth.forgetHot();
                return;
            }
            fail(t, Set.of(Status.SENT), NONCE_USED + " (" + nonce + ") by another transaction of " + t.sender());
            return;
        }
        if (t.sentAt().map(s -> now.isBefore(s.plus(policy.bumpAfter()))).orElse(false)) {
            resendIfForgotten(t);
            return;
        }
        if (t.attempts() >= policy.maxAttempts()) {
            // Bounded: no more bumps. It is not failed while its nonce is free, since it can still be mined (and
            // a hand-made replacement would then pay twice); it is re-sent and watched, and an operator told.
            String why = "not mined after " + t.attempts() + " attempts (last max fee "
                    + gwei(t.maxFee().orElse(BigInteger.ZERO)) + " gwei); re-sending it at that fee";
            if (!t.reason().map(why::equals).orElse(false)) {
                store.note(t.id(), why, now);
                alerts.raise("settlement_stuck", describe(t) + ": " + why);
            }
            resendIfForgotten(t);
            return;
        }
        BigInteger oldTip = t.tip().orElse(GWEI);
        BigInteger oldMax = t.maxFee().orElse(GWEI);
        BigInteger tip = bump(oldTip);
        BigInteger max = bump(oldMax).max(fees().map(Fees::maxFee).orElse(BigInteger.ZERO));
        if (max.compareTo(policy.maxFeePerGas()) > 0) {
            max = policy.maxFeePerGas();
        }
        if (max.compareTo(bump(oldMax)) < 0 || tip.compareTo(max) > 0) {
            store.note(
                    t.id(), "not mined yet; fees are at the ceiling of " + gwei(policy.maxFeePerGas()) + " gwei", now);
            resendIfForgotten(t);
            return;
        }
        LOG.info("settlement {}: not mined after {}; raising fees to {} gwei", t.id(), policy.bumpAfter(), gwei(max));
        sign(t, t.txHash(), nonce, t.gasLimit().orElseThrow(), tip, max, now);
    }

    /** Broadcasts the latest signed bytes again when the node no longer knows them (it restarted, say). */
    private void resendIfForgotten(SettlementTransfer t) {
        if (t.txHash().flatMap(eth::transaction).isEmpty()) {
            t.rawTx().ifPresent(raw -> broadcast(t, t.txHash().orElseThrow(), raw, false));
        }
    }

    /** Nodes replace a pending transaction only for at least 10 % more; 12.5 % (and one wei) is safe. */
    private static BigInteger bump(BigInteger fee) {
        return fee.multiply(BigInteger.valueOf(1125))
                .divide(BigInteger.valueOf(1000))
                .add(BigInteger.ONE);
    }

    /**
     * Fails a transfer that none of whose transactions can be mined any more. A failed refund's amount goes back
     * to the bidder's funds (in the same database transaction).
     */
    private void fail(SettlementTransfer t, Set<Status> from, String why) {
        if (!store.settle(t.id(), from, Status.FAILED, Optional.empty(), Optional.of(why), clock.instant())) {
            return; // it moved on meanwhile
        }
        if (t.kind() == Kind.REFUND) {
            t.bidderId().ifPresent(fundsChanged);
        }
        alerts.raise("settlement_failed", describe(t) + ": " + why);
    }

    private static String describe(SettlementTransfer t) {
        return t.kind() + " of " + t.auctionId().map(a -> "auction " + a).orElse("a refund to " + t.recipient());
    }

    /** What marking a transfer done by hand came to. */
    public sealed interface MarkOutcome {
        record Done(SettlementTransfer transfer) implements MarkOutcome {}

        record Refused(String reason) implements MarkOutcome {}
    }

    /**
     * An operator executed a planned transfer by hand: checks that {@code txHash} is that transfer — sent by the
     * planned sender, mined with status 0x1 in a block still on the chain with enough confirmations, to the
     * planned address, with the planned value, and for an NFT a {@code Transfer} of the token to the winner, and
     * not already the transaction of another transfer — and marks it done. A transfer Gavel sent itself is done
     * only by one of its own transactions (another could pay twice), and a failed refund has given its amount
     * back, so it is planned anew instead.
     */
    public MarkOutcome markDone(SettlementTransfer t, String txHash) {
        if (t.status().isDone()) {
            return new MarkOutcome.Refused(
                    "already done (" + t.status() + ", " + t.txHash().orElse("") + ")");
        }
        if (t.status() == Status.SENT && !t.txHashes().contains(txHash)) {
            return new MarkOutcome.Refused("Gavel sent this transfer itself ("
                    + t.txHash().orElse("") + ") and it may still be mined; wait for it to confirm or fail");
        }
        if (t.status() == Status.FAILED && t.kind() == Kind.REFUND) {
            return new MarkOutcome.Refused(
                    "this refund failed and its amount went back to the bidder's funds; ask for a new refund");
        }
        var earlier = store.settledBy(chainId, txHash);
        if (earlier.isPresent()) {
            return new MarkOutcome.Refused(
                    "that transaction already settled transfer " + earlier.get().id());
        }
        var receipt = eth.receipt(txHash);
        if (receipt.isEmpty()) {
            return new MarkOutcome.Refused("no mined transaction " + txHash + " on chain " + chainId);
        }
        Receipt r = receipt.get();
        if (!r.succeeded()) {
            return new MarkOutcome.Refused("the transaction failed on chain (status 0x0)");
        }
        long c = r.confirmations(eth.blockNumber());
        if (c < confirmations) {
            return new MarkOutcome.Refused(
                    "it has " + c + " of " + confirmations + " confirmations; try again shortly");
        }
        if (!eth.blockHash(r.blockNumber()).map(r.blockHash()::equals).orElse(false)) {
            return new MarkOutcome.Refused("its block " + r.blockNumber() + " is no longer on the chain");
        }
        var found = eth.transaction(txHash);
        if (found.isEmpty()) {
            return new MarkOutcome.Refused("the node has its receipt but not the transaction yet; try again shortly");
        }
        var tx = found.get();
        if (!tx.from().equals(t.sender())) {
            return new MarkOutcome.Refused("it was sent by " + tx.from() + ", not by " + t.sender());
        }
        if (!tx.to().map(t.to()::equals).orElse(false)) {
            return new MarkOutcome.Refused(
                    "it was sent to " + tx.to().orElse("(a new contract)") + ", not to " + t.to());
        }
        if (t.kind() == Kind.NFT_TRANSFER) {
            boolean moved = r.logs().stream()
                    .anyMatch(l -> l.address().equals(t.to())
                            && Erc721.isTransfer(l)
                            && Hex.addressOfWord(l.topics().get(2)).equals(t.recipient())
                            && Erc721.tokenIdOf(l).equals(t.tokenId().orElseThrow()));
            if (!moved) {
                return new MarkOutcome.Refused(
                        "it does not transfer token " + t.tokenId().orElseThrow() + " to " + t.recipient());
            }
        } else if (Wei.of(tx.value()).isLessThan(t.value())) {
            return new MarkOutcome.Refused("it pays " + Wei.of(tx.value()).toEth() + " ETH, not "
                    + t.value().toEth() + " ETH");
        }
        boolean own = t.txHashes().contains(txHash);
        if (!store.settle(
                t.id(),
                own ? Set.of(Status.SENT, Status.PLANNED, Status.FAILED) : Set.of(Status.PLANNED, Status.FAILED),
                own ? Status.CONFIRMED : Status.MANUAL_DONE,
                Optional.of(txHash),
                Optional.of(own ? "confirmed (checked by an operator)" : "executed by hand"),
                clock.instant())) {
            var now = store.find(t.id()).orElseThrow();
            return new MarkOutcome.Refused("it changed meanwhile (" + now.status() + "); look again");
        }
        return new MarkOutcome.Done(store.find(t.id()).orElseThrow());
    }

    private static String gwei(BigInteger wei) {
        return new BigDecimal(wei).movePointLeft(9).stripTrailingZeros().toPlainString();
    }
}
