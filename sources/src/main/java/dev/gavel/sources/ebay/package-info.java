/**
 * eBay's Browse API as a listing source: an application token kept until near its expiry, auction and
 * fixed-price searches normalized to listings (money from strings, auctions without a price), under eBay's
 * daily call quota.
 */
package dev.gavel.sources.ebay;
