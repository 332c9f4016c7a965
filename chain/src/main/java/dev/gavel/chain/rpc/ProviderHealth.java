package dev.gavel.chain.rpc;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One provider as the last calls left it.
 *
 * @param name the provider's host (and port), never its path, which often holds an API key
 * @param up false after a failure, until a call through it succeeds again
 * @param lastError the last failure, in words
 * @param lastLatency how long the last answered call took
 */
public record ProviderHealth(
        String name,
        boolean up,
        long calls,
        long failures,
        Optional<String> lastError,
        Optional<Instant> lastFailureAt,
        Optional<Duration> lastLatency) {}
