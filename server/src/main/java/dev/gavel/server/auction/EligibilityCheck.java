package dev.gavel.server.auction;

import dev.gavel.auction.BidCommand;
import dev.gavel.auction.Eligibility;

/** Identity and eligibility of a bid's bidder, looked up before the sequencer decides it. */
@FunctionalInterface
public interface EligibilityCheck {
    Eligibility of(BidCommand bid);
}
