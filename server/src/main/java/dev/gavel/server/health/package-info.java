/** Health of Gavel's parts (PostgreSQL, Redis, and later ones), for {@code GET /health} and metrics. */
package dev.gavel.server.health;
