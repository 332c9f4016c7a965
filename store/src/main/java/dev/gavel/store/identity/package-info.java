/** Wallet linking in PostgreSQL: single-use SIWE nonces and the X account ↔ wallet link, audited. */
package dev.gavel.store.identity;
