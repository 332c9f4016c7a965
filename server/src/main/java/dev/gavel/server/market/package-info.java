/**
 * Market watch at run time: batch collection and live watches over the configured sources, ingestion with
 * a Redis queue for when PostgreSQL is away, delta publishing, and the {@code /api/market} routes.
 */
package dev.gavel.server.market;
