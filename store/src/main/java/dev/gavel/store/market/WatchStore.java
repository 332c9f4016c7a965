package dev.gavel.store.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.market.watch.Checkpoint;
import dev.gavel.market.watch.Watch;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Live watches and their checkpoints (a checkpoint is written by {@link MarketStore#ingest} with its page).
 * A stopped watch is kept, with when it stopped, so its history still names it. Thread-safe.
 */
public final class WatchStore {
    private static final String COLUMNS = "id, source, query::text, interval_ms, active, created_at";

    private final Jdbi jdbi;
    private final Clock clock;

    public WatchStore(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Watch create(String source, Map<String, String> query, Duration interval) {
        Objects.requireNonNull(source, "source");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a watch's interval must be positive: " + interval);
        }
        ObjectNode json = ListingJson.MAPPER.createObjectNode();
        new TreeMap<>(query).forEach(json::put);
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO market_watches (source, query, interval_ms, active, created_at)
                        VALUES (:source, CAST(:query AS jsonb), :interval, true, :at) RETURNING\s""" + COLUMNS)
                .bind("source", source)
                .bind("query", ListingJson.toText(json))
                .bind("interval", interval.toMillis())
                .bind("at", Timestamp.from(clock.instant()))
                .map((rs, ctx) -> watch(rs))
                .one());
    }

    /** Every watch, stopped ones too, oldest first. */
    public List<Watch> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM market_watches ORDER BY id")
                .map((rs, ctx) -> watch(rs))
                .list());
    }

    public List<Watch> active() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM market_watches WHERE active ORDER BY id")
                .map((rs, ctx) -> watch(rs))
                .list());
    }

    public Optional<Watch> find(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM market_watches WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> watch(rs))
                .findOne());
    }

    /** Stops a watch; false when there is no such watch or it was already stopped. */
    public boolean stop(long id) {
        return jdbi.withHandle(h -> h.createUpdate(
                                "UPDATE market_watches SET active = false, stopped_at = :at WHERE id = :id AND active")
                        .bind("id", id)
                        .bind("at", Timestamp.from(clock.instant()))
                        .execute())
                == 1;
    }

    /** Where the watch got to, if it has committed a page. */
    public Optional<Checkpoint> checkpoint(long watchId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT watch_id, cycle, next_page, committed_at FROM market_checkpoints WHERE watch_id = :id")
                .bind("id", watchId)
                .map((rs, ctx) ->
                        new Checkpoint(rs.getLong(1), rs.getLong(2), rs.getInt(3), MarketStore.instant(rs, 4)))
                .findOne());
    }

    private static Watch watch(ResultSet rs) throws SQLException {
        JsonNode query = ListingJson.parse(rs.getString(3));
        var params = new TreeMap<String, String>();
        for (var field : query.properties()) {
            params.put(field.getKey(), field.getValue().asText());
        }
        return new Watch(
                rs.getLong(1),
                rs.getString(2),
                params,
                Duration.ofMillis(rs.getLong(4)),
                rs.getBoolean(5),
                MarketStore.instant(rs, 6));
    }
}
