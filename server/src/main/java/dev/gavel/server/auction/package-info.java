/**
 * The auction house at run time: one sequencer thread per auction with group commit, the registry that
 * starts and restores them, the intake consumer, events, and the HTTP and WebSocket routes.
 */
package dev.gavel.server.auction;
