/**
 * The card marketplaces' shared world: one seeded catalog of Pokémon and One Piece cards with prices that
 * move with the clock ({@link dev.gavel.sim.cards.DemoCards}), served in their own shapes by the TCGplayer,
 * pokemontcg.io, OPTCG and eBay simulators, so the same card is the same card at every source.
 */
package dev.gavel.sim.cards;
