package dev.gavel.server.x;

import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidSource;
import dev.gavel.server.chain.PaidBids;
import dev.gavel.social.BidPost;
import dev.gavel.social.BidPostParser;
import dev.gavel.social.notice.Notices;
import dev.gavel.social.x.Tweet;
import dev.gavel.social.x.XClient;
import dev.gavel.social.x.XUser;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.live.BidIntakeStream;
import dev.gavel.store.x.XCheckpoints;
import dev.gavel.store.x.XOutbox;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads bid posts from X for every live auction with a hashtag: recent search for {@code "#TAG is:reply"}
 * from the auction's checkpoint, all pages, oldest first. Each bid post becomes a {@link BidCommand} (source
 * X, external id = the post's first-version id, so an edit stays one bid; event time = {@code created_at})
 * on the intake stream; the checkpoint moves only after that, so a restart misses nothing and what it reads
 * twice is recognised by its key. A post that looks like a bid but is not gets one helpful reply; other
 * posts are left alone. Thread-safe (one polling thread).
 */
public final class XBidChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XBidChannel.class);

    private final XClient x;
    private final AuctionStore auctions;
    private final XAccounts accounts;
    private final XOutbox outbox;
    private final BidIntakeStream intake;
    private final XCheckpoints checkpoints;
    private final Clock clock;
    private final XPolling polling;
    private final Optional<String> hostUserId;
    private final Optional<PaidBids> paidBids;

    public XBidChannel(
            XClient x,
            AuctionStore auctions,
            XAccounts accounts,
            XOutbox outbox,
            BidIntakeStream intake,
            XCheckpoints checkpoints,
            Clock clock,
            Duration interval,
            Optional<String> hostUserId,
            Optional<PaidBids> paidBids) {
        this.hostUserId = hostUserId;
        this.paidBids = paidBids;
        this.x = x;
        this.auctions = auctions;
        this.accounts = accounts;
        this.outbox = outbox;
        this.intake = intake;
        this.checkpoints = checkpoints;
        this.clock = clock;
        this.polling = new XPolling("x-bid-channel", clock, interval);
    }

    /** Polls every {@code interval}, one round at a time; a spent rate limit pauses polling until its reset. */
    public void start() {
        polling.start(this::pollOnce);
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
        var read = XRead.all(next -> x.searchRecent(hashtag + " is:reply", since, next), polling::running);
        int published = 0;
        for (Tweet post : read.posts()) {
            // the host's own replies name the hashtag and amounts too; they are not bids
            if (hostUserId.map(post.authorId()::equals).orElse(false)) {
                continue;
            }
            if (publish(auction, hashtag, post, read.users())) {
                published++;
            }
        }
        read.newestId().ifPresent(id -> checkpoints.advance(stream, id, clock.instant()));
        return published;
    }

    private boolean publish(StoredAuction auction, String hashtag, Tweet post, Map<String, XUser> users) {
        switch (BidPostParser.parse(post.text())) {
            case BidPost.Bid bid -> {
                if (!bid.hashtag().equalsIgnoreCase(hashtag)) {
                    return false;
                }
                var bidder = accounts.bidderFor(post.authorId(), users.get(post.authorId()));
                var command = new BidCommand(
                        new BidKey(BidSource.X, post.firstVersionId()),
                        auction.state().id(),
                        bidder.id(),
                        bid.amount(),
                        post.createdAt(),
                        clock.instant());
                // a bid paid by tx hash waits for its payment; without a linked wallet there is nothing to check
                // it against, and the rules reject it as not linked
                if (bid.txHash().isPresent()
                        && paidBids.isPresent()
                        && bidder.wallet().isPresent()) {
                    paidBids.get()
                            .await(command, bid.txHash().get(), bidder.wallet().get());
                } else {
                    intake.publish(command);
                }
                return true;
            }
            case BidPost.Malformed malformed -> {
                LOG.info("X post {} looks like a bid but is not: {}", post.id(), malformed.reason());
                outbox.enqueue(List.of(XNotices.entry(
                        Notices.malformed(
                                Optional.of(auction.state().id()), post.firstVersionId(), hashtag, malformed.reason()),
                        clock)));
                return false;
            }
            case BidPost.NotABid none -> {
                return false;
            }
        }
    }

    @Override
    public void close() {
        polling.close();
    }
}
