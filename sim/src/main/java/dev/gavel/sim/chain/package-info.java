/**
 * GavelSimChain: a simulator of an EVM chain for {@code gavel demo} when no real node is installed. It speaks
 * Ethereum JSON-RPC and models ETH transfers and its own ERC-721 collections natively; it is not a blockchain.
 */
package dev.gavel.sim.chain;
