/** Scheduled jobs' history: one row per finished run in {@code job_runs} (db-scheduler keeps its own table). */
package dev.gavel.store.jobs;
