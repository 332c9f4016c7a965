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

    private final String name;
    private final Run run;
    private final Clock clock;
    private final Consumer<Progress> onProgress;
    private final Thread thread;
    private final Deque<String> stderr = new ArrayDeque<>();

    private volatile boolean running = true;
    private volatile Process process;
    private volatile State state = State.STARTING;
    private volatile int restarts;
    private volatile Instant since;
    private volatile Progress progress;
    private volatile String lastError;

    Supervised(String name, Run run, Clock clock, Consumer<Progress> onProgress) {
        this.name = name;
        this.run = run;
        this.clock = clock;
        this.onProgress = onProgress;
        this.thread = Thread.ofPlatform().name("gavel-" + name).daemon().unstarted(this::loop);
        thread.start();
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
            Instant started = clock.instant();
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
            if (Duration.between(started, clock.instant()).compareTo(STABLE) > 0) {
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
        var p = new ProcessBuilder(run.command()).start();
        process = p;
        var errors =
                Thread.ofPlatform().name("gavel-" + name + "-stderr").daemon().start(() -> readErrors(p));
        run.started(p);
        var parser = new Progress.Parser();
        try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
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
        if (p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        errors.join(2000);
        run.ended();
        synchronized (stderr) {
            String tail = stderr.isEmpty() ? "no message" : stderr.peekLast();
            lastError = "exit " + (p.isAlive() ? "?" : Integer.toString(p.exitValue())) + ": " + tail;
        }
    }

    private void readErrors(Process p) {
        try (var err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                synchronized (stderr) {
                    stderr.addLast(line.strip());
                    while (stderr.size() > 20) {
                        stderr.removeFirst();
                    }
                }
                LOG.debug("{}: {}", name, line);
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
