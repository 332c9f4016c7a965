package dev.gavel.store.auction;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.BidRecord;
import dev.gavel.auction.BidderFunds;
import dev.gavel.store.x.OutboxEntry;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * What one group commit writes for one auction: the new bid rows, the auction's state after them, the
 * funds they changed (latest per bidder), the bids voided, the admin actions taken, and the posts on X the
 * batch owes (replies to bid posts, announcements) — in the same transaction, so none is lost on a crash.
 *
 * @param leaseToken the sequencer's fencing token; a smaller one than the row's means another node took over
 */
public record CommitBatch(
        AuctionState state,
        long leaseToken,
        List<BidRecord> bids,
        Collection<BidderFunds> funds,
        List<VoidedBid> voided,
        List<AdminRecord> actions,
        List<OutboxEntry> outbox) {

    public CommitBatch(
            AuctionState state,
            long leaseToken,
            List<BidRecord> bids,
            Collection<BidderFunds> funds,
            List<VoidedBid> voided,
            List<AdminRecord> actions) {
        this(state, leaseToken, bids, funds, voided, actions, List.of());
    }

    public record VoidedBid(UUID bidId, String reason, java.time.Instant at) {}

    public boolean isEmpty() {
        return bids.isEmpty() && funds.isEmpty() && voided.isEmpty() && actions.isEmpty() && outbox.isEmpty();
    }
}
