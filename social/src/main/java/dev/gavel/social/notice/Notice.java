package dev.gavel.social.notice;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One post Gavel means to make as the host. {@code key} names it uniquely (the same notice composed twice —
 * after a restart, say — is one post); it answers a post on X ({@code replyToPost}), another notice once that
 * one is posted ({@code replyToKey}), or nothing (an announcement).
 *
 * @param notAfter after this it is stale and is not posted (a "10 minutes left" after the end)
 */
public record Notice(
        String key,
        Kind kind,
        Optional<UUID> auctionId,
        Optional<String> replyToPost,
        Optional<String> replyToKey,
        String text,
        Optional<Instant> notAfter) {

    /** X counts at most 280 characters in a post. */
    public static final int MAX_LENGTH = 280;

    public Notice {
        if (replyToPost.isPresent() && replyToKey.isPresent()) {
            throw new IllegalArgumentException("a notice answers a post or another notice, not both");
        }
        if (text.isEmpty() || text.codePointCount(0, text.length()) > MAX_LENGTH) {
            throw new IllegalArgumentException("a notice has 1 to 280 characters: " + text);
        }
    }

    /** What a notice is about. */
    public enum Kind {
        DECISION,
        OUTBID,
        WON,
        MALFORMED,
        LINK,
        TEASER,
        START,
        WARNING,
        EXTENDED,
        RESULT
    }
}
