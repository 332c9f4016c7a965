package dev.gavel.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.jobs.JobRunStore;
import dev.gavel.store.jobs.JobRunStore.JobRun;
import dev.gavel.store.jobs.JobRunStore.Outcome;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs on db-scheduler against a real PostgreSQL: runs are recorded and counted, failures never stop the
 * scheduler, nodes sharing the database run each execution once, and a job can be moved to now.
 */
@WithPostgresAndRedis
class JobsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Database database;
    private final JobRunStore runs;
    private final List<Jobs> nodes = new ArrayList<>();

    JobsIT(TestDatabase db) {
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        runs = new JobRunStore(database.jdbi());
    }

    @BeforeEach
    void empty() {
        database.jdbi().useHandle(h -> h.execute("TRUNCATE scheduled_tasks, job_runs"));
    }

    @AfterEach
    void stop() {
        nodes.forEach(Jobs::close);
        database.close();
    }

    private Jobs node(String name, boolean enabled, double speed, PrometheusMeterRegistry registry) {
        var jobs = new Jobs(
                database.dataSource(),
                runs,
                registry,
                new Jobs.Settings(enabled, 2, speed, Duration.ofMillis(100), name),
                Clock.systemUTC());
        nodes.add(jobs);
        return jobs;
    }

    private Jobs node(String name) {
        return node(name, true, 1.0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    private List<JobRun> runsOf(String job) {
        return runs.recent(job, 1000);
    }

    private static Jobs.JobStatus status(Jobs jobs, String name) {
        return jobs.list().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** A daily time that is never near now, so the job runs only when asked. */
    private static JobSchedule farAway() {
        return JobSchedule.dailyAt(
                LocalTime.now(ZoneOffset.UTC).plusHours(12).withSecond(0).withNano(0));
    }

    @Test
    void a_job_runs_and_its_run_is_recorded_listed_and_counted() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var jobs = node("node-a", true, 1.0, registry);
        jobs.register("tick", "counts to three", Duration.ofHours(1), ctx -> JobResult.of(3, "three items"));
        Instant before = Instant.now();

        jobs.start();

        // a fixed-delay job runs first at start
        await().atMost(WAIT).until(() -> runsOf("tick").size() == 1);
        JobRun run = runsOf("tick").getFirst();
        assertThat(run.outcome()).isEqualTo(Outcome.OK);
        assertThat(run.items()).isEqualTo(3);
        assertThat(run.message()).isEqualTo("three items");
        assertThat(run.node()).isEqualTo("node-a");
        assertThat(run.startedAt()).isAfterOrEqualTo(before.minusSeconds(1));

        var status = status(jobs, "tick");
        assertThat(status.description()).isEqualTo("counts to three");
        assertThat(status.schedule().describe()).isEqualTo("every 1h");
        assertThat(status.runs()).isEqualTo(1);
        assertThat(status.failures()).isZero();
        assertThat(status.lastRun()).contains(run);
        assertThat(status.lastSuccess()).contains(run.finishedAt());
        assertThat(status.runningOn()).isEmpty();
        assertThat(status.nextRun().orElseThrow())
                .isBetween(
                        run.finishedAt().plus(Duration.ofMinutes(59)),
                        run.finishedAt().plus(Duration.ofMinutes(61)));

        String metrics = registry.scrape();
        assertThat(metrics)
                .contains("gavel_job_runs_total{job=\"tick\",outcome=\"ok\"} 1.0")
                .contains("gavel_job_runs_total{job=\"tick\",outcome=\"failed\"} 0.0")
                .contains("gavel_job_duration_seconds_count{job=\"tick\"} 1")
                .contains("gavel_job_last_success_timestamp_seconds{job=\"tick\"} ");
        double lastSuccess = registry.get("gavel.job.last.success.timestamp")
                .tag("job", "tick")
                .gauge()
                .value();
        assertThat(lastSuccess).isEqualTo(run.finishedAt().toEpochMilli() / 1000.0);
    }

    @Test
    void a_job_that_throws_is_a_failed_run_and_the_scheduler_goes_on() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var jobs = node("node-a", true, 1.0, registry);
        var calls = new AtomicInteger();
        jobs.register("flaky", "fails at first", Duration.ofSeconds(1), ctx -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("the source did not answer");
            }
            return JobResult.of(1, "answered");
        });
        jobs.register("broken", "throws an Error", Duration.ofSeconds(1), ctx -> {
            throw new AssertionError("a bug");
        });
        jobs.register("steady", "always fine", Duration.ofSeconds(1), ctx -> JobResult.nothing("fine"));

        jobs.start();

        await().atMost(WAIT)
                .until(() -> runsOf("flaky").size() >= 2 && runsOf("broken").size() >= 2);
        await().atMost(WAIT).until(() -> runsOf("steady").size() >= 2);
        List<JobRun> flaky = runsOf("flaky").reversed();
        assertThat(flaky.get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(flaky.get(0).message()).isEqualTo("the source did not answer");
        assertThat(flaky.get(0).items()).isZero();
        assertThat(flaky.get(1).outcome()).isEqualTo(Outcome.OK);
        assertThat(runsOf("broken")).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(r.message()).isEqualTo("a bug");
        });
        assertThat(runsOf("steady")).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.OK));

        var status = status(jobs, "flaky");
        assertThat(status.failures()).isEqualTo(1);
        assertThat(status.runs()).isGreaterThanOrEqualTo(2);
        assertThat(registry.get("gavel.job.runs")
                        .tags("job", "flaky", "outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(status(jobs, "broken").lastSuccess()).isEmpty();
        assertThat(registry.scrape()).contains("gavel_job_last_success_timestamp_seconds{job=\"broken\"} NaN");
    }

    @Test
    void a_failure_the_job_explains_and_a_run_stopped_by_closing_are_logged_without_a_stack_trace() throws Exception {
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Jobs.class);
        logger.addAppender(appender);
        try {
            var jobs = node("node-a");
            var waiting = new CountDownLatch(1);
            jobs.register("sourced", "a source said no", Duration.ofHours(1), ctx -> {
                throw new JobFailed("tcgplayer pokemon: HTTP 503 three times");
            });
            jobs.register("retrying", "waits before a retry", Duration.ofHours(1), ctx -> {
                waiting.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // what resilience4j's retry does when its wait is interrupted: the last failure again
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("connection refused");
                }
                return JobResult.nothing("never");
            });
            jobs.start();
            await().atMost(WAIT).until(() -> runsOf("sourced").size() == 1);
            assertThat(waiting.await(20, TimeUnit.SECONDS)).isTrue();

            jobs.close(); // waits 10 s, then interrupts what still runs

            await().atMost(WAIT).until(() -> runsOf("retrying").size() == 1);
            assertThat(runsOf("sourced").getFirst().message()).isEqualTo("tcgplayer pokemon: HTTP 503 three times");
            var events = List.copyOf(appender.list);
            assertThat(events)
                    .filteredOn(e -> e.getFormattedMessage().startsWith("job sourced failed"))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                        assertThat(e.getThrowableProxy()).isNull();
                        assertThat(e.getFormattedMessage()).endsWith("tcgplayer pokemon: HTTP 503 three times");
                    });
            assertThat(events)
                    .filteredOn(e -> e.getFormattedMessage().startsWith("job retrying"))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.INFO);
                        assertThat(e.getThrowableProxy()).isNull();
                        assertThat(e.getFormattedMessage()).contains("stopped with Gavel", "connection refused");
                    });
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void two_nodes_on_one_database_run_each_execution_once() {
        record Ran(String node, Instant due) {}
        Queue<Ran> ticks = new ConcurrentLinkedQueue<>();
        Queue<Ran> nightly = new ConcurrentLinkedQueue<>();
        JobSchedule night = farAway();
        var a = node("node-a");
        var b = node("node-b");
        for (Jobs n : List.of(a, b)) {
            n.register("tick", "every second", Duration.ofSeconds(1), ctx -> {
                ticks.add(new Ran(ctx.node(), ctx.dueAt()));
                return JobResult.of(1, "tick");
            });
            n.register("nightly", "once a day", night, ctx -> {
                nightly.add(new Ran(ctx.node(), ctx.dueAt()));
                return JobResult.nothing("night");
            });
        }

        a.start();
        b.start();

        await().atMost(WAIT).until(() -> ticks.size() >= 8);
        assertThat(a.runNow("nightly")).isEqualTo(Jobs.RunNow.SCHEDULED);
        await().atMost(WAIT).until(() -> nightly.size() == 1);
        // both nodes keep polling every 100 ms; nobody runs the nightly job a second time
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> nightly.size() == 1);
        a.close();
        b.close();

        var dues = ticks.stream().map(Ran::due).toList();
        assertThat(new HashSet<>(dues)).as("each execution ran once: %s", ticks).hasSameSizeAs(dues);
        assertThat(runsOf("tick")).hasSameSizeAs(dues);
        assertThat(ticks).extracting(Ran::node).isSubsetOf("node-a", "node-b");
        assertThat(runsOf("nightly")).hasSize(1);
        assertThat(status(a, "nightly").runs()).isEqualTo(1);
    }

    @Test
    void run_now_runs_a_daily_job_at_once_and_not_twice_while_it_runs() throws Exception {
        var jobs = node("node-a");
        var release = new CountDownLatch(1);
        var started = new CountDownLatch(1);
        jobs.register("nightly", "once a day", farAway(), ctx -> {
            started.countDown();
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            return JobResult.of(7, "done");
        });
        jobs.start();
        Instant scheduled = status(jobs, "nightly").nextRun().orElseThrow();
        assertThat(scheduled).isAfter(Instant.now().plus(Duration.ofHours(11)));
        assertThat(runsOf("nightly")).isEmpty();

        assertThat(jobs.runNow("nightly")).isEqualTo(Jobs.RunNow.SCHEDULED);

        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> status(jobs, "nightly").runningOn().isPresent());
        assertThat(status(jobs, "nightly").runningOn()).contains("node-a");
        assertThat(jobs.runNow("nightly")).isEqualTo(Jobs.RunNow.RUNNING);
        release.countDown();

        await().atMost(WAIT).until(() -> runsOf("nightly").size() == 1);
        await().atMost(WAIT).until(() -> status(jobs, "nightly").runningOn().isEmpty());
        assertThat(runsOf("nightly").getFirst().items()).isEqualTo(7);
        // back on its daily time
        assertThat(status(jobs, "nightly").nextRun()).contains(scheduled);
        assertThat(jobs.runNow("no-such-job")).isEqualTo(Jobs.RunNow.UNKNOWN);
    }

    @Test
    void a_node_that_runs_no_jobs_lists_them_and_asks_the_others_to_run_one_now() {
        var api = node("api-only", false, 1.0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        var worker = node("worker");
        var night = farAway();
        api.register("nightly", "once a day", night, ctx -> JobResult.nothing("ran on " + ctx.node()));
        worker.register("nightly", "once a day", night, ctx -> JobResult.nothing("ran on " + ctx.node()));

        api.start();
        // no node has scheduled it yet: asking for a run makes its row, due now
        assertThat(status(api, "nightly").nextRun()).isEmpty();
        assertThat(api.runNow("nightly")).isEqualTo(Jobs.RunNow.SCHEDULED);
        assertThat(status(api, "nightly").nextRun().orElseThrow()).isBeforeOrEqualTo(Instant.now());

        worker.start();

        await().atMost(WAIT).until(() -> runsOf("nightly").size() == 1);
        assertThat(runsOf("nightly").getFirst().node()).isEqualTo("worker");
        assertThat(runsOf("nightly").getFirst().message()).isEqualTo("ran on worker");
        await().atMost(WAIT).until(() -> status(api, "nightly")
                .nextRun()
                .orElseThrow()
                .isAfter(Instant.now().plusSeconds(3600)));

        assertThat(api.runNow("nightly")).isEqualTo(Jobs.RunNow.SCHEDULED);
        await().atMost(WAIT).until(() -> runsOf("nightly").size() == 2);
        assertThat(runsOf("nightly")).extracting(JobRun::node).containsOnly("worker");
    }

    @Test
    void at_a_speed_an_hourly_job_runs_every_second() {
        var jobs = node("node-a", true, 3600, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        jobs.register("hourly", "every hour, sped up", Duration.ofHours(1), ctx -> JobResult.nothing("ok"));

        jobs.start();

        await().atMost(WAIT).until(() -> runsOf("hourly").size() >= 3);
        assertThat(status(jobs, "hourly").spedUpEvery()).contains(Duration.ofSeconds(1));
    }

    @Test
    void jobs_are_registered_before_the_start() {
        var jobs = node("node-a");
        jobs.register("first", "first", Duration.ofHours(1), ctx -> JobResult.nothing("ok"));
        jobs.start();

        assertThatThrownBy(() -> jobs.register("late", "late", Duration.ofHours(1), ctx -> JobResult.nothing("ok")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("register it first");
    }
}
