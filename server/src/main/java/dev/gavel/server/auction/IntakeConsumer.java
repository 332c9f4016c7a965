package dev.gavel.server.auction;

import dev.gavel.auction.Sequenced;
import dev.gavel.store.Redis;
import dev.gavel.store.live.BidIntakeStream;
import dev.gavel.store.live.IntakeMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the bid intake stream for this node and hands each bid to its auction's sequencer. An entry is
 * acknowledged only once its decision is committed. A failed hand-over is retried three times with
 * exponential backoff and jitter; then an entry that can never be decided (no such auction, malformed, an
 * unexpected error) goes to the dead-letter stream with the reason ({@code gavel.bids.dead} counts them),
 * while one whose sequencer is only unavailable for now (moving between nodes, storage down) stays pending.
 * Entries read but never acknowledged are claimed after {@code claimIdle} and decided again — the sequencer
 * recognises a key it already decided.
 */
public final class IntakeConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeConsumer.class);
    static final int MAX_RETRIES = 3;

    private final BidIntakeStream intake;
    private final Redis redis;
    private final AuctionHouse house;
    private final String consumer;
    private final Clock clock;
    private final Duration claimIdle;
    private final ConcurrentLinkedQueue<String> toAck = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("intake-retry").daemon(true).factory());
    private final Counter received;
    private final Counter dead;
    private final Counter retried;
    private final Timer latency;
    private volatile boolean running = true;
    private Thread thread;

    public IntakeConsumer(
            BidIntakeStream intake,
            Redis redis,
            AuctionHouse house,
            String consumer,
            Clock clock,
            Duration claimIdle,
            MeterRegistry registry) {
        this.intake = intake;
        this.redis = redis;
        this.house = house;
        this.consumer = consumer;
        this.clock = clock;
        this.claimIdle = claimIdle;
        this.received = Counter.builder("gavel.bids.intake")
                .description("bids read from the intake stream")
                .register(registry);
        this.dead = Counter.builder("gavel.bids.dead")
                .description("bids sent to the dead-letter stream")
                .register(registry);
        this.retried = Counter.builder("gavel.bids.retried")
                .description("bid hand-overs retried")
                .register(registry);
        this.latency = Timer.builder("gavel.bids.decision.latency")
                .description("from receipt of a bid to its committed decision")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    public void start() {
        intake.ensureGroup();
        thread = Thread.ofVirtual().name("bid-intake").start(this::run);
    }

    private void run() {
        long nextClaim = 0;
        try (var connection = redis.dedicated()) {
            while (running) {
                try {
                    flushAcks();
                    if (System.nanoTime() >= nextClaim) {
                        intake.claimStale(consumer, claimIdle, 500).forEach(m -> handle(m, 0));
                        nextClaim = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    }
                    for (IntakeMessage message : intake.read(connection, consumer, 1_000, Duration.ofMillis(200))) {
                        received.increment();
                        handle(message, 0);
                    }
                } catch (RuntimeException e) {
                    if (running) {
                        LOG.warn("reading the bid intake stream failed ({}); trying again in a second", e.getMessage());
                        sleepQuietly(Duration.ofSeconds(1));
                    }
                }
            }
        }
        flushAcks();
    }

    private void handle(IntakeMessage message, int attempt) {
        if (message.command().isEmpty()) {
            deadLetter(message, message.problem());
            return;
        }
        var bid = message.command().get();
        house.submit(bid).whenComplete((sequenced, error) -> {
            if (error == null) {
                if (sequenced instanceof Sequenced.Fresh) {
                    latency.record(Duration.between(bid.receivedAt(), clock.instant()));
                }
                toAck.add(message.id());
                return;
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof AuctionHouse.UnknownAuction) {
                deadLetter(message, cause.getMessage());
            } else if (attempt < MAX_RETRIES) {
                retried.increment();
                long backoff = (100L << attempt) + ThreadLocalRandom.current().nextLong(50);
                retries.schedule(() -> handle(message, attempt + 1), backoff, TimeUnit.MILLISECONDS);
            } else if (cause instanceof SequencerRunner.SequencerUnavailable) {
                // Not lost, not dead: the sequencer is moving between nodes or storage is down. The entry stays
                // pending and is claimed again after claimIdle.
                LOG.info("intake entry {} left pending for redelivery: {}", message.id(), cause.getMessage());
            } else {
                deadLetter(message, "gave up after " + (MAX_RETRIES + 1) + " attempts: " + cause.getMessage());
            }
        });
    }

    private void deadLetter(IntakeMessage message, String reason) {
        try {
            intake.deadLetter(message, reason, clock.instant());
            dead.increment();
            LOG.warn("bid intake entry {} sent to {}: {}", message.id(), dev.gavel.store.live.Keys.DEAD, reason);
        } catch (RuntimeException e) {
            LOG.error(
                    "could not dead-letter intake entry {} ({}); it stays pending and is claimed again",
                    message.id(),
                    e.getMessage());
        }
    }

    private void flushAcks() {
        var ids = new ArrayList<String>();
        for (String id; (id = toAck.poll()) != null; ) {
            ids.add(id);
        }
        if (!ids.isEmpty()) {
            try {
                intake.ack(List.copyOf(ids));
            } catch (RuntimeException e) {
                toAck.addAll(ids); // decided and committed; acknowledging again later is harmless
            }
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        retries.shutdownNow();
    }
}
