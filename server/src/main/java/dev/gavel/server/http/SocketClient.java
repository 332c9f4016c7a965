package dev.gavel.server.http;

import io.javalin.websocket.WsContext;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One connected WebSocket client with back-pressure: frames are written asynchronously, so whoever offers
 * one (a sequencer, the alert feed) never waits on the network; a client may have at most {@code maxInFlight}
 * frames not yet written, and one that falls further behind, or whose write fails, is dropped with close
 * code 1008 rather than buffered without end. Thread-safe.
 */
public final class SocketClient {
    /** Sends one text frame and reports back when it is written or failed. */
    public interface Sender {
        void send(String text, Runnable written, Consumer<Throwable> failed);

        void close(int code, String reason);
    }

    private final Sender sender;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    public SocketClient(Sender sender, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, not " + maxInFlight);
        }
        this.sender = sender;
        this.maxInFlight = maxInFlight;
    }

    /** A client writing to the session of {@code ctx}. */
    public static SocketClient of(WsContext ctx, int maxInFlight) {
        return new SocketClient(
                new Sender() {
                    @Override
                    public void send(String text, Runnable written, Consumer<Throwable> failed) {
                        ctx.session.sendText(text, Callback.from(written, failed));
                    }

                    @Override
                    public void close(int code, String reason) {
                        ctx.session.close(code, reason, Callback.NOOP);
                    }
                },
                maxInFlight);
    }

    /** Queues a frame; false when the client was dropped, now or before. */
    public boolean offer(String text) {
        if (closed) {
            return false;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            drop(StatusCode.POLICY_VIOLATION, "too slow: more than " + maxInFlight + " messages behind");
            return false;
        }
        try {
            sender.send(text, inFlight::decrementAndGet, error -> {
                inFlight.decrementAndGet();
                drop(StatusCode.POLICY_VIOLATION, "send failed");
            });
        } catch (RuntimeException e) {
            // a session closing under us refuses the write instead of failing its callback
            inFlight.decrementAndGet();
            drop(StatusCode.POLICY_VIOLATION, "send failed");
            return false;
        }
        return true;
    }

    /** Closes the client with {@code code} and {@code reason}, once; later offers are refused. */
    public void drop(int code, String reason) {
        if (!closed) {
            closed = true;
            try {
                sender.close(code, reason);
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }
}
