/**
 * TCGplayer as a card source: a client-credentials token kept until near its expiry, the catalog of
 * categories 3 (Pokémon) and 68 (One Piece) read group by group, and product prices in batches of 250.
 */
package dev.gavel.sources.tcgplayer;
