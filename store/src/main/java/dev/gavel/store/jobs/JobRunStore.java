package dev.gavel.store.jobs;

import dev.gavel.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The history of scheduled jobs' runs ({@code job_runs}): one row per finished run, written by the node
 * that ran it. Thread-safe.
 */
public final class JobRunStore {
    /** The longest message kept; longer ones are cut with an ellipsis. */
    public static final int MAX_MESSAGE = 2_000;

    private static final String COLUMNS = "id, job, node, started_at, finished_at, outcome, message, items";

    private final Jdbi jdbi;

    public JobRunStore(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    }

    /** How a run ended. */
    public enum Outcome {
        OK,
        FAILED;

        /** The spelling in {@code job_runs.outcome} and in the API: {@code ok}, {@code failed}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Outcome of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /** A run to record. */
    public record NewRun(
            String job,
            String node,
            Instant startedAt,
            Instant finishedAt,
            Outcome outcome,
            String message,
            long items) {
        public NewRun {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(finishedAt, "finishedAt");
            Objects.requireNonNull(outcome, "outcome");
            message = message == null ? "" : message;
            if (items < 0) {
                throw new IllegalArgumentException("items processed must not be negative: " + items);
            }
        }
    }

    /** A recorded run. */
    public record JobRun(
            long id,
            String job,
            String node,
            Instant startedAt,
            Instant finishedAt,
            Outcome outcome,
            String message,
            long items) {
        public Duration duration() {
            return Duration.between(startedAt, finishedAt);
        }
    }

    /** A job's history in short: how many runs, how many failed, the newest run and the newest success. */
    public record Summary(String job, long runs, long failures, Optional<JobRun> last, Optional<Instant> lastSuccess) {
        public static Summary none(String job) {
            return new Summary(job, 0, 0, Optional.empty(), Optional.empty());
        }
    }

    public JobRun record(NewRun run) {
        String message = run.message().length() > MAX_MESSAGE
                ? run.message().substring(0, MAX_MESSAGE - 1) + "…"
                : run.message();
        try {
            return jdbi.withHandle(h -> h.createQuery("""
                            INSERT INTO job_runs (job, node, started_at, finished_at, outcome, message, items)
                            VALUES (:job, :node, :started, :finished, :outcome, :message, :items)
                            RETURNING\s""" + COLUMNS)
                    .bind("job", run.job())
                    .bind("node", run.node())
                    .bind("started", Timestamp.from(run.startedAt()))
                    .bind("finished", Timestamp.from(run.finishedAt()))
                    .bind("outcome", run.outcome().id())
                    .bind("message", message)
                    .bind("items", run.items())
                    .map((rs, ctx) -> run(rs))
                    .one());
        } catch (JdbiException e) {
            throw new StoreException("could not record the run of job " + run.job() + ": " + e.getMessage(), e);
        }
    }

    /** Every job that has run, by name. */
    public Map<String, Summary> summaries() {
        try {
            return jdbi.withHandle(h -> {
                var out = new LinkedHashMap<String, Summary>();
                h.createQuery("""
                                SELECT c.runs, c.failures, c.last_success, r.id, r.job, r.node, r.started_at,
                                       r.finished_at, r.outcome, r.message, r.items
                                FROM (SELECT job, count(*) AS runs,
                                             count(*) FILTER (WHERE outcome = 'failed') AS failures,
                                             max(finished_at) FILTER (WHERE outcome = 'ok') AS last_success
                                      FROM job_runs GROUP BY job) c
                                JOIN LATERAL (SELECT * FROM job_runs WHERE job = c.job
                                              ORDER BY started_at DESC, id DESC LIMIT 1) r ON true
                                ORDER BY c.job""")
                        .map((rs, ctx) -> new Summary(
                                rs.getString("job"),
                                rs.getLong("runs"),
                                rs.getLong("failures"),
                                Optional.of(run(rs)),
                                Optional.ofNullable(rs.getTimestamp("last_success"))
                                        .map(Timestamp::toInstant)))
                        .forEach(s -> out.put(s.job(), s));
                return out;
            });
        } catch (JdbiException e) {
            throw new StoreException("could not read the job runs: " + e.getMessage(), e);
        }
    }

    /** A job's newest runs, newest first. */
    public List<JobRun> recent(String job, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                            + " FROM job_runs WHERE job = :job ORDER BY started_at DESC, id DESC LIMIT :limit")
                    .bind("job", job)
                    .bind("limit", limit)
                    .map((rs, ctx) -> run(rs))
                    .list());
        } catch (JdbiException e) {
            throw new StoreException("could not read the runs of job " + job + ": " + e.getMessage(), e);
        }
    }

    private static JobRun run(ResultSet rs) throws SQLException {
        return new JobRun(
                rs.getLong("id"),
                rs.getString("job"),
                rs.getString("node"),
                rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("finished_at").toInstant(),
                Outcome.of(rs.getString("outcome")),
                rs.getString("message"),
                rs.getLong("items"));
    }
}
