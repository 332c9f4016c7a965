package dev.gavel.store.market;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.store.Redis;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gavel:market:alerts}, Redis pub/sub: which alert events just fired and whose they are, so that every
 * node can push them to the owner's WebSockets it holds. A message is {@code {"node":…, "events":[{"owner":
 * uuid, "id": eventId}]}} and carries no prices: a receiver reads the events from PostgreSQL, asking for the
 * owner's events only, so a message from another deployment on the same Redis (pub/sub ignores the database
 * number) shows nobody anything. Fire and forget, as pub/sub is: a node that is not subscribed at that moment
 * misses it, and the history stays in PostgreSQL. Thread-safe.
 */
public final class AlertEventChannel {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEventChannel.class);

    private final Redis redis;

    public AlertEventChannel(Redis redis) {
        this.redis = redis;
    }

    /** One fired event: its id in {@code alert_events} and the user it belongs to. */
    public record Fired(UUID owner, long eventId) {
        public Fired {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /**
     * Tells every subscribed node that {@code node} fired {@code events}; does not wait for Redis. The stage
     * completes with how many connections received it, or with Redis's failure.
     */
    public CompletionStage<Long> publish(String node, List<Fired> events) {
        var message = ListingJson.MAPPER.createObjectNode().put("node", node);
        var list = message.putArray("events");
        for (Fired f : events) {
            list.addObject().put("owner", f.owner().toString()).put("id", f.eventId());
        }
        return redis.async().publish(MarketKeys.ALERTS, message.toString());
    }

    /**
     * Subscribes {@code listener} to every node's firings, called with the publishing node and its events on
     * Lettuce's I/O thread (hand the work on, do not block it). A malformed message is logged and skipped.
     * Closing the returned subscription ends it.
     */
    public Subscription subscribe(BiConsumer<String, List<Fired>> listener) {
        StatefulRedisPubSubConnection<String, String> connection = redis.pubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (!MarketKeys.ALERTS.equals(channel)) {
                    return;
                }
                var read = read(message);
                if (read == null) {
                    return;
                }
                try {
                    listener.accept(read.node, read.events);
                } catch (RuntimeException e) {
                    LOG.warn("alert firings from {} not handled: {}", read.node, e.getMessage());
                }
            }
        });
        try {
            connection.sync().subscribe(MarketKeys.ALERTS);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        return new Subscription(connection);
    }

    /** A live subscription; {@link #close()} unsubscribes and closes its connection. */
    public static final class Subscription implements AutoCloseable {
        private final StatefulRedisPubSubConnection<String, String> connection;

        private Subscription(StatefulRedisPubSubConnection<String, String> connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    private record Message(String node, List<Fired> events) {}

    private static Message read(String text) {
        try {
            JsonNode tree = ListingJson.MAPPER.readTree(text);
            var events = new ArrayList<Fired>();
            for (JsonNode e : tree.path("events")) {
                if (!e.path("id").canConvertToLong()) {
                    throw new IOException("an event without a numeric id");
                }
                events.add(new Fired(
                        UUID.fromString(e.path("owner").asText()), e.path("id").asLong()));
            }
            return new Message(tree.path("node").asText(""), List.copyOf(events));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("a malformed message on {} skipped: {}", MarketKeys.ALERTS, e.getMessage());
            return null;
        }
    }
}
