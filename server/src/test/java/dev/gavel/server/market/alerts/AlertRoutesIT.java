package dev.gavel.server.market.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.Role;
import dev.gavel.market.alert.AlertDecision;
import dev.gavel.market.listing.Currency;
import dev.gavel.server.Http;
import dev.gavel.server.auth.ApiKeys;
import dev.gavel.server.auth.Authenticator;
import dev.gavel.server.auth.Tokens;
import dev.gavel.server.http.Bodies;
import dev.gavel.server.http.HttpApi;
import dev.gavel.server.http.HttpMetrics;
import dev.gavel.server.http.Json;
import dev.gavel.store.users.NewUser;
import dev.gavel.store.users.User;
import dev.gavel.store.users.UserCreation;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /api/alerts} through HTTP: a Javalin app with Gavel's HTTP layer, authentication and the alert routes. */
@WithPostgresAndRedis
class AlertRoutesIT {
    private static final byte[] KEY = "a key for tokens and webhook secrets, 32+ bytes".getBytes();

    private final Clock clock = Clock.systemUTC();
    private final AlertFixture world;
    private final Tokens tokens = new Tokens(KEY, Duration.ofHours(1), clock);
    private final WebhookSignatures signatures = new WebhookSignatures(KEY);
    private final Javalin app;
    private final Http http;
    private final User ash;
    private final User misty;
    private final long charizard;

    AlertRoutesIT(TestDatabase db) {
        world = new AlertFixture(db, clock);
        var mapper = Json.mapper();
        var routes = new AlertRoutes(
                world.alerts,
                new WebhookTargets(true, Duration.ofSeconds(2)),
                signatures,
                false,
                new Bodies(mapper, 64 * 1024));
        app = HttpApi.create(
                        "127.0.0.1",
                        0,
                        64 * 1024,
                        mapper,
                        new Authenticator(tokens, new ApiKeys(world.users, clock))::check,
                        new HttpMetrics(new SimpleMeterRegistry()),
                        List.of(routes::register))
                .start();
        http = new Http("http://127.0.0.1:" + app.port());
        ash = user("ash");
        misty = user("misty");
        charizard = world.card("Charizard ex");
    }

    @AfterEach
    void close() {
        app.stop();
        world.close();
    }

    private User user(String name) {
        var created = world.users.create(new NewUser(
                UUID.randomUUID(),
                name + "-" + UUID.randomUUID() + "@example.com",
                "h",
                Set.of(Role.VIEWER),
                clock.instant()));
        return ((UserCreation.Created) created).user();
    }

    private String[] as(User user) {
        return new String[] {"Authorization", "Bearer " + tokens.issue(user).token()};
    }

    private String belowAlert(long item, String amount) {
        return "{\"itemId\":" + item + ",\"condition\":{\"below\":\"" + amount + "\"},"
                + "\"channels\":[{\"webhook\":\"http://127.0.0.1:9/hook\"}]}";
    }

    @Test
    void a_viewer_makes_an_alert_and_reads_it_back() {
        var created = http.post("/api/alerts", """
                {"itemId": %d, "condition": {"changePercent": "-20", "window": "24h"},
                 "channels": [{"webhook": "http://127.0.0.1:9/hook"}], "rearm": "12h", "source": "tcgplayer"}""".formatted(charizard), as(ash));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var alert = created.json();
        assertThat(alert.path("id").asLong()).isPositive();
        assertThat(alert.path("itemId").asLong()).isEqualTo(charizard);
        assertThat(alert.path("condition").toString()).isEqualTo("{\"changePercent\":\"-20\",\"window\":\"24h\"}");
        assertThat(alert.path("channels").toString()).isEqualTo("[{\"webhook\":\"http://127.0.0.1:9/hook\"}]");
        assertThat(alert.path("kind").asText()).isEqualTo("MARKET");
        assertThat(alert.path("source").asText()).isEqualTo("tcgplayer");
        assertThat(alert.path("rearm").asText()).isEqualTo("12h");
        assertThat(alert.path("state").asText()).isEqualTo("ARMED");
        assertThat(alert.path("lastFiredAt").isNull()).isTrue();

        var read = http.get("/api/alerts/" + alert.path("id").asLong(), as(ash));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(alert);
    }

    @Test
    void a_malformed_condition_or_channel_is_a_400_naming_each_field() {
        var reply = http.post("/api/alerts", """
                {"itemId": %d, "condition": {"below": "12,50"},
                 "channels": [{"webhook": "ftp://example.com/x"}, {"sms": "+1555"}]}""".formatted(charizard), as(ash));

        assertThat(reply.status()).isEqualTo(400);
        var body = reply.json();
        assertThat(body.path("error").asText()).isEqualTo("validation_failed");
        var fields = body.path("details").path("fields");
        assertThat(fields.path("condition.below").asText()).contains("comma");
        assertThat(fields.path("channels[0].webhook").asText()).contains("http or https");
        assertThat(fields.path("channels[1].sms").asText()).contains("not a channel");

        assertThat(http.post("/api/alerts", "{\"itemId\":", as(ash))
                        .json()
                        .path("error")
                        .asText())
                .isEqualTo("invalid_json");
        assertThat(http.post(
                                "/api/alerts",
                                "{\"itemId\":1,\"condition\":{\"changePercent\":\"-20\"},"
                                        + "\"channels\":[{\"email\":\"a@b.co\"}]}",
                                as(ash))
                        .json()
                        .path("details")
                        .path("fields")
                        .path("condition.window")
                        .asText())
                .contains("required");
    }

