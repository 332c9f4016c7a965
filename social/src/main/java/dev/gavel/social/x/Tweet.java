package dev.gavel.social.x;

import java.time.Instant;
import java.util.Optional;

/**
 * A post as Gavel reads it; optional fields X may leave out are {@link Optional}.
 *
 * @param originalId the first id in {@code edit_history_tweet_ids}, when X sent the history
 */
public record Tweet(
        String id,
        String text,
        Instant createdAt,
        String authorId,
        Optional<String> conversationId,
        Optional<String> inReplyToTweetId,
        Optional<String> originalId) {

    /**
     * The id of the post's first version: an edit gets a new id but keeps the first one at the head of its
     * edit history, so a bid that is edited stays one bid.
     */
    public String firstVersionId() {
        return originalId.orElse(id);
    }

    /** The time a snowflake id was minted: {@code (id >> 22) + 1288834974657} ms since the epoch. */
    public static Instant snowflakeTime(String id) {
        return Instant.ofEpochMilli((Long.parseLong(id) >> 22) + 1_288_834_974_657L);
    }
}
