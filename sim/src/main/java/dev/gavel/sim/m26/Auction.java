package dev.gavel.sim.m26;

import dev.gavel.sim.m26.CardCatalogue.Card;

/**
 * One listing as a search sees it at one moment: an immutable snapshot, safe to render outside the
 * auction house's lock.
 *
 * @param nextBid the opening price while there are no bids, else the current bid plus one step
 * @param secondsRemaining 0 once the listing has ended
 * @param buyerId 0 while nobody has won it
 */
record Auction(
        long auctionId,
        Status status,
        int openingPrice,
        int buyoutPrice,
        int currentBid,
        int nextBid,
        int numberOfBids,
        long postingTime,
        int secondsRemaining,
        long sellerId,
        long buyerId,
        long cardInstanceId,
        Card card) {

    enum Status {
        ACTIVE("AUCTIONSTATUS_ACTIVE", "active"),
        ENDED("AUCTIONSTATUS_ENDED", "closed"),
        EXPIRED("AUCTIONSTATUS_EXPIRED", "expired"),
        CANCELLED("AUCTIONSTATUS_CANCELLED", "expired");

        final String wire;
        final String futState;

        Status(String wire, String futState) {
            this.wire = wire;
            this.futState = futState;
        }
    }
}
