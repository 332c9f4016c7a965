package dev.gavel.social.x;

import java.time.Instant;
import java.util.Optional;

/** A post as Gavel reads it; optional fields X may leave out are {@link Optional}. */
public record Tweet(
        String id,
        String text,
        Instant createdAt,
        String authorId,
        Optional<String> conversationId,
        Optional<String> inReplyToTweetId) {

    /** The time a snowflake id was minted: {@code (id >> 22) + 1288834974657} ms since the epoch. */
    public static Instant snowflakeTime(String id) {
        return Instant.ofEpochMilli((Long.parseLong(id) >> 22) + 1_288_834_974_657L);
    }
}
