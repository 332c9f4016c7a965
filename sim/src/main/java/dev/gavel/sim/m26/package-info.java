/**
 * A local Madden 26 Ultimate Team auction house: the companion app's EA OAuth refresh, Blaze login and
 * {@code Process} gateway, over a seeded market that evolves with the clock, with faults and answer shapes
 * switchable on demand so Gavel's M26 source can be rehearsed without touching EA.
 */
package dev.gavel.sim.m26;
