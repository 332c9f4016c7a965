package dev.gavel.store.live;

import java.util.UUID;

/** Every Redis key the auction house uses, in one place (ARCHITECTURE.md, storage sketch). */
public final class Keys {
    public static final String INTAKE = "gavel:bids:intake";
    public static final String DEAD = "gavel:bids:dead";
    public static final String EVENTS = "gavel:auction:events";
    public static final String INTAKE_GROUP = "gavel-sequencers";

    private Keys() {}

    /** A bidder's bid-rate token bucket. */
    public static String bidRate(UUID bidderId) {
        return "ratelimit:bids:" + bidderId;
    }

    public static String lease(UUID auctionId) {
        return "lease:auction:" + auctionId;
    }

    public static String leaseCounter(UUID auctionId) {
        return "lease:auction:" + auctionId + ":token";
    }

    /** {@code auction:{campaignId}:config}; a standalone auction is its own campaign. */
    public static String config(String campaignId) {
        return "auction:" + campaignId + ":config";
    }

    public static String current(String campaignId) {
        return "auction:" + campaignId + ":current";
    }

    public static String day(String campaignId, int day) {
        return "auction:" + campaignId + ":day:" + day;
    }

    public static String bids(UUID auctionId) {
        return "auction:bids:" + auctionId;
    }

    public static String userBids(UUID bidderId) {
        return "users:" + bidderId + ":bids";
    }
}
