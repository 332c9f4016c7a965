package dev.gavel.server.jobs;

/**
 * What a job does on each run. It may throw: the run is then recorded as failed with the exception's message,
 * and the job runs again at its next time. It should not catch and hide its own failures.
 */
@FunctionalInterface
public interface JobBody {
    JobResult run(JobContext ctx) throws Exception;
}
