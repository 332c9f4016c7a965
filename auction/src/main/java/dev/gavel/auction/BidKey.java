package dev.gavel.auction;

import java.util.Objects;

/** A bid's natural key: the same key twice is the same bid, decided once. */
public record BidKey(BidSource source, String externalId) {
    public BidKey {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(externalId, "externalId");
        if (externalId.isBlank() || externalId.length() > 200) {
            throw new IllegalArgumentException("an external id must be 1 to 200 characters");
        }
    }

    @Override
    public String toString() {
        return source + ":" + externalId;
    }
}
