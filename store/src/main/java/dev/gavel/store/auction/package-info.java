/**
 * The auction house in PostgreSQL: auctions, the bid log, bidders and their funds, and the group commit
 * that writes a batch of sequencer decisions in one transaction.
 */
package dev.gavel.store.auction;
