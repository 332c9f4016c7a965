package dev.gavel.app;

import dev.gavel.embedded.EmbeddedPostgres;
import dev.gavel.embedded.EmbeddedRedis;
import dev.gavel.embedded.Ports;
import dev.gavel.server.config.GavelConfig;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills in what the configuration leaves open: with no {@code GAVEL_DB_URL} an embedded PostgreSQL with
 * its data in {@code GAVEL_HOME/postgres}, with no {@code GAVEL_REDIS_URL} an embedded Redis persisting to
 * {@code GAVEL_HOME/redis}. Both keep their data across restarts. {@link #close()} stops what it started,
 * last started first. Thread-safe for {@link #close()}.
 */
final class Infrastructure implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Infrastructure.class);

    private final GavelConfig config;
    private final Deque<AutoCloseable> started;

    private Infrastructure(GavelConfig config, Deque<AutoCloseable> started) {
        this.config = config;
        this.started = started;
    }

    static Infrastructure prepare(GavelConfig config, boolean needRedis) {
        var started = new ArrayDeque<AutoCloseable>();
        GavelConfig resolved = config;
        try {
            if (config.database().url().isEmpty()) {
                var postgres = EmbeddedPostgres.start(
                        config.home().resolve("postgres"), config.home().resolve("cache"), Ports.free());
                started.push(postgres);
                resolved = resolved.withDatabaseUrl(postgres.jdbcUrl("postgres"), postgres.user());
                LOG.info("no GAVEL_DB_URL: using embedded PostgreSQL with data in {}", postgres.dataDir());
            }
            if (needRedis && config.redisUrl().isEmpty()) {
                var redis = EmbeddedRedis.start(Optional.of(config.home().resolve("redis")), Ports.free());
                started.push(redis);
                resolved = resolved.withRedisUrl(redis.uri());
                LOG.info(
                        "no GAVEL_REDIS_URL: using embedded Redis with data in {}",
                        config.home().resolve("redis"));
            }
            return new Infrastructure(resolved, started);
        } catch (RuntimeException | Error e) {
            new Infrastructure(config, started).close();
            throw e;
        }
    }

    /** A small pool on the configured (or embedded) database, for one-shot commands. */
    Database openDatabase() {
        var c = config.database();
        return Database.open(
                new DatabaseSettings(c.url().orElseThrow(), c.user(), c.password(), 2, Duration.ofSeconds(10)));
    }

    /** The configuration with every URL filled in. */
    GavelConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping an embedded server: {}", e.getMessage());
            }
        }
    }
}
