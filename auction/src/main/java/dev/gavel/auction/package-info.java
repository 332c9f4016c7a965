/**
 * The auction house's domain: auctions and their lifecycle, the bid rules of AUCTIONS.md, the funds
 * ledger, campaign schedules in Eastern time, and the single-writer sequencer's decision logic. Plain Java
 * with no I/O; time comes in as values or a {@link java.time.Clock}.
 */
package dev.gavel.auction;
