package dev.gavel.server.market;

import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.store.market.CardCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Market watch on {@code /metrics}: calls per source and outcome ({@code gavel_market_calls_total{source,
 * outcome}}), the circuit state (0 closed, 1 open, 2 half open), credentials leasable now, watches
 * running and pages waiting in Redis for PostgreSQL.
 */
public final class MarketMetrics {
    private MarketMetrics() {}

    public static void bind(MarketRuntime market, MeterRegistry registry) {
        var labels = new ArrayList<>(List.of("page", "soft_failure", "captcha", "source_error", "drift", "malformed"));
        for (PageOutcome.Failure f : PageOutcome.Failure.values()) {
            labels.add(f.name().toLowerCase(Locale.ROOT));
        }
        market.m26().ifPresent(m26 -> {
            for (String label : labels) {
                FunctionCounter.builder("gavel_market_calls", m26, s -> s.policy()
                                .outcomes()
                                .getOrDefault(label, 0L))
                        .description("marketplace calls by what they came to")
                        .tag("source", m26.id())
                        .tag("outcome", label)
                        .register(registry);
            }
            Gauge.builder("gavel_market_circuit_state", m26, s -> switch (s.policy()
                            .circuitState()) {
                        case "CLOSED" -> 0;
                        case "OPEN" -> 1;
                        case "HALF_OPEN" -> 2;
                        default -> 3;
                    })
                    .description("0 closed, 1 open, 2 half open, 3 other")
                    .tag("source", m26.id())
                    .register(registry);
            Gauge.builder("gavel_market_session_tickets_leasable", m26, s -> s.pool()
                            .leasable(dev.gavel.market.auth.CredentialKind.SESSION_TICKET))
                    .description("session tickets that could be leased now")
                    .tag("source", m26.id())
                    .register(registry);
        });
        Gauge.builder("gavel_market_watches_running", market, m -> m.runner()
                        .map(r -> r.runningIds().size())
                        .orElse(0))
                .description("live watches being polled on this node")
                .register(registry);
        var cache = market.cards().cache();
        FunctionCounter.builder("gavel_cache_requests", cache, CardCache::hits)
                .description("reads of cached card pages, histories and trending lists")
                .tag("cache", "cards")
                .tag("result", "hit")
                .register(registry);
        FunctionCounter.builder("gavel_cache_requests", cache, CardCache::misses)
                .description("reads of cached card pages, histories and trending lists")
                .tag("cache", "cards")
                .tag("result", "miss")
                .register(registry);
        Gauge.builder("gavel_cache_hit_ratio", cache, CardCache::hitRatio)
                .description("hits over all reads of the card cache since start")
                .tag("cache", "cards")
                .register(registry);
        Gauge.builder("gavel_market_pending_pages", market, m -> m.ingest().pendingPages())
                .description("collected pages waiting in Redis for PostgreSQL")
                .register(registry);
    }
}
