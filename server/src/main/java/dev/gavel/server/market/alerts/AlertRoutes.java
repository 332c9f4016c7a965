package dev.gavel.server.market.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.market.alert.Alert;
import dev.gavel.market.alert.AlertChannel;
import dev.gavel.market.alert.DurationText;
import dev.gavel.market.alert.NewAlert;
import dev.gavel.market.alert.Parsed;
import dev.gavel.server.auth.Authenticator;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.server.http.Bodies;
import dev.gavel.server.http.QueryParams;
import dev.gavel.server.http.Validation;
import dev.gavel.store.market.AlertStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Price alerts over HTTP (API.md, market watch), for any signed-in user (VIEWER and up), each on their own alerts
 * only — someone else's alert is a 404, as if it did not exist:
 *
 * <ul>
 *   <li>{@code POST /api/alerts} {@code {itemId, condition, channels, source?, kind?, printing?, rearm?}} → 201 the
 *       alert; 400 naming every malformed field; 404 for an unknown card; 422 for a webhook whose host does not
 *       resolve (or resolves to a private address) and for e-mail when no SMTP server is configured;
 *   <li>{@code GET /api/alerts?limit=&offset=}, {@code GET /api/alerts/{id}}, {@code DELETE /api/alerts/{id}} (204);
 *   <li>{@code GET /api/alerts/events?limit=&offset=}: the caller's alert history, each firing with its deliveries
 *       and every attempt;
 *   <li>{@code GET /api/alerts/webhook-secret}: the caller's secret for checking webhook signatures.
 * </ul>
 *
 * Thread-safe.
 */
public final class AlertRoutes {
    private final AlertStore alerts;
    private final WebhookTargets targets;
    private final WebhookSignatures signatures;
    private final boolean emailEnabled;
    private final Bodies bodies;

    public AlertRoutes(
            AlertStore alerts,
            WebhookTargets targets,
            WebhookSignatures signatures,
            boolean emailEnabled,
            Bodies bodies) {
        this.alerts = alerts;
        this.targets = targets;
        this.signatures = signatures;
        this.emailEnabled = emailEnabled;
        this.bodies = bodies;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/alerts", this::create, Access.VIEWER);
        routes.get("/api/alerts", this::list, Access.VIEWER);
        routes.get("/api/alerts/events", this::events, Access.VIEWER);
        routes.get("/api/alerts/webhook-secret", this::secret, Access.VIEWER);
        routes.get("/api/alerts/{id}", this::one, Access.VIEWER);
        routes.delete("/api/alerts/{id}", this::delete, Access.VIEWER);
    }

    private static UUID caller(Context ctx) {
        return Authenticator.principal(ctx).userId();
    }

