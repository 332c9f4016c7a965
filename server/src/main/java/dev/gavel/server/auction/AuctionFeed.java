package dev.gavel.server.auction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.SocketClient;
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

/**
 * WebSocket {@code /ws/auctions/{id}}: the auction's state on connect, then every committed event
 * ({@code bid}, {@code extended}, {@code status}, {@code winner}) and a {@code heartbeat}. Sending never
 * blocks the sequencer: each client may have {@value #MAX_IN_FLIGHT} messages in flight, and a client that
 * falls further behind is dropped (close code 1008) rather than buffered without end ({@link SocketClient}).
 * Thread-safe.
 */
public final class AuctionFeed implements AuctionListener, AutoCloseable {
    static final int MAX_IN_FLIGHT = 256;

    private final AuctionHouse house;
    private final ObjectMapper mapper;
    private final EventJson eventJson;
    private final Map<UUID, Set<SocketClient>> clients = new ConcurrentHashMap<>();
    private final Map<String, SocketClient> bySession = new ConcurrentHashMap<>();
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
        var client = SocketClient.of(ctx, MAX_IN_FLIGHT);
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
