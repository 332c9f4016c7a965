package dev.gavel.server.jobs;

import java.time.Instant;

/**
 * One run of a job: which job, the node running it, when it was due (a "run now" makes it due at the time
 * asked) and when it started.
 */
public record JobContext(String job, String node, Instant dueAt, Instant startedAt) {}
