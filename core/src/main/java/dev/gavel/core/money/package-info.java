/** Money as exact integers: ETH amounts held as wei, parsed and printed without floating point. */
package dev.gavel.core.money;
