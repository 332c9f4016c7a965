package dev.gavel.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client for end-to-end tests (the JDK's): every text message kept as JSON in arrival order, and how
 * the socket closed.
 */
public final class TestSocket implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** How a socket closed: the close code and reason. */
    public record Closed(int code, String reason) {}

    private final LinkedBlockingQueue<JsonNode> arriving = new LinkedBlockingQueue<>();
    private final List<JsonNode> received = new ArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private TestSocket(String url, String... headers) throws Exception {
        var builder = CLIENT.newWebSocketBuilder();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        socket = builder.buildAsync(URI.create(url), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                arriving.add(MAPPER.readTree(text.toString()));
                            } catch (IOException e) {
                                arriving.add(MAPPER.createObjectNode().put("unreadable", text.toString()));
                            }
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        closed.complete(new Closed(code, reason));
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed.completeExceptionally(error);
                    }
                })
                .get(10, TimeUnit.SECONDS);
    }

    /** Connects to {@code url} ({@code ws://…}) with these header names and values. */
    public static TestSocket open(String url, String... headers) throws Exception {
        return new TestSocket(url, headers);
    }

    /** The first message from now on that {@code wanted} accepts, within {@code timeout}; fails the test otherwise. */
    public JsonNode next(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode m = left > 0 ? arriving.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                throw new AssertionError("no such message within " + timeout + "; received " + received());
            }
            received.add(m);
            if (wanted.test(m)) {
                return m;
            }
        }
    }

    /** The next message of this {@code type} within {@code timeout}. */
    public JsonNode next(String type, Duration timeout) throws InterruptedException {
        return next(m -> m.path("type").asText().equals(type), timeout);
    }

    /**
     * Closes the socket and waits for the server's close, which comes after every message the server sent before
     * it; answers every message received, in order.
     */
    public List<JsonNode> closeAndDrain() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        closed.get(10, TimeUnit.SECONDS);
        return received();
    }

    /** How the server closed the socket, within {@code timeout}. */
    public Closed closed(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private List<JsonNode> received() {
        arriving.drainTo(received);
        return List.copyOf(received);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
