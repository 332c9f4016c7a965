/**
 * The market pillar's engine: listings and their deltas, normalization of raw marketplace pages, request
 * templates, response strategies, the auth pool and watches. Plain Java over JSON trees; no I/O.
 */
package dev.gavel.market;
