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
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles finished auctions on chain: plans the NFT transfer to the winner's wallet and the payout, and —
 * with a signer — sends them and tracks them to {@code confirmations}; refunds of released funds take the
 * same path.
 *
 * <p>Sending: EIP-1559 fees ({@code maxFee = 2 × baseFee + tip}, capped by the ceiling; a base fee above it
 * waits), gas from {@code eth_estimateGas} plus 20 %, the nonce as the larger of the node's pending count and
 * the highest Gavel recorded plus one. The signed bytes and hash are saved before the broadcast, so a
 * restart re-broadcasts the same transaction instead of signing a second one. A transaction not mined within
 * {@code bumpAfter} is re-signed at the same nonce with fees raised by 12.5 % (what nodes require to replace
 * it), at most {@code maxAttempts} times; a revert or running out of attempts fails it with the reason and an
 * alert. Without a signer the plans wait for an operator, who marks each done by tx hash once Gavel has
 * verified that transaction ({@link #markDone}).
 *
 * <p>Rounds run on the chain thread; {@link #markDone} and {@link #refund} may come from HTTP threads, and
 * only touch rows by their own keys.
 */
public final class Settlement {
    private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);

    /** What the auction shows of its settlement. */
    public enum AuctionSettlement {
        SETTLEMENT_PENDING,
        SETTLED,
        FAILED
    }

    /** The fee and retry policy. */
    public record Policy(BigInteger maxFeePerGas, Duration bumpAfter, int maxAttempts, Duration planWindow) {
        public static Policy ofGwei(long maxFeeGwei) {
            return new Policy(
                    BigInteger.valueOf(maxFeeGwei).multiply(GWEI), Duration.ofMinutes(2), 5, Duration.ofDays(30));
        }

        public Policy withBumpAfter(Duration d) {
            return new Policy(maxFeePerGas, d, maxAttempts, planWindow);
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
            Clock clock) {
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

    /** One round: plan newly won auctions, then (with a signer) send what is planned and track what was sent. */
    public void round() {
        planFinished();
        if (signer.isPresent()) {
            for (SettlementTransfer t : store.open(chainId)) {
                if (!t.sender().equals(operator)) {
                    continue; // planned for a sender this node cannot sign for
                }
                switch (t.status()) {
                    case PLANNED -> send(t);
                    case SENT -> track(t);
                    default -> {}
                }
            }
        }
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

    /** Plans a refund of {@code amount} to the bidder's wallet; empty when their available funds are short. */
    public Optional<SettlementTransfer> refund(UUID bidderId, String wallet, Wei amount) {
        return store.refund(SettlementTransfer.plan(
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
                clock.instant()));
    }

    private void send(SettlementTransfer t) {
        Instant now = clock.instant();
        var fees = fees();
        if (fees.isEmpty()) {
            store.note(
                    t.id(),
                    "waiting: the base fee is above the ceiling of " + gwei(policy.maxFeePerGas()) + " gwei",
                    now);
            return;
        }
        BigInteger gas;
        try {
            gas = eth.estimateGas(t.sender(), t.to(), t.value().value(), t.data())
                    .multiply(BigInteger.valueOf(120))
                    .divide(BigInteger.valueOf(100));
        } catch (RpcError refused) {
            fail(t, "the transaction would fail: " + refused.reason());
            return;
        }
        long nonce = nextNonce(t.sender());
        sign(t, nonce, gas, fees.get().tip(), fees.get().maxFee(), now);
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

    private void sign(
            SettlementTransfer t, long nonce, BigInteger gas, BigInteger tip, BigInteger maxFee, Instant now) {
        var tx =
                signer.orElseThrow().sign(chainId, nonce, gas, t.to(), t.value().value(), t.data(), tip, maxFee);
        String signed = tx.raw();
        String hash = tx.hash();
        store.signed(t.id(), nonce, hash, signed, gas, maxFee, tip, now);
        LOG.info(
                "settlement {} {}: sending {} (nonce {}, max fee {} gwei, tip {} gwei)",
                t.kind(),
                t.auctionId().map(UUID::toString).orElse(t.recipient()),
                hash,
                nonce,
                gwei(maxFee),
                gwei(tip));
        broadcast(t.withStatus(Status.SENT, Optional.empty()), signed);
    }

    private void broadcast(SettlementTransfer t, String signed) {
        try {
            eth.sendRawTransaction(signed);
        } catch (RpcError refused) {
            String why = refused.reason().toLowerCase(Locale.ROOT);
            if (why.contains("already known") || why.contains("known transaction")) {
                return;
            }
            if (why.contains("nonce too low")) {
                // mined already (the receipt will show it) or the nonce was used by someone else: tracking decides
                LOG.info("settlement {}: the node says nonce too low; tracking its receipts", t.id());
                return;
            }
            store.note(t.id(), "broadcast refused: " + refused.reason(), clock.instant());
            LOG.warn("settlement {}: broadcast refused: {}", t.id(), refused.reason());
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
                fail(t, "the transaction " + hash + " reverted (status 0x0) in block " + r.blockNumber());
                return;
            }
            if (r.confirmations(head) >= confirmations
                    && eth.blockHash(r.blockNumber()).map(r.blockHash()::equals).orElse(false)) {
                store.settle(t.id(), Status.CONFIRMED, Optional.of(hash), Optional.empty(), now);
                LOG.info("settlement {} {} confirmed: {}", t.kind(), t.id(), hash);
            }
            return; // mined; waiting for confirmations
        }
        // none of its hashes is mined
        if (eth.nonce(t.sender(), false) > t.nonce().orElseThrow()) {
            fail(t, "its nonce " + t.nonce().get() + " was used by another transaction of " + t.sender());
            return;
        }
        if (t.sentAt().map(s -> now.isBefore(s.plus(policy.bumpAfter()))).orElse(false)) {
            if (t.txHash().flatMap(eth::transaction).isEmpty()) {
                t.rawTx().ifPresent(raw -> broadcast(t, raw)); // the node forgot it (restart): send it again
            }
            return;
        }
        if (t.attempts() >= policy.maxAttempts()) {
            fail(
                    t,
                    "not mined after " + t.attempts() + " attempts (last fee "
                            + gwei(t.maxFee().orElse(BigInteger.ZERO)) + " gwei)");
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
            t.rawTx().ifPresent(raw -> broadcast(t, raw));
            return;
        }
        LOG.info("settlement {}: not mined after {}; raising fees to {} gwei", t.id(), policy.bumpAfter(), gwei(max));
        sign(t, t.nonce().orElseThrow(), t.gasLimit().orElseThrow(), tip, max, now);
    }

    /** Nodes replace a pending transaction only for at least 10 % more; 12.5 % (and one wei) is safe. */
    private static BigInteger bump(BigInteger fee) {
        return fee.multiply(BigInteger.valueOf(1125))
                .divide(BigInteger.valueOf(1000))
                .add(BigInteger.ONE);
    }

    private void fail(SettlementTransfer t, String why) {
        store.settle(t.id(), Status.FAILED, Optional.empty(), Optional.of(why), clock.instant());
        alerts.raise(
                "settlement_failed",
                t.kind() + " of " + t.auctionId().map(a -> "auction " + a).orElse("a refund to " + t.recipient()) + ": "
                        + why);
    }

    /** What marking a transfer done by hand came to. */
    public sealed interface MarkOutcome {
        record Done(SettlementTransfer transfer) implements MarkOutcome {}

        record Refused(String reason) implements MarkOutcome {}
    }

    /**
     * An operator executed a planned transfer by hand: checks that {@code txHash} is that transfer — mined with
     * status 0x1 and enough confirmations, to the planned address, with the planned value, and for an NFT a
     * {@code Transfer} of the token to the winner — and marks it done.
     */
    public MarkOutcome markDone(SettlementTransfer t, String txHash) {
        if (t.status().isDone()) {
            return new MarkOutcome.Refused(
                    "already done (" + t.status() + ", " + t.txHash().orElse("") + ")");
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
        var tx = eth.transaction(txHash).orElseThrow();
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
        store.settle(t.id(), Status.MANUAL_DONE, Optional.of(txHash), Optional.of("executed by hand"), clock.instant());
        return new MarkOutcome.Done(store.find(t.id()).orElseThrow());
    }

    private static String gwei(BigInteger wei) {
        return new java.math.BigDecimal(wei)
                .movePointLeft(9)
                .stripTrailingZeros()
                .toPlainString();
    }
}
