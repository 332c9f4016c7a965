/**
 * Card prices: the quotes sources give per card, variant and kind, and what Gavel makes of their history
 * (stats, trends, alerts).
 */
package dev.gavel.market.price;