    private void create(Context ctx) {
        Parsed<NewAlert> parsed = NewAlert.parse(bodies.read(ctx, JsonNode.class));
        new Validation().rejectAll(parsed.problems()).orFail();
        NewAlert request = parsed.orElseThrow();
        var refused = new LinkedHashMap<String, Object>();
        for (int i = 0; i < request.channels().size(); i++) {
            AlertChannel channel = request.channels().get(i);
            String field = "channels[" + i + "]." + channel.kind();
            switch (channel) {
                case AlertChannel.Webhook hook ->
                    targets.refusal(hook.url()).ifPresent(r -> refused.put(field, r.reason()));
                case AlertChannel.Email email -> {
                    if (!emailEnabled) {
                        refused.put(field, "e-mail alerts are off: this server has no SMTP server configured");
                    }
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new ApiError(
                    422,
                    "unreachable_channel",
                    refused.entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue())
                            .reduce((a, b) -> a + "; " + b)
                            .orElseThrow(),
                    Map.of("fields", refused));
        }
        Alert alert = alerts.create(caller(ctx), request)
                .orElseThrow(
                        () -> ApiError.notFound("no card " + request.itemId() + "; find one with /api/cards/search"));
        ctx.status(201).json(view(alert));
    }

    private void list(Context ctx) {
        page(ctx, (limit, offset) -> alerts.list(caller(ctx), limit, offset), AlertRoutes::view);
    }

    /** A page of the caller's {@code read(limit, offset)}: {@code {items, total, limit, offset}}. */
    private static <T> void page(
            Context ctx, BiFunction<Integer, Integer, AlertStore.Page<T>> read, Function<T, Map<String, Object>> view) {
        int limit = QueryParams.intParam(ctx, "limit", 20, 1, 100);
        int offset = QueryParams.intParam(ctx, "offset", 0, 0, 1_000_000);
        var page = read.apply(limit, offset);
        ctx.json(Map.of(
                "items",
                page.items().stream().map(view).toList(),
                "total",
                page.total(),
                "limit",
                limit,
                "offset",
                offset));
    }

    private void one(Context ctx) {
        long id = id(ctx);
        Alert alert = alerts.find(id)
                .filter(a -> a.ownerUserId().equals(caller(ctx)))
                .orElseThrow(() -> ApiError.notFound("you have no alert " + id));
        ctx.json(view(alert));
    }

    private void delete(Context ctx) {
        long id = id(ctx);
        if (!alerts.delete(id, caller(ctx))) {
            throw ApiError.notFound("you have no alert " + id);
        }
        ctx.status(204);
    }

    private void events(Context ctx) {
        page(ctx, (limit, offset) -> alerts.events(caller(ctx), limit, offset), AlertRoutes::view);
    }

    private void secret(Context ctx) {
        ctx.json(Map.of(
                "secret",
                signatures.secretFor(caller(ctx)),
                "algorithm",
                "HMAC-SHA256 over \"<X-Gavel-Timestamp>.<raw body>\", keyed with the secret as UTF-8 text",
                "header",
                "X-Gavel-Signature: sha256=<hex>"));
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("invalid_id", "an alert id is a number", Map.of("id", ctx.pathParam("id")));
        }
    }

    static Map<String, Object> view(Alert a) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", a.id());
        m.put("itemId", a.itemId());
        m.put("source", a.source().orElse(null));
        m.put("kind", a.kind());
        m.put("printing", a.printing().orElse(null));
        m.put("condition", a.condition().toJson());
        m.put("channels", a.channels().stream().map(AlertChannel::toJson).toList());
        m.put("rearm", a.rearm().map(DurationText::format).orElse(null));
        m.put("state", a.state());
        m.put("lastFiredAt", a.lastFiredAt().orElse(null));
        m.put("createdAt", a.createdAt());
        return m;
    }

    static Map<String, Object> view(AlertStore.EventRecord r) {
        var e = r.event();
        var m = new LinkedHashMap<String, Object>();
        m.put("id", e.id());
        m.put("alertId", e.alertId());
        m.put("itemId", e.itemId());
        m.put("itemName", r.itemName());
        m.put("price", AlertMessage.price(e));
        m.put("currency", e.currency());
        m.put("changePercent", e.changePercent().map(BigDecimal::toPlainString).orElse(null));
        m.put("reason", e.reason());
        m.put("firedAt", e.firedAt());
        m.put(
                "deliveries",
                r.deliveries().stream()
                        .map(d -> {
                            var v = new LinkedHashMap<String, Object>();
                            v.put("channel", d.channel());
                            v.put("target", d.target());
                            v.put("status", d.status());
                            v.put("attempts", d.attempts());
                            v.put("lastError", d.lastError().orElse(null));
                            v.put(
                                    "nextAttemptAt",
                                    d.status() == AlertStore.DeliveryStatus.PENDING ? d.nextAttemptAt() : null);
                            v.put("deliveredAt", d.deliveredAt().orElse(null));
                            v.put(
                                    "log",
                                    d.log().stream()
                                            .map(t -> Map.of(
                                                    "attempt", t.attempt(),
                                                    "at", t.at(),
                                                    "outcome", t.outcome(),
                                                    "detail", t.detail()))
                                            .toList());
                            return v;
                        })
                        .toList());
        return m;
    }
}
