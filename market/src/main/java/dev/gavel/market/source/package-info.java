/** The port every marketplace adapter implements, and what it reports about its own health. */
package dev.gavel.market.source;
