package dev.gavel.bench;

import dev.gavel.server.GavelServer;
import dev.gavel.server.config.ConfigLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * The server {@link CardApiLatency} measures, as a process of its own, the way {@code gavel serve} runs: its
 * own heap and collector, so the load generator's garbage and threads are not the server's, and JVM options
 * of its own to compare ({@code --server-opts}). {@link #main} starts a {@link GavelServer} on the database
 * and Redis it is given (scheduled jobs off: there is no card source to call), prints {@code port=<n>}, and
 * stops when its standard input closes — also when the benchmark dies, so no server is left behind.
 */
final class CardApiServer implements AutoCloseable {
    static final String OWNER = "owner@bench.test";
    static final String PASSWORD = "bench owner password";

    private final Process process;
    private final int port;

    private CardApiServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server process with {@code jvmOptions} and waits until it listens. */
    static CardApiServer start(String dbUrl, String redisUrl, List<String> jvmOptions) throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CardApiServer.class.getName());
        command.add(dbUrl);
        command.add(redisUrl);
        // its log (start-up notes, an access log if its logging is configured so) goes to a file of its own
        var log = Path.of("card-api-server.log").toAbsolutePath();
        System.out.println("server log: " + log);
        var process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (String line; System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
            if (line.startsWith("port=")) {
                Thread.ofVirtual().start(() -> out.lines().forEach(System.out::println));
                return new CardApiServer(process, Integer.parseInt(line.substring(5)));
            }
            System.out.println("server: " + line);
        }
        process.destroyForcibly();
        throw new IOException("the server process did not say its port (exit " + exitOf(process) + ")");
    }

    int port() {
        return port;
    }

    /** The server process's CPU time so far, in nanoseconds. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String exitOf(Process p) {
        try {
            return p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS) ? Integer.toString(p.exitValue()) : "none yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The server's configuration: this database and Redis, an owner to log in as, no scheduled jobs. */
    static dev.gavel.server.config.GavelConfig config(String dbUrl, String redisUrl) throws IOException {
        var env = new HashMap<String, String>();
        env.put("GAVEL_HOME", Files.createTempDirectory("gavel-card-bench").toString());
        env.put("GAVEL_HTTP_PORT", "0");
        env.put("GAVEL_HTTP_HOST", "127.0.0.1");
        env.put("GAVEL_OWNER_EMAIL", OWNER);
        env.put("GAVEL_OWNER_PASSWORD", PASSWORD);
        // no scheduled job competes with the load (there is no card source to call anyway)
        env.put("GAVEL_JOBS_ENABLED", "false");
        return ConfigLoader.load(Optional.empty(), env)
                .withDatabaseUrl(dbUrl, "postgres")
                .withRedisUrl(redisUrl);
    }

    /** In the server process: {@code <jdbc url> <redis url>}. */
    public static void main(String[] args) throws Exception {
        try (var server = GavelServer.start(config(args[0], args[1]), Clock.systemUTC())) {
            System.out.println("port=" + server.port());
            System.out.flush();
            // until the benchmark closes our standard input (or dies)
            while (System.in.read() >= 0) {
                // nothing to read
            }
        }
    }
}
