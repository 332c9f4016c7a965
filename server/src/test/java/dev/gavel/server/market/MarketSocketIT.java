package dev.gavel.server.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.Game;
import dev.gavel.server.GavelServer;
import dev.gavel.server.Http;
import dev.gavel.server.TestSocket;
import dev.gavel.sim.m26.M26Simulator;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.market.CatalogStore;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code /ws/market} through started servers: alert events reach every socket of their owner — on the node where
 * the alert fired and on another — and nobody else's, anonymous sockets keep getting listing deltas, and bad
 * credentials are refused with 1008.
 */
@WithPostgresAndRedis
class MarketSocketIT {
    private static final Duration LIVE = Duration.ofSeconds(5);
    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

    /** A signed-up user: its login token and an API key. */
    private record User(String token, String apiKey) {
        String bearer() {
            return "Bearer " + token;
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void alert_events_reach_their_owners_sockets_only_and_listing_deltas_reach_everyone(
            TestDatabase db, TestRedis redis) throws Exception {
        try (var sim = M26Simulator.start(0, Clock.systemUTC(), 31)) {
            var env = MarketWatchIT.env(sim);
            env.put("GAVEL_ALERTS_PRIVATE_WEBHOOKS", "true");
            try (var server = MarketWatchIT.start(db, redis, env);
                    var database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()))) {
                var http = new Http(server.url());
                String admin = MarketWatchIT.login(http);
                var ash = signUp(http, "ash");
                var misty = signUp(http, "misty");
                var cards = cards(database, 2);

                try (var ashs = socket(server, "?access_token=" + ash.token());
                        var ashsOther = socket(server, "", "Authorization", ash.bearer());
                        var mistys = socket(server, "?access_token=" + URLEncoder.encode(misty.apiKey(), UTF8));
                        var anonymous = socket(server, "");
                        var refused = socket(server, "?access_token=not-a-token")) {
                    // bad credentials: closed at once, with the reason, rather than left anonymous
                    var closed = refused.closed(LIVE);
                    assertThat(closed.code()).isEqualTo(1008);
                    assertThat(closed.reason()).isEqualTo("the login token is invalid or has expired; log in again");

                    // listings change: everyone sees the deltas
                    watchListings(http, admin, sim);
                    var deltas = anonymous.next("listing.deltas", Duration.ofSeconds(30));
                    assertThat(deltas.path("deltas")
                                    .get(0)
                                    .path("listing")
                                    .path("source")
                                    .asText())
                            .isEqualTo("m26");
                    ashs.next("listing.deltas", Duration.ofSeconds(30));

                    long ashsAlert = alert(http, ash, cards.get(0), "12.50");
                    long mistysAlert = alert(http, misty, cards.get(1), "5.00");
                    importPrice(http, admin, cards.get(0), "11.00");

                    var event = ashs.next("alert.event", LIVE).path("event");
                    assertThat(event.path("alertId").asLong()).isEqualTo(ashsAlert);
                    assertThat(event.path("price").asText()).isEqualTo("11.00");
                    assertThat(ashsOther.next("alert.event", LIVE).path("event").path("id"))
                            .isEqualTo(event.path("id"));
                    // the event as the history lists it, field for field (its deliveries move on meanwhile)
                    var history = http.get("/api/alerts/events", "Authorization", ash.bearer())
                            .json()
                            .path("items")
                            .get(0);
                    assertThat(fieldNames(event)).isEqualTo(fieldNames(history));
                    for (String field :
                            List.of("id", "alertId", "itemId", "itemName", "price", "currency", "reason", "firedAt")) {
                        assertThat(event.path(field)).as(field).isEqualTo(history.path(field));
                    }
                    assertThat(event.path("deliveries").get(0).path("target").asText())
                            .isEqualTo("http://127.0.0.1:9/hook");

                    // misty's own alert fires after ash's: by the time it arrives, ash's would have too
                    importPrice(http, admin, cards.get(1), "4.00");
                    assertThat(mistys.next("alert.event", LIVE)
                                    .path("event")
                                    .path("alertId")
                                    .asLong())
                            .isEqualTo(mistysAlert);

                    assertThat(alertEvents(mistys.closeAndDrain())).hasSize(1);
                    var anonymousSaw = anonymous.closeAndDrain();
                    assertThat(alertEvents(anonymousSaw)).isEmpty();
                    assertThat(anonymousSaw)
                            .anyMatch(m -> m.path("type").asText().equals("listing.deltas"));
                    // once each, though the firing node also hears its own announcement
                    assertThat(alertEvents(ashs.closeAndDrain())).hasSize(1);
                    assertThat(alertEvents(ashsOther.closeAndDrain())).hasSize(1);
                }
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void an_alert_that_fires_on_one_node_reaches_its_owners_socket_on_another(TestDatabase db, TestRedis redis)
            throws Exception {
        var env = new HashMap<String, String>();
        env.put("GAVEL_OWNER_EMAIL", "owner@market.test");
        env.put("GAVEL_OWNER_PASSWORD", "owner password 1");
        env.put("GAVEL_HOME", Files.createTempDirectory("gavel-sockets").toString());
        env.put("GAVEL_HTTP_PORT", "0");
        env.put("GAVEL_ALERTS_PRIVATE_WEBHOOKS", "true");
        try (var a = MarketWatchIT.start(db, redis, env);
                var b = MarketWatchIT.start(db, redis, env);
                var database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()))) {
            var httpA = new Http(a.url());
            var httpB = new Http(b.url());
            String admin = MarketWatchIT.login(httpA);
            var ash = signUp(httpB, "ash");
            var misty = signUp(httpB, "misty");
            var cards = cards(database, 2);

            try (var ashOnA = socket(a, "?access_token=" + ash.token());
                    var ashOnB = socket(b, "?access_token=" + ash.token());
                    var mistyOnB = socket(b, "", "X-API-Key", misty.apiKey());
                    var refusedOnB = socket(b, "?access_token=gvl_revoked")) {
                assertThat(refusedOnB.closed(LIVE)).isEqualTo(new TestSocket.Closed(1008, "the API key is not valid"));
                long ashsAlert = alert(httpB, ash, cards.get(0), "12.50");
                long mistysAlert = alert(httpB, misty, cards.get(1), "5.00");

                // the prices arrive on node a, so the alerts fire there
                importPrice(httpA, admin, cards.get(0), "11.00");
                var onB = ashOnB.next("alert.event", LIVE).path("event");
                var onA = ashOnA.next("alert.event", LIVE).path("event");
                assertThat(onB.path("alertId").asLong()).isEqualTo(ashsAlert);
                assertThat(onB.path("id")).isEqualTo(onA.path("id"));
                assertThat(onB.path("itemName").asText())
                        .isEqualTo(onA.path("itemName").asText());

                importPrice(httpA, admin, cards.get(1), "4.00");
                assertThat(mistyOnB.next("alert.event", LIVE)
                                .path("event")
                                .path("alertId")
                                .asLong())
                        .isEqualTo(mistysAlert);
                assertThat(alertEvents(mistyOnB.closeAndDrain())).hasSize(1);
                assertThat(alertEvents(ashOnB.closeAndDrain())).hasSize(1);
                assertThat(alertEvents(ashOnA.closeAndDrain())).hasSize(1);
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void a_revoked_api_key_closes_its_sockets_on_every_node_and_authenticates_nothing_more(
            TestDatabase db, TestRedis redis) throws Exception {
        var env = new HashMap<String, String>();
        env.put("GAVEL_OWNER_EMAIL", "owner@market.test");
        env.put("GAVEL_OWNER_PASSWORD", "owner password 1");
        env.put("GAVEL_HOME", Files.createTempDirectory("gavel-revoke").toString());
        env.put("GAVEL_HTTP_PORT", "0");
        try (var a = MarketWatchIT.start(db, redis, env);
                var b = MarketWatchIT.start(db, redis, env)) {
            var httpA = new Http(a.url());
            var brock = signUp(httpA, "brock");
            var gary = signUp(httpA, "gary");
            String keyId = httpA.get("/api/auth/api-keys", "Authorization", brock.bearer())
                    .json()
                    .path("items")
                    .get(0)
                    .path("id")
                    .asText();

            try (var keyOnA = socket(a, "?access_token=" + URLEncoder.encode(brock.apiKey(), UTF8));
                    var keyOnB = socket(b, "", "X-API-Key", brock.apiKey());
                    var tokenOnB = socket(b, "?access_token=" + brock.token());
                    var garysKeyOnB = socket(b, "", "X-API-Key", gary.apiKey())) {
                assertThat(httpA.get("/api/auth/me", "X-API-Key", brock.apiKey())
                                .status())
                        .isEqualTo(200);
                // nobody revokes someone else's key, nor one that does not exist
                assertThat(httpA.delete("/api/auth/api-keys/" + keyId, "Authorization", gary.bearer())
                                .status())
                        .isEqualTo(404);
                assertThat(httpA.delete("/api/auth/api-keys/not-an-id", "Authorization", brock.bearer())
                                .status())
                        .isEqualTo(404);

                var revoked = httpA.delete("/api/auth/api-keys/" + keyId, "Authorization", brock.bearer());
                assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
                String revokedAt = revoked.json().path("revokedAt").asText();
                assertThat(revokedAt).isNotEmpty();
                assertThat(revoked.text()).doesNotContain(brock.apiKey());

                // on the node that revoked it at once; on the other at its next check
                assertThat(keyOnA.closed(Duration.ofSeconds(2)))
                        .isEqualTo(new TestSocket.Closed(1008, MarketSocket.REVOKED));
                assertThat(keyOnB.closed(MarketSocket.SWEEP_EVERY.plusSeconds(5)))
                        .isEqualTo(new TestSocket.Closed(1008, MarketSocket.REVOKED));
                var me = httpA.get("/api/auth/me", "X-API-Key", brock.apiKey());
                assertThat(me.status()).isEqualTo(401);
                assertThat(new Http(b.url())
                                .get("/api/auth/me", "X-API-Key", brock.apiKey())
                                .status())
                        .isEqualTo(401);
                // the login token and the other user's key are untouched
                assertThat(httpA.get("/api/auth/me", "Authorization", brock.bearer())
                                .status())
                        .isEqualTo(200);
                assertThatThrownBy(() -> tokenOnB.closed(Duration.ofMillis(300)))
                        .isInstanceOf(TimeoutException.class);
                assertThatThrownBy(() -> garysKeyOnB.closed(Duration.ofMillis(300)))
                        .isInstanceOf(TimeoutException.class);

                // revoking again answers as the first time; the list shows it revoked, never the key
                var again = httpA.delete("/api/auth/api-keys/" + keyId, "Authorization", brock.bearer());
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.json().path("revokedAt").asText()).isEqualTo(revokedAt);
                var listed = httpA.get("/api/auth/api-keys", "Authorization", brock.bearer());
                assertThat(listed.json().path("items")).hasSize(1);
                var item = listed.json().path("items").get(0);
                assertThat(item.path("name").asText()).isEqualTo("socket");
                assertThat(item.path("prefix").asText())
                        .isEqualTo(brock.apiKey().substring(0, 12));
                assertThat(item.path("revokedAt").asText()).isEqualTo(revokedAt);
                assertThat(item.path("lastUsedAt").isNull()).isFalse();
                assertThat(listed.text()).doesNotContain(brock.apiKey());
            }
        }
    }

    private static TestSocket socket(GavelServer server, String query, String... headers) throws Exception {
        return TestSocket.open(server.url().replace("http://", "ws://") + "/ws/market" + query, headers);
    }

    private static User signUp(Http http, String name) {
        String email = name + "-" + UUID.randomUUID() + "@example.com";
        String credentials = "{\"email\":\"" + email + "\",\"password\":\"a long password 1\"}";
        assertThat(http.post("/api/auth/register", credentials).status()).isEqualTo(201);
        String token =
                http.post("/api/auth/login", credentials).json().path("token").asText();
        var key = http.post("/api/auth/api-keys", "{\"name\":\"socket\"}", "Authorization", "Bearer " + token);
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return new User(token, key.json().path("key").asText());
    }

    /** A card in the catalog: Gavel's id and tcgplayer's. */
    private record Card(long id, String externalId) {}

    /** {@code n} new cards. */
    private static List<Card> cards(Database database, int n) {
        String tag = Long.toString(System.nanoTime(), 36);
        var entries = new ArrayList<CatalogEntry>();
        for (int i = 0; i < n; i++) {
            entries.add(new CatalogEntry(
                    Game.POKEMON,
                    "tcgplayer",
                    "socket-" + i + "-" + tag,
                    Optional.of("SK"),
                    Optional.of("Socket Set"),
                    Optional.empty(),
                    Optional.of(i + "/99-" + tag),
                    i == 0 ? "Gengar ex" : "Psyduck",
                    Optional.empty(),
                    Optional.empty()));
        }
        var ids = new CatalogStore(database.jdbi(), Clock.systemUTC()).upsertAll(entries);
        var cards = new ArrayList<Card>();
        for (int i = 0; i < n; i++) {
            cards.add(new Card(ids.get(i), entries.get(i).externalId()));
        }
        return cards;
    }

    /** {@code user}'s alert: the card below {@code amount}, told by a webhook nobody answers. */
    private static long alert(Http http, User user, Card card, String amount) {
        var created = http.post(
                "/api/alerts",
                "{\"itemId\":" + card.id() + ",\"condition\":{\"below\":\"" + amount + "\"},"
                        + "\"channels\":[{\"webhook\":\"http://127.0.0.1:9/hook\"}]}",
                "Authorization",
                user.bearer());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asLong();
    }

    private static void importPrice(Http http, String admin, Card card, String amount) {
        var imported = http.post(
                "/api/cards/prices/import",
                "{\"source\":\"tcgplayer\",\"quotes\":[{\"externalId\":\"" + card.externalId()
                        + "\",\"printing\":\"Holofoil\",\"kind\":\"market\",\"amount\":\"" + amount
                        + "\",\"observedAt\":\"" + Instant.now().minusSeconds(1) + "\"}]}",
                "Authorization",
                admin);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().path("stored").asInt())
                .as(imported.toString())
                .isEqualTo(1);
    }

    private static void watchListings(Http http, String admin, M26Simulator sim) {
        sim.addAccount("sockets");
        assertThat(http.post("/api/market/auth/har?name=s.har", sim.har("sockets"), "Authorization", admin)
                        .status())
                .isEqualTo(200);
        var watch = http.post(
                "/api/market/watches",
                "{\"source\":\"m26\",\"query\":{\"pageSize\":\"10\"},\"intervalSeconds\":0.3}",
                "Authorization",
                admin);
        assertThat(watch.status()).as(watch.toString()).isEqualTo(201);
    }

    private static List<JsonNode> alertEvents(List<JsonNode> messages) {
        return messages.stream()
                .filter(m -> m.path("type").asText().equals("alert.event"))
                .toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        var names = new ArrayList<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
