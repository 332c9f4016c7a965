package dev.gavel.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the vendor simulators share: an HTTP server on 127.0.0.1 whose requests run on virtual threads, one
 * handler for every path, and the answer written back. {@link #bind} takes the port before the simulator is
 * built, {@link #start} serves once it is. A held answer interrupted by {@link #close} is dropped with the
 * connection. Thread-safe.
 */
public final class SimServer implements AutoCloseable {

    /** What one request is answered: a status, headers and a body (empty: no body). */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        public Reply {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
        }

        /** {@code body} as UTF-8. */
        public static Reply text(int status, Map<String, String> headers, String body) {
            return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Answers one request; it may hold the answer (sleep) and is interrupted when the server closes. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private SimServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds 127.0.0.1:{@code port} (0: any free port); nothing is served before {@link #start}. */
    public static SimServer bind(int port) throws IOException {
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        return new SimServer(server, Executors.newVirtualThreadPerTaskExecutor());
    }

    /** Serves every path with {@code handler}. */
    public void start(Handler handler) {
        Objects.requireNonNull(handler, "handler");
        server.createContext("/", exchange -> serve(exchange, handler));
        server.setExecutor(executor);
        server.start();
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Where the server listens, as {@code http://127.0.0.1:PORT} without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void serve(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            Reply reply = handler.handle(exchange);
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] body = reply.body();
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            // closing: the held answer is dropped with the connection
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A query string or form body ({@code a=1&b=x%20y}) decoded, in order; pairs without a name or an
     * {@code =} are left out. A broken escape throws {@link IllegalArgumentException}.
     */
    public static Map<String, String> query(String raw) {
        var map = new LinkedHashMap<String, String>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }
}
