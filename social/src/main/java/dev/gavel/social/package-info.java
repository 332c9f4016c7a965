/**
 * Bidding on X. Today: the bid-post grammar of AUCTIONS.md ({@link dev.gavel.social.BidPostParser}), pure
 * and fuzzed. The X API v2 client, replies and identity linking join it.
 */
package dev.gavel.social;
