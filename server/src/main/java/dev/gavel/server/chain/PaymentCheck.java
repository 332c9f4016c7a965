package dev.gavel.server.chain;

import dev.gavel.auction.RejectionReason;
import dev.gavel.chain.Receipt;
import dev.gavel.chain.Transaction;
import dev.gavel.chain.rpc.EthClient;
import dev.gavel.core.money.Wei;
import dev.gavel.store.chain.ChainDeposit;
import dev.gavel.store.chain.ChainStore;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a transaction a bid names as its payment: from the bidder's linked wallet, to an escrow address,
 * worth at least the bid, receipt status {@code 0x1}, enough confirmations, and its block still the chain's.
 * A verified payment is recorded and credited as a deposit under the same key the deposit watcher uses, so
 * it counts once whichever sees it first. Thread-safe.
 */
public final class PaymentCheck {
    /** What the check found. */
    public sealed interface Verdict {
        /** The payment is final and credited. */
        record Verified() implements Verdict {}

        /** Not yet decidable (not found, not mined, not enough confirmations); {@code reason} says which. */
        record Waiting(RejectionReason ifItTimesOut, String state) implements Verdict {}

        /** It can never back the bid. */
        record Refused(RejectionReason reason, String detail) implements Verdict {}
    }

    private final EthClient eth;
    private final ChainStore store;
    private final DepositWatcher deposits;
    private final Clock clock;

    public PaymentCheck(EthClient eth, ChainStore store, DepositWatcher deposits, Clock clock) {
        this.eth = eth;
        this.store = store;
        this.deposits = deposits;
        this.clock = clock;
    }

    public long chainId() {
        return deposits.chainId();
    }

    public Verdict check(String txHash, String wallet, Wei bid) {
        Set<String> escrows = deposits.escrows();
        Optional<Transaction> found = eth.transaction(txHash);
        if (found.isEmpty()) {
            return new Verdict.Waiting(RejectionReason.PAYMENT_NOT_FOUND, "not found on chain yet");
        }
        Transaction tx = found.get();
        if (!tx.from().equals(wallet.toLowerCase(Locale.ROOT))) {
            return new Verdict.Refused(
                    RejectionReason.PAYMENT_NOT_FROM_WALLET, "sent from " + tx.from() + ", not from " + wallet);
        }
        if (tx.to().isEmpty() || !escrows.contains(tx.to().get())) {
            return new Verdict.Refused(
                    RejectionReason.PAYMENT_NOT_TO_ESCROW,
                    "sent to " + tx.to().orElse("(a new contract)") + ", not to an escrow address " + escrows);
        }
        if (Wei.of(tx.value()).isLessThan(bid)) {
            return new Verdict.Refused(
                    RejectionReason.PAYMENT_TOO_SMALL,
                    "pays " + Wei.of(tx.value()).toEth() + " ETH for a bid of " + bid.toEth() + " ETH");
        }
        Optional<Receipt> receipt = eth.receipt(txHash);
        if (receipt.isEmpty()) {
            return new Verdict.Waiting(RejectionReason.PAYMENT_UNCONFIRMED, "not mined yet");
        }
        Receipt r = receipt.get();
        if (!r.succeeded()) {
            return new Verdict.Refused(
                    RejectionReason.PAYMENT_FAILED, "receipt status 0x0 in block " + r.blockNumber());
        }
        long confirmations = r.confirmations(eth.blockNumber());
        if (confirmations < deposits.confirmations()) {
            return new Verdict.Waiting(
                    RejectionReason.PAYMENT_UNCONFIRMED,
                    confirmations + " of " + deposits.confirmations() + " confirmations");
        }
        var seen = ChainDeposit.seen(
                deposits.chainId(),
                r.transactionHash(),
                ChainDeposit.NATIVE,
                tx.to().get(),
                Optional.empty(),
                tx.from(),
                Wei.of(tx.value()),
                r.blockNumber(),
                r.blockHash(),
                clock.instant());
        store.seen(seen);
        var current =
                store.find(seen.chainId(), seen.txHash(), ChainDeposit.NATIVE).orElse(seen);
        if (current.status() == ChainDeposit.Status.CREDITED) {
            return new Verdict.Verified();
        }
        return switch (deposits.conclude(current)) {
            case CREDITED -> new Verdict.Verified();
            case REORGED -> new Verdict.Waiting(RejectionReason.PAYMENT_UNCONFIRMED, "its block was reorged out");
            case FAILED -> new Verdict.Refused(RejectionReason.PAYMENT_FAILED, "receipt status 0x0");
            default -> new Verdict.Waiting(RejectionReason.PAYMENT_UNCONFIRMED, "not credited yet");
        };
    }
}
