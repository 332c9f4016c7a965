/**
 * A local eBay Browse API: the application token and the item summary search over auctions and fixed-price
 * listings of the shared demo card world that move with the clock, with eBay's error envelope, its daily call
 * quota and faults on demand.
 */
package dev.gavel.sim.ebay;
