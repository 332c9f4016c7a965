/**
 * Real PostgreSQL and Redis servers started from bundled binaries, for {@code gavel demo}, for
 * {@code gavel serve} when no database or Redis URL is configured, and for tests on machines without
 * those services.
 */
package dev.gavel.embedded;
