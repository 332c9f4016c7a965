/** Marketplace adapters behind the market engine's source port, each wrapped in its own resilience policy. */
package dev.gavel.sources;
