/**
 * Market watch at run time: batch collection and live watches over the configured sources, ingestion with
 * a Redis queue for when PostgreSQL is away, delta publishing, the {@code /api/market} routes and the {@code /ws/market} socket.
 */
package dev.gavel.server.market;
