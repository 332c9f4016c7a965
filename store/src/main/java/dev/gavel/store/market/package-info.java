/**
 * Market watch storage: listings upserted by natural key with their numbered deltas and price history in
 * PostgreSQL (COPY-staged, one transaction per page), watches, checkpoints and the sealed credential pool;
 * the latest listings, the delta stream and pages held back while PostgreSQL is down in Redis.
 */
package dev.gavel.store.market;
