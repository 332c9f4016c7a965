package dev.gavel.store.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.gavel.market.alert.Alert;
import dev.gavel.market.alert.AlertChannel;
import dev.gavel.market.alert.AlertCondition;
import dev.gavel.market.alert.AlertDecision;
import dev.gavel.market.alert.AlertEvent;
import dev.gavel.market.alert.AlertState;
import dev.gavel.market.alert.NewAlert;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.PriceKind;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Price alerts in PostgreSQL: the alerts users made, their firings (the users' alert history) and the deliveries
 * each firing owes its channels — a durable outbox written in the firing's own transaction, claimed by delivery
 * workers with {@code FOR UPDATE SKIP LOCKED} under a lease, and every attempt logged.
 *
 * <p>Two nodes evaluating the same prices cannot both fire an alert: a firing updates the alert only if its
 * {@code last_fired_at} is still the one the evaluation read. Times are kept to the microsecond, as PostgreSQL
 * keeps them. Thread-safe.
 */
public final class AlertStore {
    private static final String ALERT_COLUMNS = "a.id, a.owner_id, a.item_id, a.source, a.kind, a.printing,"
            + " a.condition::text, a.channels::text, a.rearm_seconds, a.state, a.last_fired_at, a.created_at";
    private static final String EVENT_COLUMNS = "e.id, e.alert_id, e.owner_id, e.item_id, e.price, e.currency,"
            + " e.change_percent, e.reason, e.fired_at, i.name";

    private final Jdbi jdbi;
    private final Clock clock;

    public AlertStore(Jdbi jdbi, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A page of a longer list, and how long the list is. */
    public record Page<T>(List<T> items, long total) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** Where a delivery stands. */
    public enum DeliveryStatus {
        /** Not delivered yet; due at {@code nextAttemptAt}. */
        PENDING,
        DELIVERED,
        /** Given up after the last attempt allowed. */
        FAILED
    }

    /** What one attempt came to: delivered, failed with a retry planned, or failed for good. */
    public enum Outcome {
        DELIVERED,
        RETRY,
        FAILED
    }

    /** One attempt in a delivery's log; {@code detail} is the receiver's status or the error. */
    public record Attempt(int attempt, Instant at, Outcome outcome, String detail) {}

    /** The message one firing owes one channel, and how it went. */
    public record Delivery(
            long id,
            long eventId,
            String channel,
            String target,
            DeliveryStatus status,
            int attempts,
            Optional<String> lastError,
            Instant nextAttemptAt,
            Optional<Instant> deliveredAt,
            List<Attempt> log) {
        public Delivery {
            log = List.copyOf(log);
        }
    }

    /** A firing in the alert history, with the item's name and its deliveries. */
    public record EventRecord(AlertEvent event, String itemName, List<Delivery> deliveries) {
        public EventRecord {
            deliveries = List.copyOf(deliveries);
        }
    }

    /**
     * A delivery a worker claimed: send it to {@code channel}, then report with {@link #markDelivered} or {@link
     * #markFailed} and this {@code attempt} number (1 for the first).
     */
    public record Claimed(long deliveryId, int attempt, AlertChannel channel, AlertEvent event, String itemName) {}

    /** Stores a new armed alert for {@code owner}; empty when the catalog has no such item. */
    public Optional<Alert> create(UUID owner, NewAlert alert) {
        ArrayNode channels = ListingJson.MAPPER.createArrayNode();
        alert.channels().forEach(c -> channels.add(c.toJson()));
        return jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO alerts AS a (owner_id, item_id, source, kind, printing, condition, channels,
                                            rearm_seconds, state, created_at)
                        SELECT :owner, i.id, :source, :kind, :printing, CAST(:condition AS jsonb),
                               CAST(:channels AS jsonb), :rearm, 'ARMED', :at
                        FROM catalog_items i WHERE i.id = :item
                        RETURNING\s""" + ALERT_COLUMNS)
                .bind("owner", owner)
                .bind("item", alert.itemId())
                .bind("source", alert.source().orElse(null))
                .bind("kind", alert.kind().name())
                .bind("printing", alert.printing().orElse(null))
                .bind("condition", ListingJson.toText(alert.condition().toJson()))
                .bind("channels", ListingJson.toText(channels))
                .bind("rearm", alert.rearm().map(Duration::toSeconds).orElse(null))
                .bind("at", timestamp(clock.instant()))
                .map((rs, ctx) -> alert(rs))
                .findOne());
    }

    /** An alert that was not deleted. */
    public Optional<Alert> find(long id) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + ALERT_COLUMNS + " FROM alerts a WHERE a.id = :id AND a.deleted_at IS NULL")
                .bind("id", id)
                .map((rs, ctx) -> alert(rs))
                .findOne());
    }

    /** The owner's alerts (not deleted), newest first. */
    public Page<Alert> list(UUID owner, int limit, int offset) {
        return jdbi.inTransaction(h -> {
            long total = h.createQuery("SELECT count(*) FROM alerts WHERE owner_id = :owner AND deleted_at IS NULL")
                    .bind("owner", owner)
                    .mapTo(Long.class)
                    .one();
            var items = h.createQuery("SELECT " + ALERT_COLUMNS + " FROM alerts a"
                            + " WHERE a.owner_id = :owner AND a.deleted_at IS NULL"
                            + " ORDER BY a.id DESC LIMIT :limit OFFSET :offset")
                    .bind("owner", owner)
                    .bind("limit", limit)
                    .bind("offset", offset)
                    .map((rs, ctx) -> alert(rs))
                    .list();
            return new Page<>(items, total);
        });
    }

    /**
     * Deletes the owner's alert: it stops firing at once and leaves the lists, while its history stays. False when
     * the owner has no such alert (someone else's counts as none).
     */
    public boolean delete(long id, UUID owner) {
        return jdbi.withHandle(h -> h.createUpdate("""
                                UPDATE alerts SET deleted_at = :at, state = 'DISABLED'
                                WHERE id = :id AND owner_id = :owner AND deleted_at IS NULL""")
                        .bind("id", id)
                        .bind("owner", owner)
                        .bind("at", timestamp(clock.instant()))
                        .execute())
                == 1;
    }

    /** The catalog items that have at least one armed alert (the hourly price job always refreshes them). */
    public List<Long> armedItems() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT DISTINCT item_id FROM alerts WHERE state = 'ARMED' AND deleted_at IS NULL LIMIT 10000")
                .mapTo(Long.class)
                .list());
    }

    /** The armed alerts on any of these catalog items, oldest first. */
    public List<Alert> armedFor(Collection<Long> itemIds) {
        if (itemIds.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + ALERT_COLUMNS + " FROM alerts a"
                        + " WHERE a.item_id = ANY(:items) AND a.state = 'ARMED' AND a.deleted_at IS NULL ORDER BY a.id")
                .bindArray("items", Long.class, List.copyOf(itemIds))
                .map((rs, ctx) -> alert(rs))
                .list());
    }

    /**
     * Records that {@code alert} fired at {@code at}, in one transaction: the alert's new state and last firing,
     * the event, and one pending delivery per channel, due at once. Empty when the alert changed since it was read
     * (another node fired it, or its owner deleted it), so nothing is recorded twice.
     */
    public Optional<AlertEvent> recordFiring(Alert alert, AlertDecision.Fire fire, Currency currency, Instant at) {
        Instant firedAt = at.truncatedTo(ChronoUnit.MICROS);
        Alert fired = alert.firedAt(firedAt);
        return jdbi.inTransaction(h -> {
            int updated = h.createUpdate("""
                            UPDATE alerts SET state = :state, last_fired_at = :at
                            WHERE id = :id AND state = 'ARMED' AND deleted_at IS NULL
                              AND last_fired_at IS NOT DISTINCT FROM CAST(:seen AS timestamptz)""")
                    .bind("id", alert.id())
                    .bind("state", fired.state().name())
                    .bind("at", timestamp(firedAt))
                    .bind("seen", alert.lastFiredAt().map(AlertStore::timestamp).orElse(null))
                    .execute();
            if (updated != 1) {
                return Optional.<AlertEvent>empty();
            }
            long eventId = h.createQuery("""
                            INSERT INTO alert_events (alert_id, owner_id, item_id, price, currency, change_percent,
                                                      reason, fired_at)
                            VALUES (:alert, :owner, :item, :price, :currency, :change, :reason, :at) RETURNING id""")
                    .bind("alert", alert.id())
                    .bind("owner", alert.ownerUserId())
                    .bind("item", alert.itemId())
                    .bind("price", fire.price())
                    .bind("currency", currency.name())
                    .bind("change", fire.changePercent().orElse(null))
                    .bind("reason", fire.reason())
                    .bind("at", timestamp(firedAt))
                    .mapTo(Long.class)
                    .one();
            var batch = h.prepareBatch("""
                    INSERT INTO alert_deliveries (event_id, channel, target, status, next_attempt_at, created_at)
                    VALUES (:event, :channel, :target, 'PENDING', :at, :at)""");
            for (AlertChannel channel : alert.channels()) {
                batch.bind("event", eventId)
                        .bind("channel", channel.kind())
                        .bind("target", channel.target())
                        .bind("at", timestamp(firedAt))
                        .add();
            }
            batch.execute();
            return Optional.of(new AlertEvent(
                    eventId,
                    alert.id(),
                    alert.ownerUserId(),
                    alert.itemId(),
                    fire.price(),
                    currency,
                    fire.changePercent(),
                    fire.reason(),
                    firedAt));
        });
    }

    /**
     * Claims up to {@code limit} pending deliveries due now, oldest first, skipping those another worker holds: each
     * counts one more attempt and is not due again until {@code lease} is over, so a worker that dies mid-send
     * leaves it to the next claim.
     */
    public List<Claimed> claimDue(int limit, Duration lease) {
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> h.createQuery("""
                        WITH due AS (
                            SELECT id FROM alert_deliveries
                            WHERE status = 'PENDING' AND next_attempt_at <= :now
                            ORDER BY next_attempt_at, id LIMIT :limit
                            FOR UPDATE SKIP LOCKED)
                        UPDATE alert_deliveries d SET attempts = d.attempts + 1, next_attempt_at = :until
                        FROM due, alert_events e JOIN catalog_items i ON i.id = e.item_id
                        WHERE d.id = due.id AND e.id = d.event_id
                        RETURNING d.id, d.attempts, d.channel, d.target,\s""" + EVENT_COLUMNS)
                .bind("now", timestamp(now))
                .bind("until", timestamp(now.plus(lease)))
                .bind("limit", limit)
                .map((rs, ctx) -> new Claimed(
                        rs.getLong(1),
                        rs.getInt(2),
                        channel(rs.getString(3), rs.getString(4)),
                        event(rs, 5),
                        rs.getString(14)))
                .list());
    }

    /** The delivery went through on {@code attempt}. */
    public void markDelivered(long deliveryId, int attempt, String detail) {
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            // a success counts even from a worker whose lease ran out: the message was delivered
            h.createUpdate("""
                            UPDATE alert_deliveries SET status = 'DELIVERED', delivered_at = :at, last_error = NULL
                            WHERE id = :id AND status = 'PENDING'""")
                    .bind("id", deliveryId)
                    .bind("at", timestamp(now))
                    .execute();
            log(h, deliveryId, attempt, now, Outcome.DELIVERED, detail);
        });
    }

    /**
     * {@code attempt} failed with {@code error}: the delivery is due again at {@code retryAt}, or, without one, has
     * FAILED for good. Ignored when a newer claim took the delivery over.
     */
    public void markFailed(long deliveryId, int attempt, String error, Optional<Instant> retryAt) {
        Instant now = clock.instant();
        String clipped = error.length() > 500 ? error.substring(0, 500) + "…" : error;
        jdbi.useTransaction(h -> {
            h.createUpdate("""
                            UPDATE alert_deliveries
                            SET status = :status, last_error = :error,
                                next_attempt_at = coalesce(CAST(:retry AS timestamptz), next_attempt_at)
                            WHERE id = :id AND status = 'PENDING' AND attempts = :attempt""")
                    .bind("id", deliveryId)
                    .bind("attempt", attempt)
                    .bind("status", retryAt.isPresent() ? "PENDING" : "FAILED")
                    .bind("error", clipped)
                    .bind("retry", retryAt.map(AlertStore::timestamp).orElse(null))
                    .execute();
            log(h, deliveryId, attempt, now, retryAt.isPresent() ? Outcome.RETRY : Outcome.FAILED, clipped);
        });
    }

    private static void log(Handle h, long deliveryId, int attempt, Instant at, Outcome outcome, String detail) {
        h.createUpdate("""
                        INSERT INTO alert_delivery_attempts (delivery_id, attempt, at, outcome, detail)
                        VALUES (:id, :attempt, :at, :outcome, :detail) ON CONFLICT DO NOTHING""")
                .bind("id", deliveryId)
                .bind("attempt", attempt)
                .bind("at", timestamp(at))
                .bind("outcome", outcome.name())
                .bind("detail", detail)
                .execute();
    }

    /** When the next pending delivery is due; empty when none is pending. */
    public Optional<Instant> nextDue() {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT min(next_attempt_at) FROM alert_deliveries WHERE status = 'PENDING'")
                        .map((rs, ctx) -> MarketStore.instant(rs, 1))
                        .findOne()
                        .flatMap(Optional::ofNullable));
    }

    /** The owner's alert history, newest first, each firing with its deliveries and their attempts. */
    public Page<EventRecord> events(UUID owner, int limit, int offset) {
        return jdbi.inTransaction(h -> {
            long total = h.createQuery("SELECT count(*) FROM alert_events WHERE owner_id = :owner")
                    .bind("owner", owner)
                    .mapTo(Long.class)
                    .one();
            var rows = h.createQuery("SELECT " + EVENT_COLUMNS
                            + " FROM alert_events e JOIN catalog_items i ON i.id = e.item_id"
                            + " WHERE e.owner_id = :owner ORDER BY e.id DESC LIMIT :limit OFFSET :offset")
                    .bind("owner", owner)
                    .bind("limit", limit)
                    .bind("offset", offset)
                    .map((rs, ctx) -> Map.entry(event(rs, 1), rs.getString(10)))
                    .list();
            return new Page<>(withDeliveries(h, rows), total);
        });
    }

    /**
     * The owner's firings among {@code eventIds}, oldest first, each with its deliveries and their attempts; an id
     * that is not the owner's is left out.
     */
    public List<EventRecord> events(UUID owner, Collection<Long> eventIds) {
        if (eventIds.isEmpty()) {
            return List.of();
        }
        return jdbi.inTransaction(h -> withDeliveries(
                h,
                h.createQuery("SELECT " + EVENT_COLUMNS
                                + " FROM alert_events e JOIN catalog_items i ON i.id = e.item_id"
                                + " WHERE e.owner_id = :owner AND e.id = ANY(:ids) ORDER BY e.id")
                        .bind("owner", owner)
                        .bindArray("ids", Long.class, List.copyOf(eventIds))
                        .map((rs, ctx) -> Map.entry(event(rs, 1), rs.getString(10)))
                        .list()));
    }

    private static List<EventRecord> withDeliveries(Handle h, List<Map.Entry<AlertEvent, String>> rows) {
        var deliveries = deliveries(h, rows.stream().map(r -> r.getKey().id()).toList());
        return rows.stream()
                .map(r -> new EventRecord(
                        r.getKey(),
                        r.getValue(),
                        deliveries.getOrDefault(r.getKey().id(), List.of())))
                .toList();
    }

    /** The deliveries of one firing, with their attempts. */
    public List<Delivery> deliveries(long eventId) {
        return jdbi.withHandle(h -> deliveries(h, List.of(eventId)).getOrDefault(eventId, List.of()));
    }

    private static Map<Long, List<Delivery>> deliveries(Handle h, List<Long> eventIds) {
        var out = new LinkedHashMap<Long, List<Delivery>>();
        if (eventIds.isEmpty()) {
            return out;
        }
        var log = new LinkedHashMap<Long, List<Attempt>>();
        h.createQuery("""
                        SELECT t.delivery_id, t.attempt, t.at, t.outcome, t.detail
                        FROM alert_delivery_attempts t JOIN alert_deliveries d ON d.id = t.delivery_id
                        WHERE d.event_id = ANY(:events) ORDER BY t.delivery_id, t.attempt""")
                .bindArray("events", Long.class, eventIds)
                .map((rs, ctx) -> {
                    log.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Attempt(
                                    rs.getInt(2),
                                    MarketStore.instant(rs, 3),
                                    Outcome.valueOf(rs.getString(4)),
                                    rs.getString(5)));
                    return 0;
                })
                .list();
        h.createQuery("""
                        SELECT id, event_id, channel, target, status, attempts, last_error, next_attempt_at, delivered_at
                        FROM alert_deliveries WHERE event_id = ANY(:events) ORDER BY id""")
                .bindArray("events", Long.class, eventIds)
                .map((rs, ctx) -> new Delivery(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        DeliveryStatus.valueOf(rs.getString(5)),
                        rs.getInt(6),
                        Optional.ofNullable(rs.getString(7)),
                        MarketStore.instant(rs, 8),
                        Optional.ofNullable(MarketStore.instant(rs, 9)),
                        log.getOrDefault(rs.getLong(1), List.of())))
                .list()
                .forEach(d ->
                        out.computeIfAbsent(d.eventId(), k -> new ArrayList<>()).add(d));
        return out;
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        var channels = new ArrayList<AlertChannel>();
        for (JsonNode c : ListingJson.parse(rs.getString(8))) {
            channels.add(AlertChannel.parse(c).orElseThrow());
        }
        long rearm = rs.getLong(9);
        Optional<Duration> rearmEvery = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(rearm));
        return new Alert(
                rs.getLong(1),
                rs.getObject(2, UUID.class),
                rs.getLong(3),
                Optional.ofNullable(rs.getString(4)),
                PriceKind.valueOf(rs.getString(5)),
                Optional.ofNullable(rs.getString(6)),
                AlertCondition.parse(ListingJson.parse(rs.getString(7))).orElseThrow(),
                channels,
                rearmEvery,
                AlertState.valueOf(rs.getString(10)),
                Optional.ofNullable(MarketStore.instant(rs, 11)),
                MarketStore.instant(rs, 12));
    }

    /** The event whose columns ({@link #EVENT_COLUMNS}) start at {@code first}. */
    private static AlertEvent event(ResultSet rs, int first) throws SQLException {
        BigDecimal change = rs.getBigDecimal(first + 6);
        return new AlertEvent(
                rs.getLong(first),
                rs.getLong(first + 1),
                rs.getObject(first + 2, UUID.class),
                rs.getLong(first + 3),
                rs.getLong(first + 4),
                Currency.valueOf(rs.getString(first + 5)),
                Optional.ofNullable(change),
                rs.getString(first + 7),
                MarketStore.instant(rs, first + 8));
    }

    private static AlertChannel channel(String kind, String target) {
        return AlertChannel.parse(ListingJson.MAPPER.createObjectNode().put(kind, target))
                .orElseThrow();
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.from(at.truncatedTo(ChronoUnit.MICROS));
    }
}
