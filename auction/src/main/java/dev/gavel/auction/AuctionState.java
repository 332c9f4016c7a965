package dev.gavel.auction;

import dev.gavel.core.money.Wei;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One auction as the sequencer sees it: immutable; every decision returns a new state with the version
 * one higher.
 *
 * @param endsAt the effective end, after anti-snipe extensions
 * @param originalEndsAt the end it was created with
 */
public record AuctionState(
        UUID id,
        AuctionStatus status,
        Instant startsAt,
        Instant originalEndsAt,
        Instant endsAt,
        int extensions,
        AuctionTerms terms,
        Optional<LeadingBid> highest,
        int bidCount,
        long version) {

    public static AuctionState planned(UUID id, Instant startsAt, Instant endsAt, AuctionTerms terms) {
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("an auction must end after it starts");
        }
        return new AuctionState(id, AuctionStatus.PENDING, startsAt, endsAt, endsAt, 0, terms, Optional.empty(), 0, 0);
    }

    /** The least the next bid may be: starting price, reserve, and the increment over the highest. */
    public Wei minimumNextBid() {
        Wei floor = Wei.max(terms.startingPrice(), terms.reservePrice());
        return highest.map(h -> Wei.max(floor, terms.minIncrement().next(h.amount())))
                .orElse(floor);
    }

    /** When bids stop being decided and the winner is determined: the effective end plus the grace window. */
    public Instant finalizesAt() {
        return endsAt.plus(terms.grace());
    }

    public AuctionState withStatus(AuctionStatus next) {
        return new AuctionState(
                id, next, startsAt, originalEndsAt, endsAt, extensions, terms, highest, bidCount, version + 1);
    }

    /** The same auction with its end moved (an admin's extend, or anti-snipe). */
    public AuctionState withEnd(Instant newEnd, boolean countsAsExtension) {
        return new AuctionState(
                id,
                status,
                startsAt,
                originalEndsAt,
                newEnd,
                extensions + (countsAsExtension ? 1 : 0),
                terms,
                highest,
                bidCount,
                version + 1);
    }

    AuctionState withLeader(LeadingBid leader, Instant newEnd, int newExtensions) {
        return new AuctionState(
                id,
                status,
                startsAt,
                originalEndsAt,
                newEnd,
                newExtensions,
                terms,
                Optional.of(leader),
                bidCount + 1,
                version + 1);
    }

    /** The same auction with a different leader (after a void), keeping the count of accepted bids. */
    public AuctionState withHighest(Optional<LeadingBid> leader) {
        return new AuctionState(
                id, status, startsAt, originalEndsAt, endsAt, extensions, terms, leader, bidCount, version + 1);
    }
}
