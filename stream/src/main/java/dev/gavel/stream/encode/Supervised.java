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
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
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
    /** Two threads: one is held by the run (it reads ffmpeg's progress), the other ticks the watchdog. */
    private final ScheduledExecutorService schedule;

    private Duration backoff = Duration.ofSeconds(1); // on the run thread only
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
        this.schedule = Executors.newScheduledThreadPool(
                2, r -> Thread.ofPlatform().name("gavel-" + name).daemon().unstarted(r));
        schedule.execute(this::runAndReschedule);
        schedule.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
    }

    /** Kills a run that has said nothing on its progress output for {@link #HUNG_AFTER} (a stalled output). */
    private void watch() {
        var p = process;
        if (running && p != null && p.isAlive() && System.nanoTime() - lastSignNanos > HUNG_AFTER.toNanos()) {
            lastError = "no progress for " + HUNG_AFTER.toSeconds() + " s: killed as hung";
            LOG.warn("{}: {}", name, lastError);
            lastSignNanos = System.nanoTime();
            p.destroyForcibly();
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

    /** One run; then, while it should run, the next one after the backoff. */
    private void runAndReschedule() {
        if (!running) {
            return;
        }
        long started = System.nanoTime();
        try {
            runOnce();
        } catch (IOException e) {
            lastError = "cannot start ffmpeg: " + e.getMessage();
        } catch (InterruptedException e) {
            state = State.STOPPED;
            return;
        }
        if (!running) {
            state = State.STOPPED;
            return;
        }
        restarts++;
        state = State.RETRYING;
        since = null;
        if (System.nanoTime() - started > STABLE.toNanos()) {
            backoff = Duration.ofSeconds(1);
        }
        LOG.warn("{} stopped ({}); starting it again in {} s", name, lastError, backoff.toSeconds());
        try {
            schedule.schedule(this::runAndReschedule, backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            state = State.STOPPED; // closed meanwhile
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
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

    @Override
    public void close() {
        running = false;
        schedule.shutdownNow(); // interrupts a run in progress and drops a pending restart
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
            schedule.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = State.STOPPED;
    }
}
