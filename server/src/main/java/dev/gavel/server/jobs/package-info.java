/**
 * Scheduled jobs at run time: named recurring jobs on db-scheduler (its {@code scheduled_tasks} table in
 * PostgreSQL, so each execution runs on one node of a cluster), their history and metrics, and the
 * {@code /api/jobs} routes.
 */
package dev.gavel.server.jobs;
