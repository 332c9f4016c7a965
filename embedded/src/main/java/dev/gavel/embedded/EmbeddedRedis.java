package dev.gavel.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real Redis server from the binaries codemonstur's embedded-redis bundles. With a data folder it
 * keeps an append-only file there, so the live view survives a restart (Gavel can always rebuild it
 * from PostgreSQL, but a warm start is nicer); without one it keeps nothing, as a test server should.
 *
 * <p>A server left running by a process that died is found by its pid file and stopped first.
 * Thread-safe for {@link #stop()}.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);

    private final RedisServer server;
    private final int port;
    private volatile boolean stopped;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** A server on {@code port}, persisting into {@code dataDir} when present. */
    public static EmbeddedRedis start(Optional<Path> dataDir, int port) {
        try {
            var builder = RedisServer.newRedisServer().bind("127.0.0.1").port(port);
            if (dataDir.isPresent()) {
                Path dir = dataDir.get().toAbsolutePath();
                Files.createDirectories(dir);
                stopLeftover(dir.resolve("redis.pid"));
                builder.setting("dir \"" + dir + "\"")
                        .setting("pidfile \"" + dir.resolve("redis.pid") + "\"")
                        .setting("appendonly yes")
                        .setting("appendfsync everysec")
                        .setting("save 60 1");
            } else {
                builder.setting("appendonly no").setting("save \"\"");
            }
            var server = builder.build();
            server.start();
            LOG.info(
                    "embedded Redis up on 127.0.0.1:{}{}",
                    port,
                    dataDir.map(d -> " with data in " + d).orElse(""));
            return new EmbeddedRedis(server, port);
        } catch (IOException e) {
            throw new EmbeddedServerException("Redis did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return !stopped && server.isActive();
    }

    /** Stops the server; with a data folder Redis writes its last changes before it exits. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            server.stop();
            LOG.info("embedded Redis on port {} stopped", port);
        } catch (IOException e) {
            LOG.warn("embedded Redis on port {} did not stop cleanly: {}", port, e.getMessage());
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void stopLeftover(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile).strip();
        Files.deleteIfExists(pidFile);
        if (!text.matches("\\d{1,10}")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(text))
                .filter(p -> p.info().command().orElse("").contains("redis-server"))
                .ifPresent(p -> {
                    LOG.warn("a Redis server (pid {}) left running by an earlier process; stopping it", p.pid());
                    p.destroy();
                    p.onExit()
                            .completeOnTimeout(
                                    p, Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                            .join();
                    if (p.isAlive()) {
                        p.destroyForcibly();
                    }
                });
    }
}
