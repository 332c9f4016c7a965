/**
 * Ethereum JSON-RPC over HTTP: an ordered list of providers with failover, per-provider health and
 * timings ({@link dev.gavel.chain.rpc.ChainRpc}), and the typed calls Gavel makes
 * ({@link dev.gavel.chain.rpc.EthClient}).
 */
package dev.gavel.chain.rpc;
