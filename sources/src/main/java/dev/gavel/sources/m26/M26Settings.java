package dev.gavel.sources.m26;

import dev.gavel.sources.policy.SourcePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to reach M26: the Blaze gateway ({@code baseUrl}), the accounts host for token refresh,
 * the console of the product name, the template folder, the resilience knobs, the shortest watch
 * interval, the per-request time-out, and how many session tickets to keep ready (a primary and two
 * backups).
 */
public record M26Settings(
        String baseUrl,
        String accountsUrl,
        String console,
        Optional<Path> templates,
        SourcePolicy.Settings policy,
        Duration minimumInterval,
        Duration requestTimeout,
        int ticketsToKeep) {
    public static final String SOURCE = "m26";
}
