package dev.gavel.server.jobs;

import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.store.jobs.JobRunStore.JobRun;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scheduled jobs over HTTP:
 *
 * <ul>
 *   <li>{@code GET /api/jobs} (VIEWER): each job's schedule, next run, whether it runs now and where, its last
 *       run (start, duration, outcome, message, items) and its run and failure counts;
 *   <li>{@code POST /api/jobs/{name}/run} (ADMIN): run it now → 202; 404 for an unknown job, 409 while it runs.
 * </ul>
 */
public final class JobRoutes {
    private final Jobs jobs;

    public JobRoutes(Jobs jobs) {
        this.jobs = jobs;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/jobs", this::list, Access.VIEWER);
        routes.post("/api/jobs/{name}/run", this::runNow, Access.ADMIN);
    }

    private void list(Context ctx) {
        var body = new LinkedHashMap<String, Object>();
        body.put("node", jobs.settings().node());
        body.put("runsJobs", jobs.settings().enabled());
        if (jobs.settings().speed() > 1) {
            body.put("speed", jobs.settings().speed());
        }
        body.put("jobs", jobs.list().stream().map(JobRoutes::job).toList());
        ctx.json(body);
    }

    private void runNow(Context ctx) {
        String name = ctx.pathParam("name");
        switch (jobs.runNow(name)) {
            case SCHEDULED ->
                ctx.status(202)
                        .json(Map.of(
                                "job",
                                name,
                                "status",
                                "scheduled",
                                "message",
                                jobs.settings().enabled()
                                        ? "due now; it starts within a second or two, see GET /api/jobs"
                                        : "due now; a node that runs jobs starts it within its poll interval"));
            case RUNNING ->
                throw new ApiError(
                        409,
                        "job_running",
                        "job " + name + " is running now; ask again once it is done",
                        Map.of("job", name));
            case UNKNOWN ->
                throw new ApiError(
                        404, "not_found", "no job named " + name + "; jobs: " + jobs.names(), Map.of("job", name));
        }
    }

    private static Map<String, Object> job(Jobs.JobStatus s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", s.name());
        m.put("description", s.description());
        m.put("schedule", s.schedule().describe());
        s.spedUpEvery().ifPresent(d -> m.put("runsEvery", JobSchedule.compact(d)));
        m.put("nextRun", s.nextRun().orElse(null));
        m.put("running", s.runningOn().isPresent());
        m.put("runningOn", s.runningOn().orElse(null));
        m.put("lastRun", s.lastRun().map(JobRoutes::run).orElse(null));
        m.put("lastSuccess", s.lastSuccess().orElse(null));
        m.put("runs", s.runs());
        m.put("failures", s.failures());
        return m;
    }

    private static Map<String, Object> run(JobRun r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("startedAt", r.startedAt());
        m.put("finishedAt", r.finishedAt());
        m.put("durationMs", r.duration().toMillis());
        m.put("outcome", r.outcome().id());
        m.put("message", r.message());
        m.put("items", r.items());
        m.put("node", r.node());
        return m;
    }
}
