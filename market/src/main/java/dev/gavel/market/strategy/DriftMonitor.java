package dev.gavel.market.strategy;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts answers per source that no strategy fits. After {@code threshold} in a row it raises one alert
 * for the streak; a page read by any strategy ends the streak. Also remembers which strategy read the last
 * page, so an operator sees a fallback in use. Thread-safe.
 */
public final class DriftMonitor {
    /** Raised once per streak of drifted answers. */
    public record DriftAlert(String source, int consecutive, List<String> reasons, Instant raisedAt) {}

    private final int threshold;
    private final Clock clock;
    private final Map<String, Integer> streaks = new HashMap<>();
    private final Map<String, String> lastStrategy = new HashMap<>();

    public DriftMonitor(int threshold, Clock clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1");
        }
        this.threshold = threshold;
        this.clock = clock;
    }

    /** Notes an outcome; returns the alert when this answer completes a streak of {@code threshold}. */
    public synchronized Optional<DriftAlert> record(String source, PageOutcome outcome) {
        switch (outcome) {
            case PageOutcome.Drift d -> {
                int n = streaks.merge(source, 1, Integer::sum);
                return n == threshold
                        ? Optional.of(new DriftAlert(source, n, d.reasons(), clock.instant()))
                        : Optional.empty();
            }
            case PageOutcome.Page p -> {
                streaks.remove(source);
                lastStrategy.put(source, p.strategy());
            }
            default -> {}
        }
        return Optional.empty();
    }

    public synchronized int streak(String source) {
        return streaks.getOrDefault(source, 0);
    }

    public synchronized Optional<String> lastStrategy(String source) {
        return Optional.ofNullable(lastStrategy.get(source));
    }
}
