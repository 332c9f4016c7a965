package dev.gavel.store.stream;

import dev.gavel.store.Database;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Scenes, assets and the on-air state of the livestream, in PostgreSQL. Thread-safe. */
public final class StreamStore {
    private final Jdbi jdbi;

    public StreamStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /** A stored scene: its JSON as uploaded (already validated). */
    public record StoredScene(String id, String json, Instant updatedAt, Optional<String> updatedBy) {}

    /** An uploaded asset; {@code deletedAt} set once it was deleted (its file is gone). */
    public record Asset(
            String id,
            String contentType,
            int width,
            int height,
            long bytes,
            Optional<String> name,
            Instant createdAt,
            Optional<Instant> deletedAt) {}

    /** Which scene is on air, and whether the standby scene covers it. */
    public record OnAir(String sceneId, boolean standby) {}

    /** Saves a scene; returns true when it is new. */
    public boolean putScene(String id, String json, Optional<String> by, Instant at) {
        return jdbi.withHandle(h -> {
            boolean existed = h.createQuery("SELECT count(*) > 0 FROM stream_scenes WHERE id = :id")
                    .bind("id", id)
                    .mapTo(Boolean.class)
                    .one();
            h.createUpdate("""
                            INSERT INTO stream_scenes (id, body, updated_at, updated_by)
                            VALUES (:id, CAST(:body AS jsonb), :at, :by)
                            ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at,
                                updated_by = EXCLUDED.updated_by""")
                    .bind("id", id)
                    .bind("body", json)
                    .bind("at", Timestamp.from(at))
                    .bind("by", by.orElse(null))
                    .execute();
            return !existed;
        });
    }

    public Optional<StoredScene> scene(String id) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT id, body::text, updated_at, updated_by FROM stream_scenes WHERE id = :id")
                        .bind("id", id)
                        .map((rs, ctx) -> new StoredScene(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getTimestamp(3).toInstant(),
                                Optional.ofNullable(rs.getString(4))))
                        .findOne());
    }

    public List<StoredScene> scenes() {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT id, body::text, updated_at, updated_by FROM stream_scenes ORDER BY id")
                        .map((rs, ctx) -> new StoredScene(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getTimestamp(3).toInstant(),
                                Optional.ofNullable(rs.getString(4))))
                        .list());
    }

    /** Deletes a stored scene; false when there was none. */
    public boolean deleteScene(String id) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM stream_scenes WHERE id = :id")
                        .bind("id", id)
                        .execute())
                == 1;
    }

    /** Records an uploaded asset (or brings a deleted one back); returns true when it was not there before. */
    public boolean putAsset(Asset a) {
        return jdbi.withHandle(h -> h.createUpdate("""
                                INSERT INTO stream_assets (id, content_type, width, height, bytes, name, created_at)
                                VALUES (:id, :type, :w, :h, :bytes, :name, :at)
                                ON CONFLICT (id) DO UPDATE SET deleted_at = NULL, created_at = EXCLUDED.created_at
                                WHERE stream_assets.deleted_at IS NOT NULL""")
                        .bind("id", a.id())
                        .bind("type", a.contentType())
                        .bind("w", a.width())
                        .bind("h", a.height())
                        .bind("bytes", a.bytes())
                        .bind("name", a.name().orElse(null))
                        .bind("at", Timestamp.from(a.createdAt()))
                        .execute())
                == 1;
    }

    public Optional<Asset> asset(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM stream_assets WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> asset(rs))
                .findOne());
    }

    public List<Asset> assets(int limit) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT * FROM stream_assets WHERE deleted_at IS NULL ORDER BY created_at DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> asset(rs))
                .list());
    }

    /** Marks an asset deleted; false when it was not there (or deleted already). */
    public boolean deleteAsset(String id, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate(
                                "UPDATE stream_assets SET deleted_at = :at WHERE id = :id AND deleted_at IS NULL")
                        .bind("id", id)
                        .bind("at", Timestamp.from(at))
                        .execute())
                == 1;
    }

    private static Asset asset(java.sql.ResultSet rs) throws java.sql.SQLException {
        var deleted = rs.getTimestamp("deleted_at");
        return new Asset(
                rs.getString("id"),
                rs.getString("content_type"),
                rs.getInt("width"),
                rs.getInt("height"),
                rs.getLong("bytes"),
                Optional.ofNullable(rs.getString("name")),
                rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(deleted).map(Timestamp::toInstant));
    }

    public Optional<OnAir> onAir() {
        return jdbi.withHandle(h -> h.createQuery("SELECT scene_id, standby FROM stream_state WHERE id = 1")
                .map((rs, ctx) -> new OnAir(rs.getString(1), rs.getBoolean(2)))
                .findOne());
    }

    public void setOnAir(OnAir state, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO stream_state (id, scene_id, standby, updated_at) VALUES (1, :scene, :standby, :at)
                        ON CONFLICT (id) DO UPDATE SET scene_id = EXCLUDED.scene_id, standby = EXCLUDED.standby,
                            updated_at = EXCLUDED.updated_at""")
                .bind("scene", state.sceneId())
                .bind("standby", state.standby())
                .bind("at", Timestamp.from(at))
                .execute());
    }
}
