package dev.gavel.store.market;

/** Every Redis key the market side uses, in one place (ARCHITECTURE.md, storage sketch). */
public final class MarketKeys {
    public static final String DELTAS = "gavel:market:deltas";
    public static final String PENDING = "gavel:market:pending";
    /** Pub/sub channel of fired alert events, for the nodes holding their owners' WebSockets. */
    public static final String ALERTS = "gavel:market:alerts";

    private MarketKeys() {}

    /** The latest observation of one listing. */
    public static String listing(String source, String externalId) {
        return "market:listing:" + source + ":" + externalId;
    }

    /** The cached reads of one card (its page, its history queries), one hash field each. */
    public static String cardReads(long itemId) {
        return "market:card:" + itemId;
    }

    /** Cached trending lists, one hash field per query; dropped whenever prices are recorded. */
    public static final String TRENDING = "market:trending";

    /** How often each card was looked at (a sorted set): the popular cards the hourly job refreshes. */
    public static final String CARD_VIEWS = "market:card-views";
}
