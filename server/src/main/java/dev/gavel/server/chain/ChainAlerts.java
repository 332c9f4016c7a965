package dev.gavel.server.chain;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Things on chain an operator must look at: a credited deposit reorged out after finality, a settlement
 * that failed for good. Logged at ERROR, counted in {@code gavel_chain_alerts_total{kind}}, and the newest
 * kept for {@code GET /api/chain}. Thread-safe.
 */
public final class ChainAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(ChainAlerts.class);
    private static final int KEPT = 100;

    /** One alert. */
    public record Alert(Instant at, String kind, String message) {}

    private final MeterRegistry meters;
    private final Clock clock;
    private final Deque<Alert> recent = new ArrayDeque<>();

    public ChainAlerts(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    public void raise(String kind, String message) {
        LOG.error("chain alert {}: {}", kind, message);
        meters.counter("gavel_chain_alerts_total", "kind", kind).increment();
        synchronized (recent) {
            recent.addFirst(new Alert(clock.instant(), kind, message));
            while (recent.size() > KEPT) {
                recent.removeLast();
            }
        }
    }

    public List<Alert> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
