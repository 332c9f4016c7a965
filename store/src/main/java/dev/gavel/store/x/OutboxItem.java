package dev.gavel.store.x;

import java.time.Instant;
import java.util.Optional;

/**
 * An outbox row and where it stands.
 *
 * @param replyTarget the post on X it answers: its own {@code replyToPost}, or the posted id of the entry it
 *     answers (empty for an announcement, or while that entry is not posted)
 * @param attempts posting attempts begun; more than one means an earlier attempt may have reached X
 */
public record OutboxItem(
        long id,
        OutboxEntry entry,
        Optional<String> replyTarget,
        int attempts,
        Optional<Instant> sentAt,
        Optional<String> postedId,
        Optional<Instant> skippedAt,
        Optional<String> lastError) {

    public String status() {
        return sentAt.isPresent() ? "sent" : skippedAt.isPresent() ? "skipped" : "queued";
    }
}
