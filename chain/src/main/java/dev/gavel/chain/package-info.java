/**
 * Ethereum identity for Gavel. Today: Sign-In with Ethereum (EIP-4361) messages, EIP-191 signature recovery and
 * EIP-55 addresses — pure functions with no I/O, so a wallet can be linked to an X account without a chain node.
 * JSON-RPC adapters (deposits, confirmations, settlement) join later in their own subpackage.
 */
package dev.gavel.chain;
