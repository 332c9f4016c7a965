package dev.gavel.server.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Map;

/** An outside API as its circuit breaker sees it: DOWN while open (calls paused), UP otherwise. */
public final class CircuitBreakerHealth implements HealthCheck {
    private final String name;
    private final CircuitBreaker breaker;

    public CircuitBreakerHealth(String name, CircuitBreaker breaker) {
        this.name = name;
        this.breaker = breaker;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ComponentHealth check() {
        var state = breaker.getState();
        var metrics = breaker.getMetrics();
        var details = Map.<String, Object>of(
                "circuitBreaker", state.name(),
                "failureRate", metrics.getFailureRate(),
                "failedCalls", metrics.getNumberOfFailedCalls());
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN
                ? new ComponentHealth(ComponentHealth.Status.DOWN, details)
                : ComponentHealth.up(details);
    }
}
