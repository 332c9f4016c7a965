/**
 * What a marketplace listing is once normalized ({@link dev.gavel.market.listing.Listing}), how two
 * observations of it differ ({@link dev.gavel.market.listing.ListingDelta}) and the price points it leaves.
 */
package dev.gavel.market.listing;
