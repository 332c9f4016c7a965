package dev.gavel.store.auction;

import java.time.Instant;

/** An admin action or scheduled move, for the audit trail. */
public record AdminRecord(String action, String detailJson, String reason, String actor, Instant at) {}
