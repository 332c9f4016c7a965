package dev.gavel.server.x;

import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.BidSource;
import dev.gavel.server.auction.AuctionEvent;
import dev.gavel.server.auction.Bidders;
import dev.gavel.server.auction.CommitNotices;
import dev.gavel.social.notice.AuctionInfo;
import dev.gavel.social.notice.Notice;
import dev.gavel.social.notice.Notices;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.x.OutboxEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an auction's committed events owe X: a reply to every bid post (accepted or rejected), an outbid
 * notice to the leader a bid displaced, the winner's notice, and the start, extension and result
 * announcements. Only auctions with a hashtag are on X. Thread-safe.
 */
public final class XNotices implements CommitNotices {
    private final Bidders bidders;
    private final Clock clock;

    public XNotices(Bidders bidders, Clock clock) {
        this.bidders = bidders;
        this.clock = clock;
    }

    @Override
    public List<OutboxEntry> of(StoredAuction auction, List<AuctionEvent> events) {
        if (auction.hashtag().isEmpty()) {
            return List.of();
        }
        var info = info(auction);
        var notices = new ArrayList<Notice>();
        for (AuctionEvent event : events) {
            switch (event) {
                case AuctionEvent.BidDecided d -> {
                    if (d.bid().command().key().source() == BidSource.X) {
                        notices.add(Notices.decision(info, d.bid(), d.state()));
                    }
                    // An outbid bid that came from the API has no reply to answer; the outbox drops this then.
                    d.outbid()
                            .filter(o -> !o.bidderId().equals(d.bid().command().bidderId()))
                            .ifPresent(
                                    o -> notices.add(Notices.outbid(info, o.bidId(), handle(o.bidderId()), d.state())));
                }
                case AuctionEvent.Extended e -> {
                    if (e.state().status() == AuctionStatus.ACTIVE) {
                        notices.add(Notices.extended(info, e.state()));
                    }
                }
                case AuctionEvent.StatusChanged s -> {
                    if (s.state().status() == AuctionStatus.ACTIVE) {
                        notices.add(Notices.started(info, s.state()));
                    } else if (s.state().status() == AuctionStatus.CANCELLED) {
                        notices.add(Notices.result(info, s.state(), Optional.empty()));
                    }
                }
                case AuctionEvent.Finalized f -> {
                    var winner = f.winningBid().map(b -> handle(b.command().bidderId()));
                    notices.add(Notices.result(info, f.state(), winner));
                    f.winningBid().ifPresent(b -> notices.add(Notices.won(info, b, winner.orElseThrow())));
                }
            }
        }
        return notices.stream().map(n -> entry(n, clock)).toList();
    }

    static AuctionInfo info(StoredAuction auction) {
        String tag = auction.hashtag().orElseThrow();
        return new AuctionInfo(auction.state().id(), auction.name(), tag.startsWith("#") ? tag : "#" + tag);
    }

    private String handle(java.util.UUID bidderId) {
        String handle = bidders.handleOf(bidderId);
        return handle == null ? "bidder" : handle;
    }

    static OutboxEntry entry(Notice n, Clock clock) {
        return new OutboxEntry(
                n.key(),
                n.kind().name(),
                n.auctionId(),
                n.replyToPost(),
                n.replyToKey(),
                n.text(),
                clock.instant(),
                n.notAfter());
    }
}
