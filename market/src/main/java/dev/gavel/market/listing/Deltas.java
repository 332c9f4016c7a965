package dev.gavel.market.listing;

import java.util.Optional;

/** Decides what, if anything, changed between the stored state of a listing and a new observation. */
public final class Deltas {
    private Deltas() {}

    /**
     * The change from {@code previous} (absent: never seen) to {@code current}, or empty when the new
     * observation says nothing new. A listing that has reached a final state stays there: a late page
     * showing it active again is an old answer, not a change; so is one showing fewer or lower bids.
     */
    public static Optional<DeltaKind> between(Optional<Listing> previous, Listing current) {
        if (previous.isEmpty()) {
            return Optional.of(DeltaKind.NEW);
        }
        Listing before = previous.get();
        if (before.sameFactsAs(current) || before.state().isFinal()) {
            return Optional.empty();
        }
        if (current.state() != before.state()) {
            return Optional.of(
                    switch (current.state()) {
                        case SOLD -> DeltaKind.SOLD;
                        case EXPIRED -> DeltaKind.EXPIRED;
                        case CANCELLED -> DeltaKind.CANCELLED;
                        case ACTIVE -> throw new IllegalStateException("only an active listing can change state");
                    });
        }
        // bids only go up: fewer bids or a lower bid than stored is an older answer arriving late, not a change
        if (current.bidCount() < before.bidCount()
                || current.currentBid().orElse(0) < before.currentBid().orElse(0)) {
            return Optional.empty();
        }
        if (current.bidCount() != before.bidCount() || !current.currentBid().equals(before.currentBid())) {
            return Optional.of(DeltaKind.NEW_BID);
        }
        // the remaining differences (buy-now, start price, name, end time) are a price or details change
        return Optional.of(DeltaKind.PRICE_CHANGE);
    }
}
