/**
 * Reading a marketplace's answer: ordered response strategies (where the listings are, which field is
 * which), normalization and validation of each item into a {@link dev.gavel.market.listing.Listing} with
 * per-field reasons, and the outcomes that are not a page at all (soft failures, captchas, error objects,
 * schema drift).
 */
package dev.gavel.market.strategy;
