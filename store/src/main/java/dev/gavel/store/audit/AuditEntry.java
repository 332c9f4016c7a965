package dev.gavel.store.audit;

import java.time.Instant;

/**
 * One line of the audit log.
 *
 * @param subject what it is about, as {@code kind:id} (e.g. {@code bidder:3f2…})
 * @param detailJson a JSON object with the particulars, kept exactly as written
 */
public record AuditEntry(long id, Instant at, String actor, String action, String subject, String detailJson) {}
