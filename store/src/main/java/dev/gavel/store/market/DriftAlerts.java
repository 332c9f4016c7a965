package dev.gavel.store.market;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * Alerts raised when a source's responses stop matching the strategy that maps them (a field renamed, a
 * shape changed upstream), kept in {@code market_drift_alerts} for the operator. Thread-safe.
 */
public final class DriftAlerts {
    private final Jdbi jdbi;
    private final Clock clock;

    public DriftAlerts(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One alert: what drifted, in which strategy, why, and the evidence ({@code detail}, a JSON object). */
    public record DriftAlert(long id, String source, String strategy, String note, JsonNode detail, Instant raisedAt) {}

    public DriftAlert raise(String source, String strategy, String note, JsonNode detail) {
        if (!detail.isObject()) {
            throw new IllegalArgumentException("a drift alert's detail must be a JSON object");
        }
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO market_drift_alerts (source, strategy, note, detail, raised_at)
                        VALUES (:source, :strategy, :note, CAST(:detail AS jsonb), :at)
                        RETURNING id, source, strategy, note, detail::text, raised_at""")
                .bind("source", source)
                .bind("strategy", strategy)
                .bind("note", note)
                .bind("detail", ListingJson.toText(detail))
                .bind("at", Timestamp.from(clock.instant()))
                .map((rs, ctx) -> alert(rs))
                .one());
    }

    /** The newest alerts first. */
    public List<DriftAlert> recent(int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, source, strategy, note, detail::text, raised_at FROM market_drift_alerts
                        ORDER BY raised_at DESC, id DESC LIMIT :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> alert(rs))
                .list());
    }

    private static DriftAlert alert(ResultSet rs) throws SQLException {
        return new DriftAlert(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                ListingJson.parse(rs.getString(5)),
                MarketStore.instant(rs, 6));
    }
}
