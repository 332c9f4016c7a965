/**
 * The auth pool: the credentials Gavel holds for each source (session tickets, tokens), their health,
 * cool-downs, least-recently-used leasing and minting limits, and their encryption at rest.
 */
package dev.gavel.market.auth;
