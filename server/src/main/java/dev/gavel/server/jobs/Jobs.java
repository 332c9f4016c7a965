package dev.gavel.server.jobs;

import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.ScheduledExecutionsFilter;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.gavel.server.config.GavelConfig;
import dev.gavel.store.jobs.JobRunStore;
import dev.gavel.store.jobs.JobRunStore.JobRun;
import dev.gavel.store.jobs.JobRunStore.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gavel's scheduled jobs: named recurring jobs on db-scheduler. Each job is one row of {@code scheduled_tasks};
 * the node that picks the row (an optimistic update) runs it, so nodes sharing the database run each
 * execution once, and a node that dies mid-run leaves a stale heartbeat that another node revives.
 *
 * <p>Register every job, then {@link #start()}: db-scheduler knows its tasks from the start. Each run is
 * recorded in {@code job_runs} and in {@code gavel_job_runs_total{job,outcome}}, {@code
 * gavel_job_duration_seconds{job}} and {@code gavel_job_last_success_timestamp_seconds{job}}. A job that throws
 * is a failed run, never the end of the scheduler: the job runs again at its next time.
 *
 * <p>With {@code GAVEL_JOBS_ENABLED=false} this node runs no job but still lists them and moves one to now,
 * for the nodes that do run them. Thread-safe.
 */
public final class Jobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /**
     * How this node takes part.
     *
     * @param enabled whether this node runs jobs ({@code GAVEL_JOBS_ENABLED})
     * @param threads how many jobs this node runs at once ({@code GAVEL_JOBS_THREADS})
     * @param speed intervals are divided by this (the demo's {@code GAVEL_JOBS_SPEED}); 1 runs schedules as written
     * @param pollInterval how often the node looks for due jobs
     * @param node this node's name in {@code picked_by} and {@code job_runs.node}
     */
    public record Settings(boolean enabled, int threads, double speed, Duration pollInterval, String node) {
        public Settings {
            if (threads < 1) {
                throw new IllegalArgumentException("jobs need at least one thread: " + threads);
            }
            if (!(speed >= 1)) {
                throw new IllegalArgumentException("the jobs' speed is at least 1: " + speed);
            }
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(node, "node");
        }

        /** The configured settings: due jobs are looked for every 5 s, every second when sped up. */
        public static Settings of(GavelConfig.Jobs config, String node) {
            return new Settings(
                    config.enabled(),
                    config.threads(),
                    config.speed(),
                    config.speed() > 1 ? Duration.ofSeconds(1) : Duration.ofSeconds(5),
                    node);
        }
    }

    /** What asking for a run now came to. */
    public enum RunNow {
        /** The job is due now; a node runs it within its poll interval (this one at once, when it runs jobs). */
        SCHEDULED,
        /** The job is running on some node; nothing changed. */
        RUNNING,
        /** No job of that name is registered. */
        UNKNOWN
    }

    /**
     * A job as {@code /api/jobs} shows it.
     *
     * @param spedUpEvery the delay between runs when the speed is above 1
     * @param nextRun when it is due next; empty while no node has scheduled it yet
     * @param runningOn the node running it now, if one is
     */
    public record JobStatus(
            String name,
            String description,
            JobSchedule schedule,
            Optional<Duration> spedUpEvery,
            Optional<Instant> nextRun,
            Optional<String> runningOn,
            Optional<JobRun> lastRun,
            Optional<Instant> lastSuccess,
            long runs,
            long failures) {}

    private record Job(
            String name,
            String description,
            JobSchedule schedule,
            Optional<Duration> spedUpEvery,
            JobBody body,
            RecurringTask<Void> task,
            Metrics metrics) {}

    private record Metrics(Counter ok, Counter failed, Timer duration, AtomicLong lastSuccessMillis) {}

    private final DataSource dataSource;
    private final JobRunStore runs;
    private final MeterRegistry registry;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private volatile Map<String, Job> started = Map.of();
    private volatile SchedulerClient client;
    private volatile Optional<Scheduler> scheduler = Optional.empty();
    private volatile boolean closed;

    /** {@code clock} stamps the runs; the scheduler itself keeps real time. */
    public Jobs(DataSource dataSource, JobRunStore runs, MeterRegistry registry, Settings settings, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Adds a recurring job; call before {@link #start()}. {@code name} is lower-case letters, digits and dashes
     * ({@code price-partitions}), unique, and stays the same across releases: it is the job's row in the
     * database.
     */
    public synchronized void register(String name, String description, JobSchedule schedule, JobBody body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(body, "body");
        if (client != null || closed) {
            throw new IllegalStateException("job " + name + " registered after the jobs started; register it first");
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a job's name is 1 to 63 lower-case letters, digits and dashes, such as price-partitions: " + name);
        }
        if (jobs.containsKey(name)) {
            throw new IllegalArgumentException("a job named " + name + " is already registered");
        }
        Instant now = Instant.now();
        Optional<Duration> spedUp = schedule.spedUpDelay(settings.speed(), now);
        RecurringTask<Void> task =
                Tasks.recurring(name, schedule.at(settings.speed(), now)).execute(this::execute);
        jobs.put(name, new Job(name, description, schedule, spedUp, body, task, metrics(name)));
    }

    /** {@link #register(String, String, JobSchedule, JobBody)} every {@code interval}. */
    public void register(String name, String description, Duration interval, JobBody body) {
        register(name, description, JobSchedule.every(interval), body);
    }

    /**
     * Starts the scheduler when this node runs jobs: each registered job gets its row if it has none (a
     * changed schedule moves the row), and due jobs start running. Otherwise only connects for listing.
     */
    public synchronized void start() {
        if (client != null) {
            return;
        }
        if (closed) {
            throw new IllegalStateException("the jobs were stopped");
        }
        started = Map.copyOf(jobs);
        List<RecurringTask<Void>> recurring =
                jobs.values().stream().map(Job::task).toList();
        try {
            runs.summaries().values().forEach(s -> s.lastSuccess()
                    .ifPresent(at -> Optional.ofNullable(jobs.get(s.job()))
                            .ifPresent(j -> j.metrics().lastSuccessMillis().set(at.toEpochMilli()))));
        } catch (RuntimeException e) {
            LOG.warn("jobs: the last successes were not read: {}", e.getMessage());
        }
        if (!settings.enabled()) {
            client = SchedulerClient.Builder.create(dataSource, new ArrayList<Task<?>>(recurring))
                    .build();
            LOG.info("jobs: this node runs none (GAVEL_JOBS_ENABLED=false); {} registered", jobs.keySet());
            return;
        }
        // start tasks are known tasks too: naming them twice is refused
        var s = Scheduler.create(dataSource)
                .startTasks(recurring)
                .threads(settings.threads())
                .pollingInterval(settings.pollInterval())
                .heartbeatInterval(Duration.ofSeconds(30))
                .shutdownMaxWait(Duration.ofSeconds(10))
                .schedulerName(new SchedulerName.Fixed(settings.node()))
                // only an Error gets past execute(), which has logged it already
                .failureLogging(LogLevel.DEBUG, false)
                .build();
        s.start();
        scheduler = Optional.of(s);
        client = s;
        LOG.info(
                "jobs: running {} on {} thread(s){}",
                jobs.values().stream()
                        .map(j -> j.name() + " (" + j.schedule().describe()
                                + j.spedUpEvery()
                                        .map(d -> ", now every " + JobSchedule.compact(d))
                                        .orElse("")
                                + ")")
                        .toList(),
                settings.threads(),
                settings.speed() > 1 ? " at " + settings.speed() + "x speed (GAVEL_JOBS_SPEED)" : "");
    }

    /** Makes the job due now, unless it is running; a node that runs jobs picks it up at once. */
    public RunNow runNow(String name) {
        Job job = started.get(name);
        SchedulerClient c = client;
        if (job == null || c == null) {
            return RunNow.UNKNOWN;
        }
        TaskInstance<Void> instance = job.task().instance(RecurringTask.INSTANCE);
        Instant now = Instant.now();
        boolean moved;
        try {
            moved = c.reschedule(instance, now);
        } catch (TaskInstanceCurrentlyExecutingException e) {
            return RunNow.RUNNING;
        } catch (TaskInstanceNotFoundException e) {
            // no node has scheduled it yet (none runs jobs, or it was cancelled): schedule it now
            moved = c.scheduleIfNotExists(instance, now);
        }
        if (!moved) {
            // another node picked it between our read and our update
            return RunNow.RUNNING;
        }
        LOG.info("jobs: {} moved to now", name);
        scheduler.ifPresent(Scheduler::triggerCheckForDueExecutions);
        return RunNow.SCHEDULED;
    }

    /** Every registered job with its next run, whether it runs now, and its history in short. */
    public List<JobStatus> list() {
        SchedulerClient c = client;
        if (c == null) {
            throw new IllegalStateException("the jobs have not started");
        }
        var executions = new HashMap<String, ScheduledExecution<Object>>();
        c.fetchScheduledExecutions(
                ScheduledExecutionsFilter.all(),
                e -> executions.put(e.getTaskInstance().getTaskName(), e));
        Map<String, JobRunStore.Summary> summaries = runs.summaries();
        var out = new ArrayList<JobStatus>();
        for (Job j : started.values().stream()
                .sorted(java.util.Comparator.comparing(Job::name))
                .toList()) {
            var execution = Optional.ofNullable(executions.get(j.name()));
            var summary = summaries.getOrDefault(j.name(), JobRunStore.Summary.none(j.name()));
            // runs on other nodes move the gauge too, once someone looks
            summary.lastSuccess()
                    .ifPresent(at -> j.metrics().lastSuccessMillis().accumulateAndGet(at.toEpochMilli(), Math::max));
            out.add(new JobStatus(
                    j.name(),
                    j.description(),
                    j.schedule(),
                    j.spedUpEvery(),
                    execution.map(ScheduledExecution::getExecutionTime),
                    execution.filter(ScheduledExecution::isPicked).map(e -> Optional.ofNullable(e.getPickedBy())
                            .orElse("?")),
                    summary.last(),
                    summary.lastSuccess(),
                    summary.runs(),
                    summary.failures()));
        }
        return out;
    }

    /** The names of the registered jobs, in registration order. */
    public synchronized List<String> names() {
        return List.copyOf(jobs.keySet());
    }

    private void execute(TaskInstance<Void> instance, ExecutionContext context) {
        Job job = started.get(instance.getTaskName());
        if (job == null) {
            return; // db-scheduler only hands us our own tasks
        }
        Instant due = context.getExecution().getExecutionTime();
        Instant startedAt = clock.instant();
        long t0 = System.nanoTime();
        Outcome outcome;
        String message;
        long items = 0;
        Error error = null;
        try {
            JobResult result = job.body().run(new JobContext(job.name(), settings.node(), due, startedAt));
            if (result == null) {
                throw new IllegalStateException("the job returned no result");
            }
            outcome = Outcome.OK;
            message = result.message();
            items = result.items();
        } catch (JobFailed e) {
            outcome = Outcome.FAILED;
            message = describe(e);
            LOG.warn("job {} failed after {} ms: {}", job.name(), millisSince(t0), message);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            outcome = Outcome.FAILED;
            message = describe(e);
            if (closed || Thread.currentThread().isInterrupted()) {
                // stopping interrupts runs in flight: that is not a bug in the job
                LOG.info("job {} stopped with Gavel after {} ms: {}", job.name(), millisSince(t0), message);
            } else {
                LOG.warn("job {} failed after {} ms: {}", job.name(), millisSince(t0), message, e);
            }
        } catch (Error e) {
            outcome = Outcome.FAILED;
            message = describe(e);
            error = e;
            LOG.error("job {} failed after {} ms: {}", job.name(), millisSince(t0), message, e);
        }
        long nanos = System.nanoTime() - t0;
        Instant finishedAt = clock.instant();
        if (finishedAt.isBefore(startedAt)) {
            finishedAt = startedAt;
        }
        job.metrics().duration().record(nanos, TimeUnit.NANOSECONDS);
        if (outcome == Outcome.OK) {
            job.metrics().ok().increment();
            job.metrics().lastSuccessMillis().accumulateAndGet(finishedAt.toEpochMilli(), Math::max);
            LOG.info("job {} ok in {} ms: {} item(s); {}", job.name(), nanos / 1_000_000, items, message);
        } else {
            job.metrics().failed().increment();
        }
        try {
            runs.record(new JobRunStore.NewRun(
                    job.name(), settings.node(), startedAt, finishedAt, outcome, message, items));
        } catch (RuntimeException e) {
            LOG.warn("job {}: its run was not recorded: {}", job.name(), e.getMessage());
        }
        if (error != null) {
            throw error;
        }
    }

    private Metrics metrics(String job) {
        var lastSuccess = new AtomicLong(-1);
        Gauge.builder("gavel.job.last.success.timestamp", lastSuccess, v -> v.get() < 0 ? Double.NaN : v.get() / 1000.0)
                .description("When the job last succeeded (seen by this node), in seconds since the epoch")
                .baseUnit("seconds")
                .tag("job", job)
                .register(registry);
        return new Metrics(
                runs(job, Outcome.OK),
                runs(job, Outcome.FAILED),
                Timer.builder("gavel.job.duration")
                        .description("How long the job's runs on this node took")
                        .tag("job", job)
                        .register(registry),
                lastSuccess);
    }

    private Counter runs(String job, Outcome outcome) {
        return Counter.builder("gavel.job.runs")
                .description("Runs of the job on this node, by outcome")
                .tag("job", job)
                .tag("outcome", outcome.id())
                .register(registry);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Stops running jobs: waits up to 10 s for running ones, whose rows another node then revives. */
    @Override
    public synchronized void close() {
        closed = true;
        scheduler.ifPresent(Scheduler::stop);
        scheduler = Optional.empty();
    }
}
