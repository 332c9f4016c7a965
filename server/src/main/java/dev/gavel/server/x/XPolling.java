package dev.gavel.server.x;

import dev.gavel.server.Shutdown;
import dev.gavel.social.x.XException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one polling round of an X channel every {@code interval} on a thread of its own; a spent rate limit
 * pauses rounds until its reset, any other failure is logged and the next round tries again.
 */
final class XPolling implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XPolling.class);

    private final String name;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService schedule;
    private volatile boolean running = true;
    private volatile Instant quietUntil = Instant.EPOCH;

    XPolling(String name, Clock clock, Duration interval) {
        this.name = name;
        this.clock = clock;
        this.interval = interval;
        this.schedule = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name(name).factory());
    }

    void start(Runnable round) {
        schedule.scheduleWithFixedDelay(
                () -> {
                    if (!running || clock.instant().isBefore(quietUntil)) {
                        return;
                    }
                    try {
                        round.run();
                    } catch (XException.RateLimited e) {
                        LOG.info("{}: X rate limit, polling resumes after {}", name, e.resetAt());
                        quietUntil = e.resetAt();
                    } catch (RuntimeException e) {
                        if (running) {
                            LOG.warn("{}: polling X failed ({}); trying again", name, e.getMessage());
                        } else {
                            // closing interrupts the round in flight: that is not X failing
                            LOG.debug("{}: polling stopped mid-round ({})", name, e.getMessage());
                        }
                    }
                },
                0,
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** False once closed: a round in progress stops paging. */
    boolean running() {
        return running;
    }

    /**
     * Lets a round in flight finish what it was recording (it stops paging once {@link #running()} is false),
     * interrupting it only after 10 s: see {@link Shutdown}.
     */
    @Override
    public void close() {
        running = false;
        Shutdown.gracefully(schedule, Duration.ofSeconds(10));
    }
}
