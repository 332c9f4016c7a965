package dev.gavel.server.auction;

import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.x.OutboxEntry;
import java.util.List;

/**
 * The posts a batch of an auction's events owes its channels (replies on X, announcements), written in the
 * batch's own transaction. Called on the sequencer's thread before the commit.
 */
@FunctionalInterface
public interface CommitNotices {
    CommitNotices NONE = (auction, events) -> List.of();

    List<OutboxEntry> of(StoredAuction auction, List<AuctionEvent> events);
}
