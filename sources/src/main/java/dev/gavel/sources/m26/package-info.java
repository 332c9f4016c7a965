/**
 * The Madden 26 Ultimate Team auction house: its request templates and response strategies (shipped as
 * resources, replaceable by files), the ticket-minting login chain over the auth pool, and the import of
 * captured traffic (HAR) that rebuilds both.
 */
package dev.gavel.sources.m26;
