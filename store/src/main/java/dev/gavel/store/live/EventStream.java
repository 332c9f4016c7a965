package dev.gavel.store.live;

import dev.gavel.store.Redis;
import io.lettuce.core.XAddArgs;
import java.util.Map;

/**
 * {@code gavel:auction:events}: what happened in the auction house, for other nodes, the notifier, the host
 * and analytics. Capped at about a hundred thousand entries.
 */
public final class EventStream {
    private final Redis redis;

    public EventStream(Redis redis) {
        this.redis = redis;
    }

    public void publish(String type, String auctionId, String json) {
        redis.async()
                .xadd(
                        Keys.EVENTS,
                        XAddArgs.Builder.maxlen(100_000).approximateTrimming(),
                        Map.of("type", type, "auctionId", auctionId, "data", json));
    }
}
