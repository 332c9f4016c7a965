package dev.gavel.server.x;

import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidSource;
import dev.gavel.social.BidPost;
import dev.gavel.social.BidPostParser;
import dev.gavel.social.x.Tweet;
import dev.gavel.social.x.XClient;
import dev.gavel.social.x.XException;
import dev.gavel.social.x.XUser;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderCreation;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.live.BidIntakeStream;
import dev.gavel.store.x.XCheckpoints;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads bid posts from X for every live auction with a hashtag: recent search for {@code "#TAG is:reply"}
 * from the auction's checkpoint, all pages, oldest first. Each bid post becomes a {@link BidCommand} (source
 * X, external id = the post's first-version id, so an edit stays one bid; event time = {@code created_at})
 * on the intake stream; the checkpoint moves only after that, so a restart misses nothing and what it reads
 * twice is recognised by its key. Posts that are not bids are left alone. Thread-safe (one polling thread).
 */
public final class XBidChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XBidChannel.class);

    private final XClient x;
    private final AuctionStore auctions;
    private final BidderStore bidders;
    private final BidIntakeStream intake;
    private final XCheckpoints checkpoints;
    private final Clock clock;
    private final Duration interval;
    private final java.util.concurrent.ScheduledExecutorService schedule =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofVirtual().name("x-bid-channel").factory());
    private volatile boolean running = true;
    private volatile java.time.Instant quietUntil = java.time.Instant.EPOCH;

    public XBidChannel(
            XClient x,
            AuctionStore auctions,
            BidderStore bidders,
            BidIntakeStream intake,
            XCheckpoints checkpoints,
            Clock clock,
            Duration interval) {
        this.x = x;
        this.auctions = auctions;
        this.bidders = bidders;
        this.intake = intake;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.interval = interval;
    }

    /** Polls every {@code interval}, one round at a time; a spent rate limit pauses polling until its reset. */
    public void start() {
        schedule.scheduleWithFixedDelay(
                this::round, 0, interval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void round() {
        if (!running || clock.instant().isBefore(quietUntil)) {
            return;
        }
        try {
            pollOnce();
        } catch (XException.RateLimited e) {
            LOG.info("X rate limit: polling resumes after {}", e.resetAt());
            quietUntil = e.resetAt();
        } catch (RuntimeException e) {
            LOG.warn("polling X failed ({}); trying again", e.getMessage());
        }
    }

    /** One round over the live auctions; returns how many bid posts went onto the intake stream. */
    public int pollOnce() {
        int published = 0;
        for (StoredAuction auction : auctions.open()) {
            var status = auction.state().status();
            if (auction.hashtag().isEmpty() || (status != AuctionStatus.ACTIVE && status != AuctionStatus.PROCESSING)) {
                continue;
            }
            published += poll(auction);
        }
        return published;
    }

    private int poll(StoredAuction auction) {
        String hashtag = auction.hashtag().get();
        String stream = "search:" + hashtag.toUpperCase(Locale.ROOT);
        Optional<String> since = checkpoints.sinceId(stream);
        var posts = new ArrayList<Tweet>();
        var users = new java.util.HashMap<String, XUser>();
        Optional<String> newest = Optional.empty();
        Optional<String> next = Optional.empty();
        do {
            var page = x.searchRecent(hashtag + " is:reply", since, next);
            if (newest.isEmpty()) {
                newest = page.newestId();
            }
            posts.addAll(page.tweets());
            users.putAll(page.users());
            next = page.nextToken();
        } while (next.isPresent() && running);
        posts.sort(Comparator.comparing((Tweet t) -> Long.parseLong(t.id())));
        int published = 0;
        for (Tweet post : posts) {
            if (publish(auction, hashtag, post, users)) {
                published++;
            }
        }
        newest.ifPresent(id -> checkpoints.advance(stream, id, clock.instant()));
        return published;
    }

    private boolean publish(StoredAuction auction, String hashtag, Tweet post, Map<String, XUser> users) {
        switch (BidPostParser.parse(post.text())) {
            case BidPost.Bid bid -> {
                if (!bid.hashtag().equalsIgnoreCase(hashtag)) {
                    return false;
                }
                var bidder = bidderFor(post.authorId(), users.get(post.authorId()));
                intake.publish(new BidCommand(
                        new BidKey(BidSource.X, post.firstVersionId()),
                        auction.state().id(),
                        bidder.id(),
                        bid.amount(),
                        post.createdAt(),
                        clock.instant()));
                return true;
            }
            case BidPost.Malformed malformed -> {
                LOG.info("X post {} looks like a bid but is not: {}", post.id(), malformed.reason());
                return false;
            }
            case BidPost.NotABid none -> {
                return false;
            }
        }
    }

    /** The bidder behind an X account, made on first sight; its account age is noted from X. */
    private Bidder bidderFor(String xUserId, XUser user) {
        var existing = bidders.findByXUser(xUserId);
        if (existing.isPresent()) {
            if (existing.get().xAccountCreatedAt().isEmpty() && user != null) {
                user.createdAt()
                        .ifPresent(
                                at -> bidders.noteXAccountCreated(existing.get().id(), at));
            }
            return existing.get();
        }
        String base = user == null || user.username().isBlank()
                ? "x_" + xUserId
                : user.username().replaceAll("[^A-Za-z0-9_]", "_");
        for (int attempt = 0; attempt < 20; attempt++) {
            String handle = attempt == 0 ? base : base + "_" + (attempt + 1);
            var created = bidders.create(new Bidder(
                    UUID.randomUUID(),
                    handle,
                    Optional.empty(),
                    Optional.of(xUserId),
                    Optional.empty(),
                    clock.instant(),
                    Optional.empty(),
                    user == null ? Optional.empty() : user.createdAt()));
            if (created instanceof BidderCreation.Created c) {
                return c.bidder();
            }
            var raced = bidders.findByXUser(xUserId);
            if (raced.isPresent()) {
                return raced.get();
            }
        }
        throw new IllegalStateException("no free bidder handle for X user " + xUserId);
    }

    @Override
    public void close() {
        running = false;
        schedule.shutdownNow();
    }
}
