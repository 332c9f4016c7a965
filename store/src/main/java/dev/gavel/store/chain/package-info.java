/**
 * What the chain watchers keep in PostgreSQL: followers' checkpoints and recent block hashes, deposits on
 * their way to the funds ledger, NFT ownership, and settlement transactions.
 */
package dev.gavel.store.chain;
