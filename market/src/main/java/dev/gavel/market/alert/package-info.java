/**
 * Price alerts: what a collector asks to be told (a price at or below or above an amount, a change of at least
 * some percent over a window), where to tell them (webhook, e-mail), and the rule that decides, from a snapshot
 * of the prices, whether an alert fires now. Parsing answers every problem by field; nothing here does I/O.
 */
package dev.gavel.market.alert;
