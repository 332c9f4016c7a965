package dev.gavel.server.x;

import dev.gavel.server.Shutdown;
import dev.gavel.social.x.Tweet;
import dev.gavel.social.x.XClient;
import dev.gavel.social.x.XException;
import dev.gavel.store.x.OutboxItem;
import dev.gavel.store.x.XOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts what the outbox holds, as the host, under X's posting limits: announcements first, then replies in
 * the order they were queued. A spent rate limit pauses sending until its reset; failures are retried with
 * growing backoff, never dropped; a post X refuses for good (its target deleted, say) and a stale
 * announcement are skipped with the reason. Before posting again after an attempt whose outcome is unknown (a
 * timeout, a crash between posting and recording), it looks on X for the host's reply to the same post, so a
 * restart does not reply twice. Runs on one thread of its own.
 */
public final class XReplySender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XReplySender.class);
    private static final int BATCH = 20;
    private static final Duration CLAIM = Duration.ofMinutes(2);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

    private final XClient x;
    private final XOutbox outbox;
    private final String hostUserId;
    private final Clock clock;
    private final Duration interval;
    private final Counter sent;
    private final Counter skipped;
    private final Counter retried;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("x-replies").factory());
    private volatile boolean running = true;
    private volatile Instant pausedUntil = Instant.EPOCH;

    public XReplySender(
            XClient x, XOutbox outbox, String hostUserId, Clock clock, Duration interval, MeterRegistry metrics) {
        this.x = x;
        this.outbox = outbox;
        this.hostUserId = hostUserId;
        this.clock = clock;
        this.interval = interval;
        this.sent = Counter.builder("gavel.x.posts").tag("outcome", "sent").register(metrics);
        this.skipped =
                Counter.builder("gavel.x.posts").tag("outcome", "skipped").register(metrics);
        this.retried =
                Counter.builder("gavel.x.posts").tag("outcome", "retried").register(metrics);
    }

    public void start() {
        schedule.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            sendDue();
        } catch (RuntimeException e) {
            LOG.warn("sending posts to X failed ({}); trying again", e.getMessage());
        }
    }

    /** One pass over what is due; returns how many were posted. */
    public int sendDue() {
        int posted = 0;
        while (running && !clock.instant().isBefore(pausedUntil)) {
            var claimed = outbox.claim(BATCH, clock.instant(), CLAIM);
            if (claimed.isEmpty()) {
                break;
            }
            for (OutboxItem item : claimed) {
                if (!running || clock.instant().isBefore(pausedUntil)) {
                    outbox.release(item.id(), pausedUntil.isAfter(clock.instant()) ? pausedUntil : clock.instant());
                    continue;
                }
                if (send(item)) {
                    posted++;
                }
            }
        }
        return posted;
    }

    private boolean send(OutboxItem item) {
        Instant now = clock.instant();
        var entry = item.entry();
        if (entry.notAfter().isPresent() && now.isAfter(entry.notAfter().get())) {
            skip(item, "stale: its moment passed at " + entry.notAfter().get());
            return false;
        }
        Optional<String> target = item.replyTarget();
        if (entry.replyToKey().isPresent() && target.isEmpty()) {
            skip(item, "the post it answers (" + entry.replyToKey().get() + ") was never made");
            return false;
        }
        try {
            if (item.attempts() > 1 && target.isPresent()) {
                var earlier = earlierReply(target.get());
                if (earlier.isPresent()) {
                    LOG.info("outbox {}: an earlier attempt did reach X as {}", entry.key(), earlier.get());
                    outbox.markSent(item.id(), earlier.get(), clock.instant());
                    sent.increment();
                    return true;
                }
            }
            String id = x.post(entry.text(), target);
            outbox.markSent(item.id(), id, clock.instant());
            sent.increment();
            return true;
        } catch (XException.RateLimited e) {
            LOG.info("X posting limit reached: sending resumes after {}", e.resetAt());
            pausedUntil = e.resetAt();
            outbox.release(item.id(), e.resetAt());
        } catch (XException.Rejected e) {
            if (e.status() == 400 || e.status() == 403 || e.status() == 404) {
                skip(item, "X refused it (" + e.status() + "): " + e.getMessage());
            } else {
                retry(item, "X answered " + e.status() + ": " + e.getMessage());
            }
        } catch (XException.Unavailable e) {
            retry(item, e.getMessage());
        }
        return false;
    }

    /** The host's reply to {@code postId}, if X has one (recent search finds it). */
    private Optional<String> earlierReply(String postId) {
        var page = x.searchRecent(
                "in_reply_to_tweet_id:" + postId + " from:" + hostUserId, Optional.empty(), Optional.empty());
        return page.tweets().stream()
                .filter(t -> t.authorId().equals(hostUserId))
                .filter(t -> t.inReplyToTweetId().map(postId::equals).orElse(false))
                .map(Tweet::id)
                .findFirst();
    }

    private void retry(OutboxItem item, String error) {
        long base = Math.min(MAX_BACKOFF.toMillis(), 2_000L << Math.min(item.attempts(), 20));
        long wait = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        Instant at = clock.instant().plusMillis(wait);
        LOG.warn("outbox {}: not posted ({}); retrying at {}", item.entry().key(), error, at);
        outbox.retryLater(item.id(), error, at);
        retried.increment();
    }

    private void skip(OutboxItem item, String reason) {
        LOG.info("outbox {}: skipped, {}", item.entry().key(), reason);
        outbox.skip(item.id(), reason, clock.instant());
        skipped.increment();
    }

    @Override
    public void close() {
        running = false;
        // a post in flight is finished and recorded, so a restart does not send it again
        Shutdown.gracefully(schedule, Duration.ofSeconds(10));
    }
}
