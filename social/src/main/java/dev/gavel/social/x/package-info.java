/**
 * The X API v2 client: recent search and mentions with {@code since_id} and {@code next_token}, posting
 * replies, rate-limit headers honoured, transient failures retried, a circuit breaker around it all.
 */
package dev.gavel.social.x;
