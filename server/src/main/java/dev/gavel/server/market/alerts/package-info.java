/**
 * Price alerts at run time: the evaluator that fires alerts once prices are committed, the dispatcher that
 * delivers each firing to its webhooks (HMAC-signed, retried with backoff) and e-mail addresses (SMTP) from the
 * durable outbox, the feed that pushes each firing to its owner's WebSockets on every node, and the {@code
 * /api/alerts} routes.
 */
package dev.gavel.server.market.alerts;
