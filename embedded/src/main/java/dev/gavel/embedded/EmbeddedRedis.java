package dev.gavel.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A real Redis server from the binaries codemonstur's embedded-redis bundles. With a data folder it
 * keeps an append-only file there, so the live view survives a restart (Gavel can always rebuild it
 * from PostgreSQL, but a warm start is nicer); without one it keeps nothing, as a test server should.
 *
 * <p>The library finds the binary and writes the configuration; this class runs the process itself. The
 * library's own start registers a JVM shutdown hook that kills Redis, and shutdown hooks run all at once:
 * on Ctrl-C Redis died while Gavel was still stopping, and the auction sequencers' last writes (their lease
 * releases) failed with stack traces. Whoever starts one stops it ({@link #stop()}, in their own order).
 *
 * <p>A server left running by a process that died is found by its pid file and stopped first.
 * Thread-safe for {@link #stop()}.
 */
public final class EmbeddedRedis implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final Duration READY_WITHIN = Duration.ofSeconds(20);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private volatile boolean stopped;

    private EmbeddedRedis(Process process, int port) {
        this.process = process;
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
            List<String> command = builder.buildCommandArgs();
            var process = new ProcessBuilder(command)
                    .directory(Path.of(command.get(0)).getParent().toFile())
                    .redirectErrorStream(true)
                    .start();
            awaitReady(process, port);
            LOG.info(
                    "embedded Redis up on 127.0.0.1:{}{}",
                    port,
                    dataDir.map(d -> " with data in " + d).orElse(""));
            return new EmbeddedRedis(process, port);
        } catch (IOException e) {
            throw new EmbeddedServerException("Redis did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads Redis's output until it says it accepts connections, then keeps draining it (a full pipe would
     * stall Redis). Throws, with Redis's last lines, when it exits or takes too long.
     */
    private static void awaitReady(Process process, int port) throws IOException {
        var ready = new CompletableFuture<Void>();
        var last = new ArrayDeque<String>();
        Thread.ofPlatform().daemon().name("embedded-redis-" + port + "-output").start(() -> {
            try (var out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (!ready.isDone()) {
                        synchronized (last) {
                            last.addLast(line);
                            if (last.size() > 10) {
                                last.removeFirst();
                            }
                        }
                        if (line.contains("eady to accept connections")) {
                            ready.complete(null);
                        }
                    } else {
                        LOG.debug("redis {}: {}", port, line);
                    }
                }
            } catch (IOException e) {
                // the process is gone; its exit says the rest
            }
            ready.completeExceptionally(new IOException("Redis exited with " + exitOf(process)));
        });
        try {
            ready.get(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            String said;
            synchronized (last) {
                said = String.join(" | ", last);
            }
            throw new IOException(
                    (e instanceof TimeoutException ? "not ready within " + READY_WITHIN.toSeconds() + " s" : "exited")
                            + (said.isEmpty() ? "" : "; it said: " + said));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Redis was starting");
        }
    }

    private static String exitOf(Process process) {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? "code " + process.exitValue() : "no code yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "an unknown code";
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return !stopped && process.isAlive();
    }

    /** Stops the server (SIGTERM); with a data folder Redis writes its last changes before it exits. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        process.destroy();
        try {
            if (process.waitFor(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.info("embedded Redis on port {} stopped", port);
                return;
            }
            LOG.warn("embedded Redis on port {} did not stop within {} s; killing it", port, STOP_WITHIN.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
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
                            .completeOnTimeout(p, Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)
                            .join();
                    if (p.isAlive()) {
                        p.destroyForcibly();
                    }
                });
    }
}
