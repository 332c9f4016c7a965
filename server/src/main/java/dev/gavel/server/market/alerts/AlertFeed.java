package dev.gavel.server.market.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.market.alert.AlertEvent;
import dev.gavel.store.market.AlertEventChannel;
import dev.gavel.store.market.AlertStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert events pushed live to their owners' WebSockets, on whichever node holds them. When alerts fire here
 * ({@link #fired}, which the evaluator calls once the firings are committed), the feed tells every node on {@code
 * gavel:market:alerts} whose events they are, and pushes them to the owners' sockets on this node; a node that
 * hears of firings elsewhere pushes them to the sockets it holds. Only a node holding one of the owner's sockets
 * reads the events back — the owner's only, with their deliveries — and each goes out as {@code {"type":
 * "alert.event", "event": …}}, the event exactly as {@code GET /api/alerts/events} lists it.
 *
 * <p>Nothing here waits on the alert pipeline's behalf: the work runs on one thread of its own behind a bounded
 * queue (a full queue drops the push, never the firing, which stays in the history), Redis is told without
 * waiting, and sockets are written asynchronously. A live push is a convenience; {@code /api/alerts/events} is the
 * record. Thread-safe.
 */
public final class AlertFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);
    /** Batches of firings waiting to be pushed before the next is dropped. */
    static final int QUEUE = 1_000;

    /** The WebSockets on this node that alert events go to. */
    public interface Sockets {
        /** True when this node holds one of {@code owner}'s sockets. */
        boolean watching(UUID owner);

        /** Sends {@code text} to each of {@code owner}'s sockets on this node, without waiting. */
        void send(UUID owner, String text);
    }

    private final AlertStore store;
    private final AlertEventChannel channel;
    private final String node;
    private final Sockets sockets;
    private final ObjectMapper mapper;
    private final ThreadPoolExecutor pushing;
    private final AlertEventChannel.Subscription subscription;

    private AlertFeed(AlertStore store, AlertEventChannel channel, String node, Sockets sockets, ObjectMapper mapper) {
        this.store = store;
        this.channel = channel;
        this.node = node;
        this.sockets = sockets;
        this.mapper = mapper;
        this.pushing = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE),
                Thread.ofPlatform().name("gavel-alert-feed").daemon().factory());
        this.subscription = channel.subscribe(this::heard);
    }

    /** A feed for {@code node}, subscribed to the other nodes' firings. */
    public static AlertFeed start(
            AlertStore store, AlertEventChannel channel, String node, Sockets sockets, ObjectMapper mapper) {
        return new AlertFeed(store, channel, node, sockets, mapper);
    }

    /** These firings are committed on this node: tell the other nodes, and push them to the sockets here. */
    public void fired(List<AlertEvent> events) {
        var fired = events.stream()
                .map(e -> new AlertEventChannel.Fired(e.ownerUserId(), e.id()))
                .toList();
        submit(() -> {
            channel.publish(node, fired).whenComplete((receivers, failure) -> {
                if (failure != null) {
                    LOG.warn(
                            "{} alert firing(s) not announced to the other nodes: {}",
                            fired.size(),
                            failure.getMessage());
                }
            });
            push(fired);
        });
    }

    /** Another node's firings, on Lettuce's thread: handed on at once. */
    private void heard(String from, List<AlertEventChannel.Fired> fired) {
        if (from.equals(node)) {
            return; // pushed already, when they fired
        }
        submit(() -> push(fired));
    }

    private void submit(Runnable work) {
        try {
            pushing.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warn("alert events not pushed to sockets: {}", e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("alert events not pushed to sockets: {} batches already wait (or the feed is closing)", QUEUE);
        }
    }

    /** Reads the events of each owner with a socket here, and sends them, oldest first. */
    private void push(List<AlertEventChannel.Fired> fired) {
        var byOwner = new LinkedHashMap<UUID, List<Long>>();
        for (var f : fired) {
            if (sockets.watching(f.owner())) {
                byOwner.computeIfAbsent(f.owner(), k -> new ArrayList<>()).add(f.eventId());
            }
        }
        for (var owner : byOwner.entrySet()) {
            for (AlertStore.EventRecord record : store.events(owner.getKey(), owner.getValue())) {
                sockets.send(owner.getKey(), message(record));
            }
        }
    }

    private String message(AlertStore.EventRecord record) {
        try {
            var message = new LinkedHashMap<String, Object>();
            message.put("type", "alert.event");
            message.put("event", AlertRoutes.view(record));
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert event that does not write as JSON", e);
        }
    }

    @Override
    public void close() {
        subscription.close();
        pushing.shutdown();
        try {
            pushing.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
