package dev.gavel.server.health;

import java.util.Map;

/** How one part is doing, with details a person can act on (latency, the error). */
public record ComponentHealth(Status status, Map<String, Object> details) {
    public ComponentHealth {
        details = Map.copyOf(details);
    }

    public enum Status {
        UP,
        DOWN
    }

    public static ComponentHealth up(Map<String, Object> details) {
        return new ComponentHealth(Status.UP, details);
    }

    public static ComponentHealth down(String error) {
        return new ComponentHealth(Status.DOWN, Map.of("error", error));
    }
}
