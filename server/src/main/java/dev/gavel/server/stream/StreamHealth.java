package dev.gavel.server.stream;

import dev.gavel.server.health.ComponentHealth;
import dev.gavel.server.health.HealthCheck;
import java.util.LinkedHashMap;

/**
 * The {@code stream} component of {@code /health}: DOWN only when the encode was started and is not running
 * (a failing ingest, or no ffmpeg, is in the details: the preview still works).
 */
public final class StreamHealth implements HealthCheck {
    private final StreamRuntime stream;

    public StreamHealth(StreamRuntime stream) {
        this.stream = stream;
    }

    @Override
    public String name() {
        return "stream";
    }

    @Override
    public ComponentHealth check() {
        var h = stream.health();
        var details = new LinkedHashMap<String, Object>();
        details.put("state", h.get("state"));
        details.put("scene", h.get("scene"));
        if (h.containsKey("reason")) {
            details.put("reason", h.get("reason"));
        }
        details.put("outputs", h.get("outputs"));
        if (stream.healthy()) {
            return ComponentHealth.up(details);
        }
        details.put("error", "the encoder was started and is not running");
        return new ComponentHealth(ComponentHealth.Status.DOWN, details);
    }
}
