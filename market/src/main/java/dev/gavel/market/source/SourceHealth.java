package dev.gavel.market.source;

import dev.gavel.market.auth.AuthPool;
import dev.gavel.market.auth.CredentialKind;
import java.util.Map;
import java.util.Optional;

/**
 * A source's standing as an operator sees it: circuit breaker state, the rate limit and the day's budget,
 * the auth pool by kind, the strategy that read the last page, drift and outcome counters.
 */
public record SourceHealth(
        String source,
        String circuit,
        double requestsPerSecond,
        long dailyBudget,
        long usedToday,
        Map<CredentialKind, AuthPool.Summary> pool,
        Optional<String> lastStrategy,
        int driftStreak,
        Map<String, Long> outcomes) {
    public SourceHealth {
        pool = Map.copyOf(pool);
        outcomes = Map.copyOf(outcomes);
    }
}
