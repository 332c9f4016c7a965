/**
 * Who is calling and what they may do: Argon2id password hashes, signed login tokens (JWT, HS256 with a
 * key derived from {@code GAVEL_SECRET_KEY}), hashed API keys, and the account rules shared by the HTTP
 * API and the CLI.
 */
package dev.gavel.server.auth;
