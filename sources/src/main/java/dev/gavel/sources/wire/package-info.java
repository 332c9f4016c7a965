/**
 * What the HTTP and JSON card sources share: one exchange with a source that never throws and maps the
 * transport and the status line to the market engine's outcomes, and exact money read from decimals.
 */
package dev.gavel.sources.wire;
