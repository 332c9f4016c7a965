package dev.gavel.store.market;

import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.listing.ListingState;
import java.time.Instant;
import java.util.OptionalLong;

/** Listings for the market store tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-11-21T19:00:00Z");

    private Fixtures() {}

    /** An active auction with a 500-coin start, a 1000-coin buy-now and no bids, ending an hour after T0. */
    static Listing listing(String source, String externalId, Instant observedAt) {
        return new Listing(
                source,
                externalId,
                "card-" + externalId,
                "Micah Parsons",
                ListingState.ACTIVE,
                Currency.COINS,
                OptionalLong.empty(),
                OptionalLong.of(1000),
                OptionalLong.of(500),
                0,
                T0.plusSeconds(3600),
                observedAt);
    }

    static Listing bid(Listing l, long amount, Instant observedAt) {
        return new Listing(
                l.source(),
                l.externalId(),
                l.itemId(),
                l.itemName(),
                l.state(),
                l.currency(),
                OptionalLong.of(amount),
                l.buyNow(),
                l.startPrice(),
                l.bidCount() + 1,
                l.endsAt(),
                observedAt);
    }

    static Listing named(Listing l, String name) {
        return new Listing(
                l.source(),
                l.externalId(),
                l.itemId(),
                name,
                l.state(),
                l.currency(),
                l.currentBid(),
                l.buyNow(),
                l.startPrice(),
                l.bidCount(),
                l.endsAt(),
                l.observedAt());
    }

    static Listing buyNow(Listing l, long amount, Instant observedAt) {
        return new Listing(
                l.source(),
                l.externalId(),
                l.itemId(),
                l.itemName(),
                l.state(),
                l.currency(),
                l.currentBid(),
                OptionalLong.of(amount),
                l.startPrice(),
                l.bidCount(),
                l.endsAt(),
                observedAt);
    }
}
