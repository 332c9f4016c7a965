package dev.gavel.store.x;

import dev.gavel.store.Database;
import dev.gavel.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The posts Gavel owes X, in PostgreSQL ({@code x_outbox}). Entries are written in the transaction of what
 * they talk about; an entry whose key exists, or that answers a post already answered, is dropped, so at
 * most one reply goes to any post. Senders claim due entries for a while ({@code FOR UPDATE SKIP LOCKED}, so
 * nodes never claim the same one), post them and mark them sent. Thread-safe.
 */
public final class XOutbox {
    private static final String INSERT = """
            INSERT INTO x_outbox (key, kind, auction_id, reply_to_post, reply_to_key, text, created_at, not_after, next_attempt_at)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?
            WHERE ?::text IS NULL OR EXISTS (SELECT 1 FROM x_outbox p WHERE p.key = ?)
            ON CONFLICT DO NOTHING""";

    private final DataSource dataSource;

    public XOutbox(Database database) {
        this.dataSource = database.dataSource();
    }

    /** Enqueues in one transaction; returns how many were new. */
    public int enqueue(List<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        try (var c = dataSource.getConnection()) {
            return insert(c, entries);
        } catch (SQLException e) {
            throw new StoreException("could not queue posts for X: " + e.getMessage(), e);
        }
    }

