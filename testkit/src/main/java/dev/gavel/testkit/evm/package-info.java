/**
 * Test support for adapters that talk to Ethereum: {@link dev.gavel.testkit.evm.WithEvmNode} gives tests a
 * real local EVM node (ganache) with funded deterministic accounts, helpers to sign and send transactions,
 * and the compiled test contracts (an ERC-721, an ERC-20 and a contract that refuses ETH).
 */
package dev.gavel.testkit.evm;
