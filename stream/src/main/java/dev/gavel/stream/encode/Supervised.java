package dev.gavel.stream.encode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ffmpeg child process kept running: started, watched through {@code -progress} on its stdout, and started
 * again after any exit while it should run (an ffmpeg that lost its peer may exit 0), after a backoff that
 * doubles from 1 s to 30 s and starts over once a run lasted a minute. Stopping closes its stdin, then
 * destroys it, then kills it. Thread-safe.
 */
final class Supervised implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Supervised.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STABLE = Duration.ofMinutes(1);

    /** What the process is doing. */
    enum State {
        STARTING,
        RUNNING,
        RETRYING,
        STOPPED
    }

    /** How the supervised process is doing. */
    record Health(
            State state,
            int restarts,
            Optional<Instant> runningSince,
            Optional<String> lastError,
            Optional<Progress> progress) {}

    /** Hooks around each run: the command, what to do with the fresh process, and when it ended. */
    interface Run {
        List<String> command();

        /** Called with the started process (feed its stdin here, on a thread of your own). */
        default void started(Process process) {}

        /** Called after the process exited, before any restart. */
        default void ended() {}
    }

    /** A run that reports no progress for this long is taken for hung and killed. */
    static final Duration HUNG_AFTER = Duration.ofSeconds(20);

    private final String name;
    private final Run run;
    private final Clock clock;
    private final Consumer<Progress> onProgress;
    private final UnaryOperator<String> mask;
    private final Thread thread;
    private final Thread watchdog;
    private volatile long lastSignNanos = System.nanoTime();
    private final Deque<String> stderr = new ArrayDeque<>();

    private volatile boolean running = true;
    private volatile Process process;
    private volatile State state = State.STARTING;
    private volatile int restarts;
    private volatile Instant since;
    private volatile Progress progress;
    private volatile String lastError;

    /**
     * @param mask applied to everything ffmpeg prints before it is kept or logged: its error lines carry the
     *     output URL, and an ingest's URL carries its stream key
     */
    Supervised(String name, Run run, Clock clock, Consumer<Progress> onProgress, UnaryOperator<String> mask) {
        this.name = name;
        this.run = run;
        this.clock = clock;
        this.onProgress = onProgress;
        this.mask = mask;
        this.thread = Thread.ofPlatform().name("gavel-" + name).daemon().unstarted(this::loop);
        this.watchdog =
                Thread.ofPlatform().name("gavel-" + name + "-watchdog").daemon().unstarted(this::watch);
        thread.start();
        watchdog.start();
    }

    /** Kills a run that has said nothing on its progress output for {@link #HUNG_AFTER} (a stalled output). */
    private void watch() {
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            var p = process;
            if (p != null && p.isAlive() && System.nanoTime() - lastSignNanos > HUNG_AFTER.toNanos()) {
                lastError = "no progress for " + HUNG_AFTER.toSeconds() + " s: killed as hung";
                LOG.warn("{}: {}", name, lastError);
                lastSignNanos = System.nanoTime();
                p.destroyForcibly();
            }
        }
    }

    Health health() {
        return new Health(
                state,
                restarts,
                Optional.ofNullable(since),
                Optional.ofNullable(lastError),
                Optional.ofNullable(progress));
    }

    /** Kills the current run (a test's way of making it fail); it is started again after the backoff. */
    void kill() {
        var p = process;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private void loop() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            long started = System.nanoTime();
            try {
                runOnce();
            } catch (IOException e) {
                lastError = "cannot start ffmpeg: " + e.getMessage();
            } catch (InterruptedException e) {
                break;
            }
            if (!running) {
                break;
            }
            restarts++;
            state = State.RETRYING;
            since = null;
            if (System.nanoTime() - started > STABLE.toNanos()) {
                backoff = Duration.ofSeconds(1);
            }
            LOG.warn("{} stopped ({}); starting it again in {} s", name, lastError, backoff.toSeconds());
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                break;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        state = State.STOPPED;
    }

    private void runOnce() throws IOException, InterruptedException {
        state = State.STARTING;
        progress = null;
        lastSignNanos = System.nanoTime();
        var p = new ProcessBuilder(run.command()).start();
        process = p;
        var errors =
                Thread.ofPlatform().name("gavel-" + name + "-stderr").daemon().start(() -> readErrors(p));
        try {
            run.started(p);
            var parser = new Progress.Parser();
            try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lastSignNanos = System.nanoTime();
                    var report = parser.line(line);
                    if (report.isPresent()) {
                        progress = report.get();
                        if (state != State.RUNNING && report.get().frame() > 0) {
                            state = State.RUNNING;
                            since = clock.instant();
                            LOG.info("{} is running", name);
                        }
                        onProgress.accept(report.get());
                    }
                }
            } catch (IOException e) {
                // the process went away
            }
            p.waitFor(5, TimeUnit.SECONDS);
        } finally {
            // also when interrupted by close(): the feeding threads must always be let go
            if (p.isAlive()) {
                p.destroyForcibly();
            }
            run.ended();
            errors.join(2000);
            synchronized (stderr) {
                String tail = stderr.isEmpty() ? "no message" : stderr.peekLast();
                lastError = "exit " + (p.isAlive() ? "?" : Integer.toString(p.exitValue())) + ": " + tail;
            }
        }
    }

    private void readErrors(Process p) {
        try (var err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String safe = mask.apply(line.strip());
                synchronized (stderr) {
                    stderr.addLast(safe);
                    while (stderr.size() > 20) {
                        stderr.removeFirst();
                    }
                }
                LOG.debug("{}: {}", name, safe);
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** The last lines ffmpeg wrote to stderr. */
    List<String> stderrTail() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    @Override
    public void close() {
        running = false;
        watchdog.interrupt();
        thread.interrupt();
        var p = process;
        if (p != null) {
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                // already closed
            }
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroy();
                    if (!p.waitFor(3, TimeUnit.SECONDS)) {
                        p.destroyForcibly(); // a hung ffmpeg may need SIGKILL
                    }
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = State.STOPPED;
    }
}
