package dev.gavel.auction;

import java.util.UUID;

/** Where the sequencer learns a bidder's funds the first time it meets them (the ledger in the database). */
@FunctionalInterface
public interface FundsPort {
    BidderFunds fundsOf(UUID bidderId);
}
