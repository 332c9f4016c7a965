package dev.gavel.server.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks every {@link HealthCheck} at once, each on its own virtual thread and bounded by a timeout, so one
 * hung dependency cannot hang {@code /health}. The last answers are also exported as the gauge
 * {@code gavel.health.component} (1 up, 0 down). Thread-safe.
 */
public final class Health {
    private final List<HealthCheck> checks;
    private final Duration timeout;
    private final Map<String, Integer> lastUp = new ConcurrentHashMap<>();

    public Health(List<HealthCheck> checks, Duration timeout, MeterRegistry registry) {
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
        for (HealthCheck check : checks) {
            lastUp.put(check.name(), 0);
            Gauge.builder("gavel.health.component", lastUp, m -> m.getOrDefault(check.name(), 0))
                    .description("1 when the component answered its last health check, else 0")
                    .tag("component", check.name())
                    .register(registry);
        }
    }

    public Report check() {
        var results = new LinkedHashMap<String, ComponentHealth>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new LinkedHashMap<String, Future<ComponentHealth>>();
            for (HealthCheck check : checks) {
                futures.put(check.name(), executor.submit(check::check));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (var entry : futures.entrySet()) {
                results.put(entry.getKey(), await(entry.getValue(), deadline));
            }
        }
        results.forEach((name, health) -> lastUp.put(name, health.status() == ComponentHealth.Status.UP ? 1 : 0));
        boolean allUp = results.values().stream().allMatch(h -> h.status() == ComponentHealth.Status.UP);
        return new Report(allUp ? ComponentHealth.Status.UP : ComponentHealth.Status.DOWN, results);
    }

    private ComponentHealth await(Future<ComponentHealth> future, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return ComponentHealth.down("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return ComponentHealth.down(
                    cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ComponentHealth.down("interrupted");
        }
    }

    /** The answer of {@code GET /health}. */
    public record Report(ComponentHealth.Status status, Map<String, ComponentHealth> components) {}
}
