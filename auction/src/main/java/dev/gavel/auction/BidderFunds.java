package dev.gavel.auction;

import dev.gavel.core.money.Wei;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One bidder's ETH in escrow: confirmed deposits, what their leading bids hold (one reservation per
 * auction), what winning captured, what was withdrawn. Immutable; reservations never exceed deposits.
 */
public record BidderFunds(UUID bidderId, Wei deposits, Map<UUID, Wei> reservations, Wei captured, Wei withdrawn) {
    public BidderFunds {
        reservations = Map.copyOf(reservations);
    }

    public static BidderFunds empty(UUID bidderId) {
        return new BidderFunds(bidderId, Wei.ZERO, Map.of(), Wei.ZERO, Wei.ZERO);
    }

    public Wei reserved() {
        return reservations.values().stream().reduce(Wei.ZERO, Wei::plus);
    }

    /** Deposits minus reservations, captures and withdrawals. */
    public Wei available() {
        return deposits.minusOrZero(reserved().plus(captured).plus(withdrawn));
    }

    /** What a bid in {@code auctionId} may use: its own reservation there would be replaced, not added to. */
    public Wei availableFor(UUID auctionId) {
        return available().plus(reservations.getOrDefault(auctionId, Wei.ZERO));
    }

    /** A confirmed deposit credited (fed by the chain watcher through a port). */
    public BidderFunds deposit(Wei amount) {
        return new BidderFunds(bidderId, deposits.plus(amount), reservations, captured, withdrawn);
    }

    /** Holds {@code amount} for a leading bid in {@code auctionId}, replacing an earlier hold there. */
    public BidderFunds reserve(UUID auctionId, Wei amount) {
        if (availableFor(auctionId).isLessThan(amount)) {
            throw new IllegalStateException(
                    "reserving " + amount + " for " + bidderId + " exceeds " + availableFor(auctionId));
        }
        var next = new HashMap<>(reservations);
        next.put(auctionId, amount);
        return new BidderFunds(bidderId, deposits, next, captured, withdrawn);
    }

    /** Lets go of the hold in {@code auctionId} (outbid, or the auction ended without this bidder winning). */
    public BidderFunds release(UUID auctionId) {
        if (!reservations.containsKey(auctionId)) {
            return this;
        }
        var next = new HashMap<>(reservations);
        next.remove(auctionId);
        return new BidderFunds(bidderId, deposits, next, captured, withdrawn);
    }

    /** The winner pays: the hold in {@code auctionId} becomes captured. */
    public BidderFunds capture(UUID auctionId) {
        Wei held = reservations.getOrDefault(auctionId, Wei.ZERO);
        var next = new HashMap<>(reservations);
        next.remove(auctionId);
        return new BidderFunds(bidderId, deposits, next, captured.plus(held), withdrawn);
    }
}
