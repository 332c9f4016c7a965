package dev.gavel.server.market.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.server.Shutdown;
import dev.gavel.store.market.AlertStore;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alert firings from the outbox ({@code alert_deliveries}): a worker claims the due deliveries (any node
 * may run one; {@code SKIP LOCKED} keeps them apart), sends each on a virtual thread of its own — at most {@code
 * maxInFlight} at once, each held to its channel's timeout — and records the outcome: delivered, due again after a
 * doubling wait, or FAILED after the last attempt. One slow or failing channel never holds up another delivery.
 *
 * <p>{@link #wake()} (the evaluator calls it after a firing) makes the worker look at once; otherwise it looks
 * every poll interval, so a firing is usually sent within milliseconds and a retry within a poll of being due.
 * A delivery whose worker dies is due again when its lease ends. Thread-safe.
 */
public final class AlertDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);

    private final AlertStore store;
    private final Map<String, AlertSender> senders;
    private final AlertSettings settings;
    private final Clock clock;
    private final Semaphore inFlight;
    private final Semaphore wakeups = new Semaphore(0);
    private final ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;
    private Thread worker;

    /** {@code senders} by channel kind ({@code "webhook"}, {@code "email"}); a kind without one fails its deliveries. */
    public AlertDispatcher(AlertStore store, Map<String, AlertSender> senders, AlertSettings settings, Clock clock) {
        this.store = store;
        this.senders = Map.copyOf(senders);
        this.settings = settings;
        this.clock = clock;
        this.inFlight = new Semaphore(settings.maxInFlight());
    }

    /** A dispatcher with a webhook sender and, when SMTP is configured, an e-mail sender. */
    public static AlertDispatcher create(
            AlertStore store,
            AlertSettings settings,
            WebhookSignatures signatures,
            WebhookTargets targets,
            ObjectMapper mapper,
            Clock clock) {
        var senders = new HashMap<String, AlertSender>();
        senders.put("webhook", new WebhookSender(mapper, signatures, targets, settings.webhookTimeout(), clock));
        settings.smtp().ifPresent(smtp -> senders.put("email", new EmailSender(smtp, clock)));
        return new AlertDispatcher(store, senders, settings, clock);
    }

    public synchronized AlertDispatcher start() {
        if (worker == null) {
            running = true;
            worker = Thread.ofPlatform().name("gavel-alert-dispatcher").daemon().start(this::run);
        }
        return this;
    }

    /** Look for due deliveries now. */
    public void wake() {
        wakeups.release();
    }

    private void run() {
        while (running) {
            boolean more = false;
            try {
                more = dispatchDue();
            } catch (RuntimeException e) {
                LOG.warn(
                        "alert deliveries not claimed; trying again in {}: {}",
                        settings.pollInterval(),
                        e.getMessage());
            }
            if (!more) {
                try {
                    if (wakeups.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                        wakeups.drainPermits();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Claims as many due deliveries as there is room for and sends them; true when the room was filled. */
    private boolean dispatchDue() {
        int room = inFlight.availablePermits();
        if (room == 0) {
            return false; // a finishing delivery wakes the worker
        }
        List<AlertStore.Claimed> claimed = store.claimDue(room, settings.lease());
        for (AlertStore.Claimed delivery : claimed) {
            inFlight.acquireUninterruptibly();
            sending.execute(() -> {
                try {
                    deliver(delivery);
                } finally {
                    inFlight.release();
                    wake();
                }
            });
        }
        return claimed.size() == room;
    }

    private void deliver(AlertStore.Claimed delivery) {
        String kind = delivery.channel().kind();
        AlertSender sender = senders.get(kind);
        AlertSender.Outcome outcome;
        if (sender == null) {
            outcome = new AlertSender.Outcome.Failed("no " + kind + " channel is configured on this server", false);
        } else {
            try {
                outcome = sender.send(delivery);
            } catch (RuntimeException e) {
                outcome = new AlertSender.Outcome.Failed("sending failed: " + e, true);
            }
        }
        try {
            switch (outcome) {
                case AlertSender.Outcome.Delivered d -> {
                    store.markDelivered(delivery.deliveryId(), delivery.attempt(), d.detail());
                    LOG.debug(
                            "alert event {} delivered to {} on attempt {}: {}",
                            delivery.event().id(),
                            kind,
                            delivery.attempt(),
                            d.detail());
                }
                case AlertSender.Outcome.Failed f -> {
                    boolean again = f.retry() && delivery.attempt() < settings.maxAttempts();
                    Optional<Duration> wait =
                            again ? Optional.of(settings.retryAfter(delivery.attempt())) : Optional.empty();
                    store.markFailed(delivery.deliveryId(), delivery.attempt(), f.error(), wait.map(w -> clock.instant()
                            .plus(w)));
                    if (again) {
                        LOG.info(
                                "alert event {} to {} failed on attempt {} ({}); next in {}",
                                delivery.event().id(),
                                kind,
                                delivery.attempt(),
                                f.error(),
                                wait.get());
                    } else {
                        LOG.warn(
                                "alert event {} to {} failed for good after attempt {}: {}",
                                delivery.event().id(),
                                kind,
                                delivery.attempt(),
                                f.error());
                    }
                }
            }
        } catch (RuntimeException e) {
            // the lease brings the delivery back; the receiver may see it twice, with the same X-Gavel-Delivery
            LOG.warn("outcome of alert delivery {} not recorded: {}", delivery.deliveryId(), e.getMessage());
        }
    }

    @Override
    public void close() {
        Thread stopping;
        synchronized (this) {
            running = false;
            stopping = worker;
            worker = null;
        }
        wake();
        if (stopping != null) {
            try {
                stopping.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // what overruns the grace is interrupted, and is due again after its lease
        Shutdown.gracefully(sending, settings.webhookTimeout().multipliedBy(2));
        for (AlertSender sender : senders.values()) {
            if (sender instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debug("alert sender not closed cleanly: {}", e.getMessage());
                }
            }
        }
    }
}
