/**
 * Gavel's composition root: {@link dev.gavel.server.GavelServer} wires configuration, storage, auth,
 * health, metrics and the HTTP API together, by hand, in one place.
 */
package dev.gavel.server;
