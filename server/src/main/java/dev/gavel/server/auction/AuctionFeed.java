package dev.gavel.server.auction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.server.http.Access;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * WebSocket {@code /ws/auctions/{id}}: the auction's state on connect, then every committed event
 * ({@code bid}, {@code extended}, {@code status}, {@code winner}) and a {@code heartbeat}. Sending never
 * blocks the sequencer: each client may have a bounded number of messages in flight, and a client that
 * falls further behind is dropped (close code 1008) rather than buffered without end. Thread-safe.
 */
public final class AuctionFeed implements AuctionListener, AutoCloseable {
    static final int MAX_IN_FLIGHT = 256;

    /** Sends one text frame and reports back when it is written or failed. */
    interface Sender {
        void send(String text, Runnable written, Consumer<Throwable> failed);

        void close(int code, String reason);
    }

    /** One connected client with its back-pressure count. */
    static final class Client {
        private final Sender sender;
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile boolean closed;

        Client(Sender sender) {
            this.sender = sender;
        }

        /** Queues a frame; false when the client was dropped for falling behind. */
        boolean offer(String text) {
            if (closed) {
                return false;
            }
            if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
                drop("too slow: more than " + MAX_IN_FLIGHT + " messages behind");
                return false;
            }
            sender.send(text, inFlight::decrementAndGet, error -> {
                inFlight.decrementAndGet();
                drop("send failed");
            });
            return true;
        }

        void drop(String reason) {
            if (!closed) {
                closed = true;
                sender.close(StatusCode.POLICY_VIOLATION, reason);
            }
        }

        boolean isClosed() {
            return closed;
        }
    }

    private final AuctionHouse house;
    private final ObjectMapper mapper;
    private final EventJson eventJson;
    private final Map<UUID, Set<Client>> clients = new ConcurrentHashMap<>();
    private final Map<String, Client> bySession = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("ws-heartbeat").daemon(true).factory());

    public AuctionFeed(AuctionHouse house, ObjectMapper mapper, EventJson eventJson, long heartbeatSeconds) {
        this.house = house;
        this.mapper = mapper;
        this.eventJson = eventJson;
        heartbeat.scheduleAtFixedRate(this::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
    }

    public void register(RoutesConfig routes) {
        routes.ws(
                "/ws/auctions/{id}",
                ws -> {
                    ws.onConnect(this::connected);
                    ws.onClose(ctx -> disconnected(ctx.sessionId()));
                    ws.onError(ctx -> disconnected(ctx.sessionId()));
                },
                Access.ANYONE);
    }

    private void connected(WsContext ctx) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            ctx.closeSession(new org.eclipse.jetty.websocket.core.CloseStatus(4404, "no such auction"));
            return;
        }
        var state = house.state(id);
        if (state.isEmpty()) {
            ctx.closeSession(new org.eclipse.jetty.websocket.core.CloseStatus(4404, "no such auction"));
            return;
        }
        var client = new Client(new Sender() {
            @Override
            public void send(String text, Runnable written, Consumer<Throwable> failed) {
                ctx.session.sendText(text, Callback.from(written, failed));
            }

            @Override
            public void close(int code, String reason) {
                ctx.session.close(code, reason, Callback.NOOP);
            }
        });
        bySession.put(ctx.sessionId(), client);
        clients.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(client);
        var hello = new LinkedHashMap<String, Object>();
        hello.put("type", "state");
        hello.put("auctionId", id.toString());
        hello.put("state", eventJson.state(state.get()));
        client.offer(json(hello));
    }

    private void disconnected(String sessionId) {
        var client = bySession.remove(sessionId);
        if (client != null) {
            clients.values().forEach(set -> set.remove(client));
        }
    }

    @Override
    public void on(AuctionEvent event) {
        var set = clients.get(event.state().id());
        if (set == null || set.isEmpty()) {
            return;
        }
        String text = json(eventJson.body(event));
        set.removeIf(client -> !client.offer(text));
    }

    private void beat() {
        String text = "{\"type\":\"heartbeat\",\"at\":\"" + java.time.Instant.now() + "\"}";
        clients.values().forEach(set -> set.removeIf(client -> !client.offer(text)));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
    }
}
