package dev.gavel.server.health;

import com.zaxxer.hikari.HikariDataSource;
import dev.gavel.store.Database;
import java.util.Map;

/** PostgreSQL answers a query; details carry the latency and the pool's state. */
public final class PostgresHealth implements HealthCheck {
    private final Database database;

    public PostgresHealth(Database database) {
        this.database = database;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public ComponentHealth check() throws Exception {
        long start = System.nanoTime();
        database.ping(2);
        long micros = (System.nanoTime() - start) / 1_000;
        var details = new java.util.LinkedHashMap<String, Object>();
        details.put("latencyMs", micros / 1000.0);
        if (database.dataSource() instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
            var mx = pool.getHikariPoolMXBean();
            details.put(
                    "pool",
                    Map.of(
                            "active",
                            mx.getActiveConnections(),
                            "idle",
                            mx.getIdleConnections(),
                            "total",
                            mx.getTotalConnections()));
        }
        return ComponentHealth.up(details);
    }
}
