package dev.gavel.store.audit;

import dev.gavel.store.Database;
import dev.gavel.store.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * {@code audit_log}: append-only (the table refuses updates and deletes) and hash-chained — each row's hash
 * is SHA-256 over the previous row's hash and its own fields, length-prefixed — so {@link #verify} finds the
 * first row that was changed, inserted or removed out of band. Appends take a transaction-scoped advisory
 * lock, which keeps the chain linear across nodes; the log is for rare events (links, bans), not bids.
 * Thread-safe.
 */
public final class AuditLog {
    private static final long CHAIN_LOCK = 0x6761_7665_6c41_7564L; // "gavelAud"
    private static final byte[] GENESIS = new byte[32];

    private final DataSource dataSource;

    public AuditLog(Database database) {
        this.dataSource = database.dataSource();
    }

    /** Appends in the caller's transaction on {@code c} (auto-commit off), so the entry commits with its change. */
    public static void append(Connection c, Instant at, String actor, String action, String subject, String detailJson)
            throws SQLException {
        Instant stamp = at.truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps, so the hash can be recomputed
        try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, CHAIN_LOCK);
            lock.executeQuery().close();
        }
        byte[] previous = GENESIS;
        try (var last = c.prepareStatement("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1");
                var rs = last.executeQuery()) {
            if (rs.next()) {
                previous = rs.getBytes(1);
            }
        }
        byte[] hash = hash(previous, stamp, actor, action, subject, detailJson);
        try (var ps = c.prepareStatement(
                "INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(stamp));
            ps.setString(2, actor);
            ps.setString(3, action);
            ps.setString(4, subject);
            ps.setString(5, detailJson);
            ps.setBytes(6, previous);
            ps.setBytes(7, hash);
            ps.executeUpdate();
        }
    }

    /** Appends in a transaction of its own. */
    public void append(Instant at, String actor, String action, String subject, String detailJson) {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                append(c, at, actor, action, subject, detailJson);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not write the audit log: " + e.getMessage(), e);
        }
    }

    /** The entries about {@code subject}, oldest first. */
    public List<AuditEntry> about(String subject) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT * FROM audit_log WHERE subject = ? ORDER BY id")) {
            ps.setString(1, subject);
            var list = new ArrayList<AuditEntry>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(entry(rs));
                }
            }
            return list;
        } catch (SQLException e) {
            throw new StoreException("could not read the audit log: " + e.getMessage(), e);
        }
    }

    /** Walks the chain from the start; returns the id of the first row that does not fit, if any. */
    public OptionalLong verify() {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false); // lets the driver stream the rows instead of loading them all
            try (var ps = c.prepareStatement("SELECT * FROM audit_log ORDER BY id")) {
                ps.setFetchSize(1000);
                byte[] previous = GENESIS;
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        var e = entry(rs);
                        byte[] expected = hash(previous, e.at(), e.actor(), e.action(), e.subject(), e.detailJson());
                        if (!Arrays.equals(previous, rs.getBytes("prev_hash"))
                                || !Arrays.equals(expected, rs.getBytes("hash"))) {
                            return OptionalLong.of(e.id());
                        }
                        previous = expected;
                    }
                }
            } finally {
                c.rollback();
            }
            return OptionalLong.empty();
        } catch (SQLException e) {
            throw new StoreException("could not check the audit log: " + e.getMessage(), e);
        }
    }

    /** A JSON object of string fields, in the given order, for an entry's detail. */
    public static String json(java.util.Map<String, String> fields) {
        var out = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(out, k).append(':');
            quote(out, v);
        });
        return out.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"');
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        return new AuditEntry(
                rs.getLong("id"),
                rs.getTimestamp("at").toInstant(),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("subject"),
                rs.getString("detail"));
    }

    static byte[] hash(byte[] previous, Instant at, String actor, String action, String subject, String detail) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous);
            for (String field : new String[] {at.toString(), actor, action, subject, detail}) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
