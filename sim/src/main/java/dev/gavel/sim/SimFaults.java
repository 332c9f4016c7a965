package dev.gavel.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The faults a simulator was told to answer next, in the order they were injected: each for a number of
 * calls, with the {@code Retry-After} a 429 says. Thread-safe.
 *
 * @param <F> what a fault is (the simulator's fault kind, perhaps with where it applies)
 */
public final class SimFaults<F> {

    /** One fault taken for one call. */
    public record Pending<F>(F fault, int retryAfterSeconds) {}

    private static final class Entry<F> {
        final Pending<F> pending;
        int remaining;

        Entry(Pending<F> pending, int remaining) {
            this.pending = pending;
            this.remaining = remaining;
        }
    }

    /** Guarded by itself. */
    private final List<Entry<F>> queue = new ArrayList<>();

    /**
     * The next {@code times} calls (0: none) answer {@code fault}.
     *
     * @throws IllegalArgumentException if {@code times} or {@code retryAfterSeconds} is negative
     */
    public void add(F fault, int times, int retryAfterSeconds) {
        if (times < 0 || retryAfterSeconds < 0) {
            throw new IllegalArgumentException(
                    "times and retryAfterSeconds must be 0 or more, got " + times + " and " + retryAfterSeconds);
        }
        if (times > 0) {
            var entry = new Entry<>(new Pending<>(Objects.requireNonNull(fault, "fault"), retryAfterSeconds), times);
            synchronized (queue) {
                queue.add(entry);
            }
        }
    }

    /** The first fault still to answer, counted as answered once; empty when there is none. */
    public Optional<Pending<F>> take() {
        return take(f -> true);
    }

    /** The first fault still to answer that {@code applies}, counted as answered once. */
    public Optional<Pending<F>> take(Predicate<? super F> applies) {
        synchronized (queue) {
            for (var it = queue.iterator(); it.hasNext(); ) {
                Entry<F> e = it.next();
                if (applies.test(e.pending.fault())) {
                    if (--e.remaining <= 0) {
                        it.remove();
                    }
                    return Optional.of(e.pending);
                }
            }
        }
        return Optional.empty();
    }
}
