package dev.gavel.server.market.alerts;

import dev.gavel.market.alert.Alert;
import dev.gavel.market.alert.AlertDecision;
import dev.gavel.market.alert.AlertEvent;
import dev.gavel.market.alert.AlertRule;
import dev.gavel.market.alert.PriceSnapshot;
import dev.gavel.market.alert.PriceSnapshots;
import dev.gavel.market.listing.PriceKind;
import dev.gavel.store.market.AlertStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the alerts on items whose prices just changed: call {@link #evaluate} after the price points are committed.
 * It reads the armed alerts on those items, a snapshot of each alert's price series (one read per series), asks
 * {@link AlertRule}, and records each firing with its deliveries in one transaction — once, even when two nodes
 * evaluate the same prices — then tells {@code onFired} (the dispatcher's {@code wake}, and anyone else who wants
 * the events). One alert's trouble (a snapshot that cannot be read) never stops the others. Thread-safe.
 */
public final class AlertEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

    private final AlertStore store;
    private final PriceSnapshots snapshots;
    private final Clock clock;
    private final Consumer<List<AlertEvent>> onFired;

    public AlertEvaluator(AlertStore store, PriceSnapshots snapshots, Clock clock, Consumer<List<AlertEvent>> onFired) {
        this.store = store;
        this.snapshots = snapshots;
        this.clock = clock;
        this.onFired = onFired;
    }

    /** What one evaluation did: alerts looked at, firings recorded, alerts that held, alerts that failed. */
    public record Result(int evaluated, List<AlertEvent> fired, int held, int failed) {
        public Result {
            fired = List.copyOf(fired);
        }
    }

    private record Series(
            long itemId, Optional<String> source, PriceKind kind, Optional<String> printing, Duration window) {}

    public Result evaluate(Collection<Long> itemIds) {
        List<Alert> alerts = store.armedFor(itemIds);
        var read = new HashMap<Series, Optional<PriceSnapshot>>();
        var fired = new ArrayList<AlertEvent>();
        int held = 0;
        int failed = 0;
        for (Alert alert : alerts) {
            try {
                var series = new Series(
                        alert.itemId(),
                        alert.source(),
                        alert.kind(),
                        alert.printing(),
                        AlertRule.window(alert.condition()));
                Optional<PriceSnapshot> snapshot = read.computeIfAbsent(
                        series, s -> snapshots.snapshot(s.itemId(), s.source(), s.kind(), s.printing(), s.window()));
                if (snapshot.isEmpty()) {
                    held++;
                    continue;
                }
                Instant now = clock.instant();
                switch (AlertRule.evaluate(alert, snapshot.get(), now)) {
                    case AlertDecision.Fire fire ->
                        store.recordFiring(alert, fire, snapshot.get().currency(), now)
                                .ifPresentOrElse(
                                        fired::add, () -> LOG.debug("alert {} was fired elsewhere", alert.id()));
                    case AlertDecision.Hold hold -> {
                        held++;
                        LOG.trace("alert {} holds: {}", alert.id(), hold.why());
                    }
                }
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("alert {} on item {} not evaluated: {}", alert.id(), alert.itemId(), e.getMessage());
            }
        }
        if (!fired.isEmpty()) {
            LOG.info("{} alert(s) fired on {} item(s)", fired.size(), itemIds.size());
            try {
                onFired.accept(fired);
            } catch (RuntimeException e) {
                // the firings are committed and the dispatcher polls the outbox anyway
                LOG.warn("listener of {} alert firing(s) failed: {}", fired.size(), e.getMessage());
            }
        }
        return new Result(alerts.size(), fired, held, failed);
    }
}