    @Test
    void an_alert_on_an_unknown_card_is_a_404() {
        var reply = http.post("/api/alerts", belowAlert(charizard + 1_000_000, "5"), as(ash));

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().path("message").asText()).contains("no card");
    }

    @Test
    void a_webhook_whose_host_does_not_resolve_is_a_422() {
        var reply = http.post("/api/alerts", """
                {"itemId": %d, "condition": {"below": "5"},
                 "channels": [{"webhook": "https://no-such-host.invalid/hook"}]}""".formatted(charizard), as(ash));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().path("error").asText()).isEqualTo("unreachable_channel");
        assertThat(reply.json()
                        .path("details")
                        .path("fields")
                        .path("channels[0].webhook")
                        .asText())
                .isEqualTo("webhook host does not resolve: no-such-host.invalid");
        assertThat(http.get("/api/alerts", as(ash)).json().path("total").asLong())
                .isZero();
    }

    @Test
    void an_email_alert_on_a_server_without_smtp_is_a_422() {
        var reply = http.post("/api/alerts", """
                {"itemId": %d, "condition": {"below": "5"}, "channels": [{"email": "ash@example.com"}]}""".formatted(charizard), as(ash));

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().path("message").asText()).contains("no SMTP server");
    }

    @Test
    void users_see_list_and_delete_only_their_own_alerts() {
        for (int i = 1; i <= 3; i++) {
            assertThat(http.post("/api/alerts", belowAlert(charizard, i + ""), as(ash))
                            .status())
                    .isEqualTo(201);
        }
        long mistys = http.post("/api/alerts", belowAlert(charizard, "9"), as(misty))
                .json()
                .path("id")
                .asLong();

        var page = http.get("/api/alerts?limit=2&offset=1", as(ash)).json();
        assertThat(page.path("total").asLong()).isEqualTo(3);
        assertThat(page.path("items")).hasSize(2);
        assertThat(page.path("items").get(0).path("condition").path("below").asText())
                .isEqualTo("2.00");
        assertThat(http.get("/api/alerts?limit=0", as(ash)).status()).isEqualTo(400);

        assertThat(http.get("/api/alerts/" + mistys, as(ash)).status()).isEqualTo(404);
        assertThat(http.delete("/api/alerts/" + mistys, as(ash)).status()).isEqualTo(404);
        assertThat(http.delete("/api/alerts/" + mistys, as(misty)).status()).isEqualTo(204);
        assertThat(http.delete("/api/alerts/" + mistys, as(misty)).status()).isEqualTo(404);
        assertThat(http.get("/api/alerts/" + mistys, as(misty)).status()).isEqualTo(404);
        assertThat(http.get("/api/alerts/abc", as(misty)).status()).isEqualTo(400);
        assertThat(http.get("/api/alerts", as(misty)).json().path("total").asLong())
                .isZero();
    }

    @Test
    void the_alert_history_shows_each_firing_with_its_deliveries() {
        long id = http.post("/api/alerts", belowAlert(charizard, "12.50"), as(ash))
                .json()
                .path("id")
                .asLong();
        var alert = world.alerts.find(id).orElseThrow();
        var event = world.alerts
                .recordFiring(
                        alert,
                        new AlertDecision.Fire(
                                "market price 11.00 USD is at or below 12.50 USD", 1100, Optional.empty()),
                        Currency.USD,
                        clock.instant())
                .orElseThrow();

        var history = http.get("/api/alerts/events", as(ash)).json();
        assertThat(history.path("total").asLong()).isEqualTo(1);
        var fired = history.path("items").get(0);
        assertThat(fired.path("id").asLong()).isEqualTo(event.id());
        assertThat(fired.path("alertId").asLong()).isEqualTo(id);
        assertThat(fired.path("itemName").asText()).isEqualTo("Charizard ex");
        assertThat(fired.path("price").asText()).isEqualTo("11.00");
        assertThat(fired.path("reason").asText()).startsWith("market price 11.00 USD");
        var delivery = fired.path("deliveries").get(0);
        assertThat(delivery.path("channel").asText()).isEqualTo("webhook");
        assertThat(delivery.path("status").asText()).isEqualTo("PENDING");
        assertThat(delivery.path("attempts").asInt()).isZero();
        assertThat(http.get("/api/alerts/" + id, as(ash)).json().path("state").asText())
                .isEqualTo("FIRED");
        assertThat(http.get("/api/alerts/events", as(misty))
                        .json()
                        .path("total")
                        .asLong())
                .isZero();
    }

    @Test
    void each_user_reads_their_own_webhook_secret_and_nobody_else_reads_anything() {
        var secret = http.get("/api/alerts/webhook-secret", as(ash)).json();

        assertThat(secret.path("secret").asText()).isEqualTo(signatures.secretFor(ash.id()));
        assertThat(secret.path("secret").asText()).isNotEqualTo(signatures.secretFor(misty.id()));
        assertThat(http.get("/api/alerts").status()).isEqualTo(401);
        assertThat(http.post("/api/alerts", belowAlert(charizard, "1")).status())
                .isEqualTo(401);
    }
}
