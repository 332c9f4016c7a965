package dev.gavel.auction;

import dev.gavel.core.money.Wei;
import java.util.Optional;

/**
 * What Gavel knows of a bidder at the moment their bid is decided, gathered by the adapters (identity,
 * eligibility, the funds ledger) before the pure rules run.
 *
 * @param identityLinked the bidder's account is linked to a wallet (or, for API bidders, is verified)
 * @param ineligible why the bidder may not bid now (too new, banned, rate limited), if so
 * @param availableFunds confirmed deposits minus reservations in other auctions, captured and withdrawn
 */
public record BidderStanding(boolean identityLinked, Optional<RejectionReason> ineligible, Wei availableFunds) {

    /** A linked, eligible bidder with {@code funds} available. */
    public static BidderStanding inGoodStanding(Wei funds) {
        return new BidderStanding(true, Optional.empty(), funds);
    }
}
