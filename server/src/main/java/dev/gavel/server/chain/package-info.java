/**
 * The chain side of the auction house: following escrow deposits to the funds ledger, checking bids paid
 * by tx hash, following NFT ownership, and settling finished auctions on chain.
 */
package dev.gavel.server.chain;
