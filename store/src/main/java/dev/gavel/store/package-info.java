/**
 * Adapters to PostgreSQL (connection pool, Flyway migrations, JDBI) and Redis (Lettuce, standalone,
 * Sentinel or Cluster). PostgreSQL is the system of record; Redis holds what can be rebuilt.
 */
package dev.gavel.store;
