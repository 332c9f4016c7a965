package dev.gavel.market.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A standing query polled every {@code interval}: {@code query} holds the source's search parameters
 * (M26: {@code team}, {@code itemName}, {@code pageSize}, {@code pages}). {@code active} is false once
 * stopped by an operator.
 */
public record Watch(
        long id, String source, Map<String, String> query, Duration interval, boolean active, Instant createdAt) {
    public Watch {
        Objects.requireNonNull(source, "source");
        query = Map.copyOf(query);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
}
