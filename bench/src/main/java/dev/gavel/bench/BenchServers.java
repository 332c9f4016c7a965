package dev.gavel.bench;

import dev.gavel.embedded.EmbeddedPostgres;
import dev.gavel.embedded.EmbeddedRedis;
import dev.gavel.embedded.Ports;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * The servers a benchmark main runs against: {@code GAVEL_BENCH_DB_URL} (an admin database in which fresh
 * ones are made) and {@code GAVEL_BENCH_REDIS_URL}, else embedded ones started here and stopped on close.
 */
final class BenchServers implements AutoCloseable {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final String adminUrl;
    private String redisUrl;

    BenchServers() throws IOException {
        String url = System.getenv("GAVEL_BENCH_DB_URL");
        if (url == null) {
            var pg = EmbeddedPostgres.start(
                    Files.createTempDirectory("gavel-bench").resolve("pg"),
                    Path.of(System.getProperty("java.io.tmpdir"), "gavel-postgres-binaries"),
                    Ports.free());
            started.push(pg);
            url = pg.jdbcUrl("postgres");
        }
        this.adminUrl = url;
    }

    /** A new, migrated database; closed with the servers. */
    Database freshDatabase() throws SQLException {
        var database = open(createDatabase("gavel_bench_" + Long.toHexString(System.nanoTime())));
        database.migrate();
        return database;
    }

    /** Creates an empty database named {@code name} (user postgres, no password); answers its JDBC URL. */
    String createDatabase(String name) throws SQLException {
        try (var c = DriverManager.getConnection(adminUrl, "postgres", "");
                var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return urlOf(name);
    }

    /** The JDBC URL of the database {@code name} beside the admin one. */
    String urlOf(String name) {
        return adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
    }

    /** Whether a database named {@code name} exists. */
    boolean exists(String name) throws SQLException {
        try (var c = DriverManager.getConnection(adminUrl, "postgres", "");
                var s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            try (var rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Drops the database {@code name} (nothing may be connected to it). */
    void dropDatabase(String name) throws SQLException {
        try (var c = DriverManager.getConnection(adminUrl, "postgres", "");
                var s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    /** A connection pool to {@code url}; closed with the servers. */
    Database open(String url) {
        var database = Database.open(DatabaseSettings.of(url, "postgres", ""));
        started.push(database);
        return database;
    }

    String redisUrl() {
        if (redisUrl == null) {
            redisUrl = System.getenv("GAVEL_BENCH_REDIS_URL");
            if (redisUrl == null) {
                var redis = EmbeddedRedis.start(Optional.empty(), Ports.free());
                started.push(redis);
                redisUrl = redis.uri();
            }
        }
        return redisUrl;
    }

    @Override
    public void close() throws Exception {
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }
}
