package dev.gavel.server.auction;

import java.time.Duration;

/**
 * How sequencers run.
 *
 * @param maxBatch most decisions in one group commit
 * @param clockSpeed demo and rehearsal only: how much faster than real time auction time runs
 */
public record SequencerSettings(int maxBatch, Duration leaseTtl, double clockSpeed) {
    public static SequencerSettings defaults() {
        return new SequencerSettings(2_000, Duration.ofSeconds(15), 1.0);
    }
}
