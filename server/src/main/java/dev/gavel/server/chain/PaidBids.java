package dev.gavel.server.chain;

import dev.gavel.auction.BidCommand;
import dev.gavel.auction.RejectionReason;
import dev.gavel.chain.rpc.RpcException;
import dev.gavel.store.chain.PaymentWaits;
import dev.gavel.store.live.BidIntakeStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bids that name a payment transaction: they wait (in PostgreSQL, so a restart resumes them) until
 * {@link PaymentCheck} verifies the payment, refuses it, or {@code wait} runs out; then they go on to the
 * sequencer through the intake stream carrying the verdict, and the rules decide them with the rest.
 * Checks run every {@code every} on a thread of its own ({@link Duration#ZERO}: only when {@link #round()}
 * is called). While the payment is verified it is also credited, so the funds check sees it. One payment
 * backs the bids of one bidder in one auction: named for another, it is refused {@code PAYMENT_ALREADY_USED}.
 * Thread-safe.
 */
public final class PaidBids implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PaidBids.class);

    private final PaymentWaits waits;
    private final PaymentCheck check;
    private final BidIntakeStream intake;
    private final Clock clock;
    private final Duration wait;
    private final ScheduledExecutorService thread;

    public PaidBids(
            PaymentWaits waits,
            PaymentCheck check,
            BidIntakeStream intake,
            Clock clock,
            Duration wait,
            Duration every) {
        this.waits = waits;
        this.check = check;
        this.intake = intake;
        this.clock = clock;
        this.wait = wait;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "gavel-paid-bids");
            t.setDaemon(true);
            return t;
        });
        if (!every.isZero()) {
            thread.scheduleWithFixedDelay(this::roundSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Holds {@code bid} until its payment {@code txHash} from {@code wallet} is settled one way or the other. */
    public void await(BidCommand bid, String txHash, String wallet) {
        if (waits.add(bid, txHash, wallet, clock.instant().plus(wait))) {
            LOG.info("bid {} waits for its payment {}", bid.key(), txHash);
        }
    }

    private void roundSafely() {
        try {
            round();
        } catch (RuntimeException e) {
            LOG.warn("checking paid bids failed, trying again: {}", e.getMessage());
        }
    }

    /** Checks every waiting bid once; returns how many went on to the sequencer. */
    public int round() {
        int released = 0;
        for (var w : waits.all()) {
            PaymentCheck.Verdict verdict;
            try {
                verdict = check.check(w.txHash(), w.wallet(), w.bid().amount());
            } catch (RpcException e) {
                verdict = new PaymentCheck.Verdict.Waiting(
                        RejectionReason.PAYMENT_UNCONFIRMED, "chain unavailable: " + e.getMessage());
            }
            BidCommand.Payment payment;
            switch (verdict) {
                case PaymentCheck.Verdict.Verified v -> {
                    if (waits.claim(check.chainId(), w.txHash(), w.bid())) {
                        payment = BidCommand.Payment.verified(w.txHash());
                    } else {
                        LOG.info(
                                "bid {}: payment {} already backs another bid",
                                w.bid().key(),
                                w.txHash());
                        payment = BidCommand.Payment.refused(w.txHash(), RejectionReason.PAYMENT_ALREADY_USED);
                    }
                }
                case PaymentCheck.Verdict.Refused r -> {
                    LOG.info("bid {}: payment {} refused: {}", w.bid().key(), w.txHash(), r.detail());
                    payment = BidCommand.Payment.refused(w.txHash(), r.reason());
                }
                case PaymentCheck.Verdict.Waiting still -> {
                    if (clock.instant().isBefore(w.deadline())) {
                        if (!w.lastState().map(still.state()::equals).orElse(false)) {
                            waits.note(w.bid().key(), still.state());
                        }
                        continue;
                    }
                    LOG.info(
                            "bid {}: payment {} still {} after {}; rejecting",
                            w.bid().key(),
                            w.txHash(),
                            still.state(),
                            wait);
                    payment = BidCommand.Payment.refused(w.txHash(), still.ifItTimesOut());
                }
            }
            intake.publish(w.bid().withPayment(payment));
            waits.done(w.bid().key());
            released++;
        }
        return released;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
