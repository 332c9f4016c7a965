package dev.gavel.market.watch;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a watch got: {@code cycle} counts full polls, {@code nextPage} is the first page of the current
 * cycle not yet committed (0 when the cycle is done). Written in the same transaction as the page it
 * follows, so a restarted watch neither skips nor re-applies a page.
 */
public record Checkpoint(long watchId, long cycle, int nextPage, Instant committedAt) {
    public Checkpoint {
        Objects.requireNonNull(committedAt, "committedAt");
    }
}
