package dev.gavel.market.listing;

import java.util.Objects;
import java.util.Optional;

/**
 * One change of one listing, numbered: {@code version} is the listing's version after the change (1 for
 * {@link DeltaKind#NEW}), so {@code (source, externalId, version)} names a change exactly once however
 * often a page is replayed.
 */
public record ListingDelta(DeltaKind kind, Listing listing, Optional<Listing> previous, int version) {
    public ListingDelta {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(listing, "listing");
        Objects.requireNonNull(previous, "previous");
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1: " + version);
        }
    }
}
