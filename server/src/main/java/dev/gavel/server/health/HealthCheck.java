package dev.gavel.server.health;

/** One part Gavel depends on, asked whether it works right now. Implementations are thread-safe. */
public interface HealthCheck {
    String name();

    /** UP or DOWN with details; may throw, which counts as DOWN with the error as the reason. */
    ComponentHealth check() throws Exception;
}
