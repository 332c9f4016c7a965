package dev.gavel.server.auction;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.BidRecord;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What one group commit of one auction made true: the state after it, the bids it decided, the bidders
 * whose funds it changed, and the events in order. Handed over once per batch, after the commit.
 */
record CommittedBatch(AuctionState state, List<BidRecord> decided, Set<UUID> fundsChanged, List<AuctionEvent> events) {}
