package dev.gavel.server.market;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.market.listing.ListingDelta;
import dev.gavel.server.Shutdown;
import dev.gavel.server.auth.Authenticator;
import dev.gavel.server.auth.Principal;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.SocketClient;
import dev.gavel.server.market.alerts.AlertFeed;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket {@code /ws/market}: listing deltas as they are committed, to everyone ({@code {"type":
 * "listing.deltas", "deltas":[…]}}), and a signed-in user's alert events as they fire, to that user's sockets only
 * ({@code {"type":"alert.event", "event":{…}}}, from {@link AlertFeed}).
 *
 * <p>A socket says who it is when it connects, with {@code ?access_token=} (a login token or an API key; a browser
 * cannot set headers on a WebSocket) or the {@code Authorization: Bearer} / {@code X-API-Key} header (see {@link
 * Authenticator#socketCaller}); without any it is anonymous and gets the deltas only. Credentials that do not check
 * out close it at once with 1008 and the reason, rather than leaving it silently anonymous. A socket opened with a
 * login token is closed with 1008 when the token expires, and one opened with an API key when the key is revoked: at
 * once on the node that revoked it, within {@link #SWEEP_EVERY} on the others (each node checks the keys of its
 * sockets against PostgreSQL, one query for all of them). Credentials are never logged.
 *
 * <p>Each socket may have {@value #MAX_IN_FLIGHT} messages unwritten; one further behind is dropped (1008), so
 * neither the delta publisher nor the alert feed ever waits on a socket. At most {@value #MAX_WATCHERS} sockets at
 * once; the next is refused with 1013. Thread-safe.
 */
public final class MarketSocket implements AlertFeed.Sockets, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MarketSocket.class);
    static final int MAX_WATCHERS = 200;
    /** Frames a socket may have unwritten before it is dropped: deltas come in bursts of a page. */
    static final int MAX_IN_FLIGHT = 256;
    /** How often the sockets' credentials are checked again: expired tokens, revoked keys. */
    static final Duration SWEEP_EVERY = Duration.ofSeconds(5);

    static final String REVOKED = "the API key was revoked";
    static final String EXPIRED = "the login token has expired; connect again with a new one";

    private final ObjectMapper mapper;
    private final Authenticator authenticator;
    private final Clock clock;
    private final Function<Set<UUID>, Set<UUID>> liveKeys;
    private final Map<String, Watcher> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("gavel-market-socket-sweep").daemon(true).factory());

    /**
     * One socket and, when it signed in, whose it is, until when its credentials hold and the API key it used.
     */
    private record Watcher(SocketClient client, Optional<UUID> owner, Optional<Instant> until, Optional<UUID> key) {}

    /** @param liveKeys of the API key ids given, the ones that still authenticate */
    public MarketSocket(
            ObjectMapper mapper, Authenticator authenticator, Function<Set<UUID>, Set<UUID>> liveKeys, Clock clock) {
        this.mapper = mapper;
        this.authenticator = authenticator;
        this.liveKeys = liveKeys;
        this.clock = clock;
    }

    /** Checks the sockets' credentials every {@link #SWEEP_EVERY} from now on. */
    public MarketSocket start() {
        sweeper.scheduleWithFixedDelay(
                () -> {
                    try {
                        sweep();
                    } catch (RuntimeException e) {
                        LOG.warn("/ws/market credentials not checked ({}); trying again", e.getMessage());
                    }
                },
                SWEEP_EVERY.toMillis(),
                SWEEP_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Closes the sockets whose login token has expired or whose API key no longer authenticates (revoked on
     * another node, or its user disabled); returns how many.
     */
    int sweep() {
        Instant now = clock.instant();
        // the sockets as they are now: one that connects while the keys are checked waits for the next sweep,
        // rather than being closed for a key nobody checked
        var checked = List.copyOf(watchers.entrySet());
        var keys = new HashSet<UUID>();
        for (var e : checked) {
            e.getValue().key().ifPresent(keys::add);
        }
        Set<UUID> live = keys.isEmpty() ? Set.of() : liveKeys.apply(keys);
        int closed = 0;
        for (var e : checked) {
            Watcher w = e.getValue();
            String reason;
            if (w.until().isPresent() && !now.isBefore(w.until().get())) {
                reason = EXPIRED;
            } else if (w.key().isPresent() && !live.contains(w.key().get())) {
                reason = REVOKED;
            } else {
                continue;
            }
            if (watchers.remove(e.getKey(), w)) {
                w.client().drop(StatusCode.POLICY_VIOLATION, reason);
                closed++;
            }
        }
        return closed;
    }

    /** Closes, at once, the sockets opened with API key {@code keyId}: it has just been revoked. */
    public void revoked(UUID keyId) {
        watchers.values().removeIf(w -> {
            if (w.key().isPresent() && w.key().get().equals(keyId)) {
                w.client().drop(StatusCode.POLICY_VIOLATION, REVOKED);
                return true;
            }
            return false;
        });
    }

    /** Lets a check in flight finish its query (see {@link Shutdown}). */
    @Override
    public void close() {
        Shutdown.gracefully(sweeper, Duration.ofSeconds(5));
    }

    public void register(RoutesConfig routes) {
        routes.ws(
                "/ws/market",
                ws -> {
                    ws.onConnect(this::connected);
                    ws.onClose(ctx -> watchers.remove(ctx.sessionId()));
                    ws.onError(ctx -> watchers.remove(ctx.sessionId()));
                },
                Access.ANYONE);
    }

    private void connected(WsContext ctx) {
        var caller = authenticator.socketCaller(ctx);
        if (caller instanceof Authenticator.SocketCaller.Refused refused) {
            LOG.debug("a /ws/market socket refused: {}", refused.reason());
            ctx.closeSession(StatusCode.POLICY_VIOLATION, refused.reason());
            return;
        }
        if (watchers.size() >= MAX_WATCHERS) {
            ctx.closeSession(1013, "too many watchers; poll GET /api/market/listings");
            return;
        }
        Optional<Principal> principal = caller instanceof Authenticator.SocketCaller.Known known
                ? Optional.of(known.principal())
                : Optional.empty();
        watch(ctx.sessionId(), SocketClient.of(ctx, MAX_IN_FLIGHT), principal);
    }

    /** Starts sending to {@code client}, signed in as {@code principal} when present. */
    void watch(String sessionId, SocketClient client, Optional<Principal> principal) {
        watchers.put(
                sessionId,
                new Watcher(
                        client,
                        principal.map(Principal::userId),
                        principal.flatMap(Principal::expiresAt),
                        principal.flatMap(Principal::apiKeyId)));
    }

    /** Pushes committed deltas to every socket. */
    public void broadcast(List<ListingDelta> deltas) {
        if (watchers.isEmpty() || deltas.isEmpty()) {
            return;
        }
        String text;
        try {
            text = mapper.writeValueAsString(Map.of(
                    "type",
                    "listing.deltas",
                    "deltas",
                    deltas.stream().map(MarketRoutes::delta).toList()));
        } catch (IOException e) {
            LOG.debug("market deltas not written: {}", e.getMessage());
            return;
        }
        Instant now = clock.instant();
        watchers.values().removeIf(w -> !offer(w, text, now));
    }

    @Override
    public boolean watching(UUID owner) {
        for (Watcher w : watchers.values()) {
            if (w.owner().isPresent() && w.owner().get().equals(owner)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void send(UUID owner, String text) {
        Instant now = clock.instant();
        watchers.values().removeIf(w -> w.owner().isPresent() && w.owner().get().equals(owner) && !offer(w, text, now));
    }

    /** Sends, unless the socket's login token has expired (then it is closed); false when the socket is gone. */
    private static boolean offer(Watcher w, String text, Instant now) {
        if (w.until().isPresent() && !now.isBefore(w.until().get())) {
            w.client().drop(StatusCode.POLICY_VIOLATION, EXPIRED);
            return false;
        }
        return w.client().offer(text);
    }
}
