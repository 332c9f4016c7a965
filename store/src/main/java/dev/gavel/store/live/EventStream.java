package dev.gavel.store.live;

import dev.gavel.store.Redis;
import io.lettuce.core.XAddArgs;
import java.util.List;
import java.util.Map;

/**
 * {@code gavel:auction:events}: what happened in the auction house, for other nodes, the notifier, the host
 * and analytics. Capped at about a hundred thousand entries. A batch of events goes out as one pipelined
 * write on a connection of its own, so a busy auction costs one round trip per commit, not one per bid.
 * Thread-safe.
 */
public final class EventStream implements AutoCloseable {
    private static final XAddArgs CAPPED = XAddArgs.Builder.maxlen(100_000).approximateTrimming();

    private final Redis.Dedicated connection;

    public EventStream(Redis redis) {
        this.connection = redis.dedicated();
        connection.connection().setAutoFlushCommands(false);
    }

    /** One event to append. */
    public record Event(String type, String auctionId, String json) {}

    /** Appends the events in order and flushes once; does not wait for Redis to answer. */
    public synchronized void publishAll(List<Event> events) {
        var async = connection.async();
        for (Event e : events) {
            async.xadd(Keys.EVENTS, CAPPED, Map.of("type", e.type(), "auctionId", e.auctionId(), "data", e.json()));
        }
        connection.connection().flushCommands();
    }

    @Override
    public void close() {
        connection.close();
    }
}
