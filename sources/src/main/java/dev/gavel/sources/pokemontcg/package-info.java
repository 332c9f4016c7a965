/**
 * The Pokémon TCG API (pokemontcg.io) as a card source: sets and cards for the catalog, and the TCGplayer
 * (USD) and Cardmarket (EUR) prices each card embeds, under the API's key-dependent limits.
 */
package dev.gavel.sources.pokemontcg;
