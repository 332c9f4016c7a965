/**
 * Configuration: {@code gavel.yaml} overlaid by {@code GAVEL_*} environment variables, validated once
 * at start into immutable records. Every problem names the key, the value and what is expected.
 */
package dev.gavel.server.config;
