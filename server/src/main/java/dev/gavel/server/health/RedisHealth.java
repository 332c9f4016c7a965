package dev.gavel.server.health;

import dev.gavel.store.Redis;
import java.time.Duration;
import java.util.Map;

/** Redis answers PING; details carry the latency. */
public final class RedisHealth implements HealthCheck {
    private final Redis redis;

    public RedisHealth(Redis redis) {
        this.redis = redis;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public ComponentHealth check() throws Exception {
        long start = System.nanoTime();
        String answer = redis.ping(Duration.ofSeconds(2));
        long micros = (System.nanoTime() - start) / 1_000;
        if (!"PONG".equals(answer)) {
            return ComponentHealth.down("PING answered " + answer);
        }
        return ComponentHealth.up(Map.of("latencyMs", micros / 1000.0));
    }
}
