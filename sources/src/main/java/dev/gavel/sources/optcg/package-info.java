/**
 * The OPTCG API as a One Piece card source: its sets and their cards with market and inventory (lowest
 * listing) prices, read set by set, prices given as numbers or strings.
 */
package dev.gavel.sources.optcg;