    /**
     * Inserts on {@code c} (in the caller's transaction, if any): an entry answering another entry is kept only
     * when that one exists, queued before or in this same call (an outbid notice for a bid that never got a
     * reply is dropped).
     */
    public static int insert(Connection c, List<OutboxEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return 0;
        }
        // Two JDBC batches: first what answers a post or nothing, then what answers another entry, which by
        // then exists if it was in this call.
        var first = entries.stream().filter(e -> e.replyToKey().isEmpty()).toList();
        var second = entries.stream().filter(e -> e.replyToKey().isPresent()).toList();
        return insertBatch(c, first) + insertBatch(c, second);
    }

    private static int insertBatch(Connection c, List<OutboxEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return 0;
        }
        try (var ps = c.prepareStatement(INSERT)) {
            for (OutboxEntry e : entries) {
                int i = 1;
                ps.setString(i++, e.key());
                ps.setString(i++, e.kind());
                ps.setObject(i++, e.auctionId().orElse(null), Types.OTHER);
                ps.setString(i++, e.replyToPost().orElse(null));
                ps.setString(i++, e.replyToKey().orElse(null));
                ps.setString(i++, e.text());
                ps.setTimestamp(i++, Timestamp.from(e.createdAt()));
                ps.setTimestamp(i++, e.notAfter().map(Timestamp::from).orElse(null));
                ps.setTimestamp(i++, Timestamp.from(e.createdAt()));
                ps.setString(i++, e.replyToKey().orElse(null));
                ps.setString(i, e.replyToKey().orElse(null));
                ps.addBatch();
            }
            int added = 0;
            for (int n : ps.executeBatch()) {
                added += Math.max(n, 0);
            }
            return added;
        }
    }

    /**
     * Claims up to {@code max} due entries for {@code hold} and counts an attempt for each: announcements
     * first, then in the order they were queued. An entry answering another waits until that one is posted.
     */
    public List<OutboxItem> claim(int max, Instant now, Duration hold) {
        String sql = """
                UPDATE x_outbox o SET claimed_until = ?, attempts = o.attempts + 1
                WHERE o.id IN (
                  SELECT d.id FROM x_outbox d
                  WHERE d.sent_at IS NULL AND d.skipped_at IS NULL AND d.next_attempt_at <= ?
                    AND (d.claimed_until IS NULL OR d.claimed_until <= ?)
                    AND (d.reply_to_key IS NULL OR EXISTS (
                      SELECT 1 FROM x_outbox p WHERE p.key = d.reply_to_key AND (p.sent_at IS NOT NULL OR p.skipped_at IS NOT NULL)))
                  ORDER BY (d.reply_to_post IS NULL AND d.reply_to_key IS NULL) DESC, d.id
                  LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING o.*, (SELECT p.posted_id FROM x_outbox p WHERE p.key = o.reply_to_key) AS parent_posted_id""";
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(now.plus(hold)));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setInt(4, max);
            var claimed = new TreeMap<Long, OutboxItem>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    var item = item(rs);
                    claimed.put(item.id(), item);
                }
            }
            return sortedForPosting(claimed);
        } catch (SQLException e) {
            throw new StoreException("could not claim posts for X: " + e.getMessage(), e);
        }
    }

    private static List<OutboxItem> sortedForPosting(Map<Long, OutboxItem> claimed) {
        var announcements = new ArrayList<OutboxItem>();
        var replies = new ArrayList<OutboxItem>();
        for (var item : claimed.values()) {
            boolean announcement = item.entry().replyToPost().isEmpty()
                    && item.entry().replyToKey().isEmpty();
            (announcement ? announcements : replies).add(item);
        }
        announcements.addAll(replies);
        return announcements;
    }

    /** Posted as {@code postedId}. */
    public void markSent(long id, String postedId, Instant at) {
        update(
                "UPDATE x_outbox SET sent_at = ?, posted_id = ?, claimed_until = NULL, last_error = NULL WHERE id = ?",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setString(2, postedId);
                    ps.setLong(3, id);
                });
    }

    /** Not posted this time; tried again from {@code retryAt}. */
    public void retryLater(long id, String error, Instant retryAt) {
        update("UPDATE x_outbox SET next_attempt_at = ?, claimed_until = NULL, last_error = ? WHERE id = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(retryAt));
            ps.setString(2, error);
            ps.setLong(3, id);
        });
    }

    /** Put back without it counting as an attempt (a rate limit or a pause held it back before it was sent). */
    public void release(long id, Instant retryAt) {
        update(
                "UPDATE x_outbox SET next_attempt_at = ?, claimed_until = NULL, attempts = greatest(attempts - 1, 0) WHERE id = ?",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(retryAt));
                    ps.setLong(2, id);
                });
    }

    /** Never to be posted (stale, or X refused it for good), with the reason. */
    public void skip(long id, String reason, Instant at) {
        update("UPDATE x_outbox SET skipped_at = ?, claimed_until = NULL, last_error = ? WHERE id = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, reason);
            ps.setLong(3, id);
        });
    }

    /** Newest first, optionally of one auction. */
    public List<OutboxItem> recent(Optional<UUID> auctionId, int limit) {
        String sql = """
                SELECT o.*, (SELECT p.posted_id FROM x_outbox p WHERE p.key = o.reply_to_key) AS parent_posted_id
                FROM x_outbox o WHERE (?::uuid IS NULL OR o.auction_id = ?::uuid) ORDER BY o.id DESC LIMIT ?""";
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(sql)) {
            ps.setObject(1, auctionId.orElse(null), Types.OTHER);
            ps.setObject(2, auctionId.orElse(null), Types.OTHER);
            ps.setInt(3, limit);
            var list = new ArrayList<OutboxItem>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(item(rs));
                }
            }
            return list;
        } catch (SQLException e) {
            throw new StoreException("could not read the X outbox: " + e.getMessage(), e);
        }
    }

    /** The entry with {@code key}. */
    public Optional<OutboxItem> find(String key) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("""
                        SELECT o.*, (SELECT p.posted_id FROM x_outbox p WHERE p.key = o.reply_to_key) AS parent_posted_id
                        FROM x_outbox o WHERE o.key = ?""")) {
            ps.setString(1, key);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(item(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the X outbox: " + e.getMessage(), e);
        }
    }

    /** How many entries are queued, sent and skipped. */
    public Map<String, Long> counts() {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("""
                        SELECT count(*) FILTER (WHERE sent_at IS NULL AND skipped_at IS NULL) AS queued,
                               count(*) FILTER (WHERE sent_at IS NOT NULL) AS sent,
                               count(*) FILTER (WHERE skipped_at IS NOT NULL) AS skipped
                        FROM x_outbox""");
                var rs = ps.executeQuery()) {
            rs.next();
            return Map.of("queued", rs.getLong("queued"), "sent", rs.getLong("sent"), "skipped", rs.getLong("skipped"));
        } catch (SQLException e) {
            throw new StoreException("could not count the X outbox: " + e.getMessage(), e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void update(String sql, Binder binder) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not update the X outbox: " + e.getMessage(), e);
        }
    }

    private static OutboxItem item(ResultSet rs) throws SQLException {
        var entry = new OutboxEntry(
                rs.getString("key"),
                rs.getString("kind"),
                Optional.ofNullable(rs.getObject("auction_id", UUID.class)),
                Optional.ofNullable(rs.getString("reply_to_post")),
                Optional.ofNullable(rs.getString("reply_to_key")),
                rs.getString("text"),
                rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(rs.getTimestamp("not_after")).map(Timestamp::toInstant));
        Optional<String> target = entry.replyToPost().isPresent()
                ? entry.replyToPost()
                : Optional.ofNullable(rs.getString("parent_posted_id"));
        return new OutboxItem(
                rs.getLong("id"),
                entry,
                target,
                rs.getInt("attempts"),
                Optional.ofNullable(rs.getTimestamp("sent_at")).map(Timestamp::toInstant),
                Optional.ofNullable(rs.getString("posted_id")),
                Optional.ofNullable(rs.getTimestamp("skipped_at")).map(Timestamp::toInstant),
                Optional.ofNullable(rs.getString("last_error")));
    }
}
