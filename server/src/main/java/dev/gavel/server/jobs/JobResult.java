package dev.gavel.server.jobs;

import java.util.Objects;

/**
 * What a successful run did: how many items it processed (prices fetched, partitions made, rows removed) and a
 * sentence for {@code /api/jobs} and the log.
 */
public record JobResult(long items, String message) {
    public JobResult {
        if (items < 0) {
            throw new IllegalArgumentException("items processed must not be negative: " + items);
        }
        Objects.requireNonNull(message, "message");
    }

    public static JobResult of(long items, String message) {
        return new JobResult(items, message);
    }

    /** A run that had nothing to do. */
    public static JobResult nothing(String message) {
        return new JobResult(0, message);
    }
}
