/** Live watches: what to poll, how often, and where a watch stopped (its checkpoint). */
package dev.gavel.market.watch;
