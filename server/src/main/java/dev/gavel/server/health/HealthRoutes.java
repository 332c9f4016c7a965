package dev.gavel.server.health;

import dev.gavel.server.http.Access;
import io.javalin.config.RoutesConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /health} (200 when every part is up, else 503) and {@code GET /metrics} (Prometheus text). */
public final class HealthRoutes {
    private final Health health;
    private final PrometheusMeterRegistry registry;

    public HealthRoutes(Health health, PrometheusMeterRegistry registry) {
        this.health = health;
        this.registry = registry;
    }

    public void register(RoutesConfig routes) {
        routes.get(
                "/health",
                ctx -> {
                    var report = health.check();
                    ctx.header("Cache-Control", "no-store");
                    ctx.status(report.status() == ComponentHealth.Status.UP ? 200 : 503)
                            .json(report);
                },
                Access.ANYONE);
        routes.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(registry.scrape()),
                Access.ANYONE);
    }
}
