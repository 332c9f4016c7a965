package dev.gavel.store.x;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A post to make on X, as the outbox keeps it: a unique key, what it answers (a post on X, or another entry
 * once that one is posted, or nothing), the text, and when it goes stale.
 */
public record OutboxEntry(
        String key,
        String kind,
        Optional<UUID> auctionId,
        Optional<String> replyToPost,
        Optional<String> replyToKey,
        String text,
        Instant createdAt,
        Optional<Instant> notAfter) {}
