/**
 * A local OPTCG API (the One Piece card data and price service): its set list, set, card and all-cards
 * endpoints over the shared card world, with prices as numbers or strings and switchable faults.
 */
package dev.gavel.sim.optcg;
