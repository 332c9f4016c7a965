/**
 * A local pokemontcg.io (v2): sets and cards of the shared demo card world with their embedded TCGplayer and
 * Cardmarket prices, the optional API key and its two sets of limits, and faults on demand.
 */
package dev.gavel.sim.pokemontcg;
