package dev.gavel.store.auction;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.BidRecord;
import dev.gavel.auction.BidderFunds;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * What one group commit writes for one auction: the new bid rows, the auction's state after them, the
 * funds they changed (latest per bidder), the bids voided and the admin actions taken.
 *
 * @param leaseToken the sequencer's fencing token; a smaller one than the row's means another node took over
 */
public record CommitBatch(
        AuctionState state,
        long leaseToken,
        List<BidRecord> bids,
        Collection<BidderFunds> funds,
        List<VoidedBid> voided,
        List<AdminRecord> actions) {

    public record VoidedBid(UUID bidId, String reason, java.time.Instant at) {}

    public boolean isEmpty() {
        return bids.isEmpty() && funds.isEmpty() && voided.isEmpty() && actions.isEmpty();
    }
}
