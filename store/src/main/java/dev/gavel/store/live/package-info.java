/**
 * The auction house in Redis: the bid intake stream (with its consumer group and dead-letter stream),
 * sequencer leases with fencing tokens, the live view in the Auction Manager key schema, and the event
 * stream. All of it is derived or transient; PostgreSQL stays the system of record.
 */
package dev.gavel.store.live;
