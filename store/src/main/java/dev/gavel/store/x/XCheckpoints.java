package dev.gavel.store.x;

import dev.gavel.store.Database;
import dev.gavel.store.StoreException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The newest post id each X stream (a search query, a mentions timeline) has been read up to. Saved after
 * the posts are on the intake stream, so a restart neither misses a post nor matters if it reads one again.
 * Thread-safe.
 */
public final class XCheckpoints {
    private final DataSource dataSource;

    public XCheckpoints(Database database) {
        this.dataSource = database.dataSource();
    }

    public Optional<String> sinceId(String stream) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT since_id FROM x_checkpoints WHERE stream = ?")) {
            ps.setString(1, stream);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the X checkpoint of " + stream + ": " + e.getMessage(), e);
        }
    }

    /** Moves the checkpoint forward (never back: ids are time-ordered). */
    public void advance(String stream, String sinceId, Instant at) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("""
                        INSERT INTO x_checkpoints (stream, since_id, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT (stream) DO UPDATE SET since_id = EXCLUDED.since_id, updated_at = EXCLUDED.updated_at
                        WHERE x_checkpoints.since_id::numeric < EXCLUDED.since_id::numeric""")) {
            ps.setString(1, stream);
            ps.setString(2, sinceId);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not save the X checkpoint of " + stream + ": " + e.getMessage(), e);
        }
    }
}
