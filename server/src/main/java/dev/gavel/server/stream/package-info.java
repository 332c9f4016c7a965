/**
 * The livestream at run time: the live state the compositor draws (from the auction house), uploaded assets,
 * scenes, the encoder and its outputs, and the HTTP API (scenes, assets, preview, health, actions).
 */
package dev.gavel.server.stream;
