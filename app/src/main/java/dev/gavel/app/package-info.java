/**
 * The {@code gavel} command line: {@code serve}, {@code demo}, {@code db migrate}, {@code users create}.
 * It fills in embedded PostgreSQL and Redis where no URL is configured, then hands the configuration to
 * the server exactly as it would real services.
 */
package dev.gavel.app;
