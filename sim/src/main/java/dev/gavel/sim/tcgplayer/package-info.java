/**
 * A local TCGplayer API: client-credentials tokens, the catalog of categories 3 (Pokémon) and 68 (One Piece)
 * by group and product, SKUs and product pricing, over the shared card world, with the vendor's envelopes
 * and switchable faults.
 */
package dev.gavel.sim.tcgplayer;
