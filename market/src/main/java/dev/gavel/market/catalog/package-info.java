/** The catalog: games, sets and the items (cards, players) listings and prices attach to, and how to search it. */
package dev.gavel.market.catalog;
