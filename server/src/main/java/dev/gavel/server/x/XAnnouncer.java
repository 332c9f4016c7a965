package dev.gavel.server.x;

import dev.gavel.auction.AuctionStatus;
import dev.gavel.server.Shutdown;
import dev.gavel.social.notice.Notices;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.x.XOutbox;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time-driven announcements: the teaser before an auction starts and the 30/10/1-minute warnings before
 * it ends. Each check composes what is due now and queues it; notices have fixed keys, so checking again (or
 * on another node, or after a restart) queues nothing twice. Start, extension and result announcements come
 * with the sequencer's commits instead ({@link XNotices}).
 */
public final class XAnnouncer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XAnnouncer.class);

    private final AuctionStore auctions;
    private final XOutbox outbox;
    private final Clock clock;
    private final Duration teaserLead;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("x-announcer").factory());

    public XAnnouncer(AuctionStore auctions, XOutbox outbox, Clock clock, Duration teaserLead) {
        this.auctions = auctions;
        this.outbox = outbox;
        this.clock = clock;
        this.teaserLead = teaserLead;
    }

    /** Checks every {@code interval} (real time). */
    public void start(Duration interval) {
        schedule.scheduleWithFixedDelay(
                () -> {
                    try {
                        announceDue();
                    } catch (RuntimeException e) {
                        LOG.warn("could not queue announcements ({}); trying again", e.getMessage());
                    }
                },
                0,
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Queues what is due now; returns how many were new. */
    public int announceDue() {
        var entries = new ArrayList<dev.gavel.store.x.OutboxEntry>();
        for (StoredAuction auction : auctions.open()) {
            var status = auction.state().status();
            if (auction.hashtag().isEmpty() || (status != AuctionStatus.PENDING && status != AuctionStatus.ACTIVE)) {
                continue;
            }
            Notices.due(XNotices.info(auction), auction.state(), clock.instant(), teaserLead).stream()
                    .map(n -> XNotices.entry(n, clock))
                    .forEach(entries::add);
        }
        return outbox.enqueue(entries);
    }

    /** Lets a check in flight finish (it writes to PostgreSQL): see {@link Shutdown}. */
    @Override
    public void close() {
        Shutdown.gracefully(schedule, Duration.ofSeconds(10));
    }
}
