package dev.gavel.store.market;

/** Every Redis key the market side uses, in one place (ARCHITECTURE.md, storage sketch). */
public final class MarketKeys {
    public static final String DELTAS = "gavel:market:deltas";
    public static final String PENDING = "gavel:market:pending";

    private MarketKeys() {}

    /** The latest observation of one listing. */
    public static String listing(String source, String externalId) {
        return "market:listing:" + source + ":" + externalId;
    }
}
