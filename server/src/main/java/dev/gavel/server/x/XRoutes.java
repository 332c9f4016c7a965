package dev.gavel.server.x;

import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.store.x.OutboxItem;
import dev.gavel.store.x.XOutbox;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /api/x/posts}: what the host posted, or will post, on X — replies and announcements, newest
 * first, with where each stands (queued, sent, skipped and why). Public: it is what X shows anyway.
 */
public final class XRoutes {
    private final XOutbox outbox;

    public XRoutes(XOutbox outbox) {
        this.outbox = outbox;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/x/posts", this::posts, Access.ANYONE);
    }

    record Post(
            String key,
            String kind,
            UUID auctionId,
            String inReplyTo,
            String text,
            String status,
            String postedId,
            Instant queuedAt,
            Instant sentAt,
            String problem) {}

    private void posts(Context ctx) {
        Optional<UUID> auction = Optional.ofNullable(ctx.queryParam("auction")).map(raw -> {
            try {
                return UUID.fromString(raw);
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(
                        "invalid_request", "auction must be an auction id", Map.of("auction", "not a UUID: " + raw));
            }
        });
        int limit;
        try {
            limit = Integer.parseInt(
                    Optional.ofNullable(ctx.queryParam("limit")).orElse("50"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 200) {
            throw ApiError.badRequest(
                    "invalid_request", "limit must be a number from 1 to 200", Map.of("limit", "from 1 to 200"));
        }
        List<Post> items =
                outbox.recent(auction, limit).stream().map(XRoutes::view).toList();
        ctx.json(Map.of("items", items, "counts", outbox.counts()));
    }

    private static Post view(OutboxItem item) {
        var e = item.entry();
        return new Post(
                e.key(),
                e.kind(),
                e.auctionId().orElse(null),
                item.replyTarget().orElse(null),
                e.text(),
                item.status(),
                item.postedId().orElse(null),
                e.createdAt(),
                item.sentAt().orElse(null),
                item.lastError().orElse(null));
    }
}
