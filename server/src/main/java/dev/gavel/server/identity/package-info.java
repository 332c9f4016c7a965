/**
 * Wallet linking: SIWE messages with single-use nonces, signatures checked by the chain module, links
 * recorded with an audit entry — over the HTTP API and through replies to the host on X.
 */
package dev.gavel.server.identity;
