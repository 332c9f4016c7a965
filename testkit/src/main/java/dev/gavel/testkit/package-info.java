/**
 * Test support: {@link dev.gavel.testkit.WithPostgresAndRedis} gives each test class a fresh real
 * PostgreSQL database and an isolated real Redis database, from the servers named by
 * {@code GAVEL_TEST_DB_URL} / {@code GAVEL_TEST_REDIS_URL} or from embedded ones started once per JVM.
 */
package dev.gavel.testkit;
