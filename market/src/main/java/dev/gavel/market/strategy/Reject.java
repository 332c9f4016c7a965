package dev.gavel.market.strategy;

import java.util.Map;

/**
 * An item of a page that did not become a listing: its position, its id if it had one, and a reason per
 * field ({@code "currentBid" → "is not a whole number: 'abc'"}).
 */
public record Reject(int index, String externalId, Map<String, String> reasons) {
    public Reject {
        reasons = Map.copyOf(reasons);
    }
}
