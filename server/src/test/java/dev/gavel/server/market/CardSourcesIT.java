package dev.gavel.server.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.server.Http;
import dev.gavel.sim.cards.DemoCards;
import dev.gavel.sim.optcg.OptcgSimulator;
import dev.gavel.sim.tcgplayer.TcgplayerSimulator;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

/**
 * The card sources end to end: a started server pointed at the TCGplayer and OPTCG simulators by
 * configuration alone; the daily catalog job brings both games' cards and their prices, the cards are
 * searchable and priced through the API, and the same One Piece card from both sources is one card.
 */
@WithPostgresAndRedis
class CardSourcesIT {

    @Test
    void the_catalog_job_brings_cards_and_prices_from_the_simulators(TestDatabase db, TestRedis redis)
            throws Exception {
        var world = DemoCards.generate(5, 60, 40);
        try (var tcg = TcgplayerSimulator.start(0, Clock.systemUTC(), world, "gavel-test", "tcg secret");
                var optcg = OptcgSimulator.start(0, Clock.systemUTC(), world);
                var pokemontcg = dev.gavel.sim.pokemontcg.PokemonTcgSimulator.start(0, Clock.systemUTC(), world);
                var ebay = dev.gavel.sim.ebay.EbaySimulator.start(0, Clock.systemUTC(), world, 3)) {
            var env = new HashMap<String, String>();
            env.put("GAVEL_OWNER_EMAIL", "owner@market.test");
            env.put("GAVEL_OWNER_PASSWORD", "owner password 1");
            env.put(
                    "GAVEL_HOME",
                    Files.createTempDirectory("gavel-card-sources").toString());
            env.put("GAVEL_HTTP_PORT", "0");
            env.put("GAVEL_TCGPLAYER_BASE_URL", tcg.baseUrl());
            env.put("GAVEL_TCGPLAYER_CLIENT_ID", "gavel-test");
            env.put("GAVEL_TCGPLAYER_CLIENT_SECRET", "tcg secret");
            env.put("GAVEL_OPTCG_BASE_URL", optcg.baseUrl());
            env.put("GAVEL_ALERTS_PRIVATE_WEBHOOKS", "true");
            env.put("GAVEL_POKEMONTCG_BASE_URL", pokemontcg.baseUrl());
            env.put("GAVEL_EBAY_BASE_URL", ebay.baseUrl());
            ebay.addClient("gavel-ebay", "ebay secret");
            env.put("GAVEL_EBAY_CLIENT_ID", "gavel-ebay");
            env.put("GAVEL_EBAY_CLIENT_SECRET", "ebay secret");
            try (var server = MarketWatchIT.start(db, redis, env)) {
                var http = new Http(server.url());
                String auth = MarketWatchIT.login(http);

                var run = http.post("/api/jobs/card-catalog-daily/run", "{}", "Authorization", auth);
                assertThat(run.status()).as(run.toString()).isEqualTo(202);
                JsonNode job = await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(500))
                        .until(
                                () -> job(http, auth, "card-catalog-daily"),
                                j -> j.path("lastRun").has("outcome")
                                        && !j.path("running").asBoolean());
                assertThat(job.path("lastRun").path("outcome").asText())
                        .as(job.toString())
                        .isEqualTo("ok");

                var first = world.cards().get(0);
                var search = http.get(
                        "/api/cards/search?game=pokemon&q="
                                + java.net.URLEncoder.encode(
                                        first.name() + " "
                                                + first.number()
                                                        .substring(
                                                                0,
                                                                first.number().indexOf('/')),
                                        java.nio.charset.StandardCharsets.UTF_8),
                        "Authorization",
                        auth);
                assertThat(search.status()).as(search.toString()).isEqualTo(200);
                var hit = search.json().path("items").get(0);
                assertThat(hit.path("name").asText()).isEqualTo(first.name());
                var card = http.get("/api/cards/" + hit.path("id").asLong(), "Authorization", auth)
                        .json();
                assertThat(card.path("externalIds").path("tcgplayer").asText())
                        .isEqualTo(Integer.toString(first.productId()));
                assertThat(card.path("prices").size()).isGreaterThanOrEqualTo(3);
                // pokemontcg.io's card is the same card, with its Cardmarket prices beside TCGplayer's
                assertThat(card.path("externalIds").path("pokemontcg").asText()).isEqualTo(first.sourceId());
                var pokeSources = new java.util.HashSet<String>();
                card.path("prices")
                        .forEach(p -> pokeSources.add(p.path("source").asText()));
                assertThat(pokeSources).contains("tcgplayer");
                assertThat(card.path("stats").size()).isGreaterThanOrEqualTo(1);

                // a One Piece card both sources know is one card with both ids and both sources' prices
                var luffy = world.cards().stream()
                        .filter(c -> !c.pokemon())
                        .findFirst()
                        .orElseThrow();
                var op = http.get("/api/cards/search?game=onepiece&q=" + luffy.number(), "Authorization", auth)
                        .json()
                        .path("items");
                assertThat(op.size()).as(op.toString()).isEqualTo(1);
                var onePiece = http.get("/api/cards/" + op.get(0).path("id").asLong(), "Authorization", auth)
                        .json();
                assertThat(onePiece.path("externalIds").has("tcgplayer")).isTrue();
                assertThat(onePiece.path("externalIds").has("optcg"))
                        .as(onePiece.toString())
                        .isTrue();
                var sources = new java.util.HashSet<String>();
                onePiece.path("prices")
                        .forEach(p -> sources.add(p.path("source").asText()));
                assertThat(sources).contains("tcgplayer", "optcg");

                // an alert on the card fires when the hourly job brings its next prices: a signed webhook
                var received = new java.util.concurrent.LinkedBlockingQueue<String[]>();
                var receiver =
                        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
                receiver.createContext("/hook", ex -> {
                    String body =
                            new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    received.add(new String[] {
                        ex.getRequestHeaders().getFirst("X-Gavel-Timestamp"),
                        ex.getRequestHeaders().getFirst("X-Gavel-Signature"),
                        body
                    });
                    ex.sendResponseHeaders(204, -1);
                    ex.close();
                });
                receiver.start();
                try {
                    long cardId = hit.path("id").asLong();
                    var alert = http.post(
                            "/api/alerts",
                            "{\"itemId\":" + cardId
                                    + ",\"condition\":{\"below\":\"100000.00\"},\"channels\":[{\"webhook\":"
                                    + "\"http://127.0.0.1:"
                                    + receiver.getAddress().getPort() + "/hook\"}]}",
                            "Authorization",
                            auth);
                    assertThat(alert.status()).as(alert.toString()).isEqualTo(201);
                    String secret = http.get("/api/alerts/webhook-secret", "Authorization", auth)
                            .json()
                            .path("secret")
                            .asText();
                    assertThat(http.post("/api/jobs/card-prices-hourly/run", "{}", "Authorization", auth)
                                    .status())
                            .isEqualTo(202);
                    String[] hook = received.poll(60, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(hook).as("a webhook within a minute").isNotNull();
                    assertThat(hook[2]).contains("\"itemId\":" + cardId);
                    assertThat(dev.gavel.server.market.alerts.WebhookSignatures.verify(
                                    secret,
                                    hook[0],
                                    hook[2],
                                    hook[1],
                                    java.time.Instant.now().getEpochSecond(),
                                    300))
                            .isTrue();
                    var events = http.get("/api/alerts/events", "Authorization", auth)
                            .json();
                    assertThat(events.toString()).contains("\"itemId\":" + cardId);
                } finally {
                    receiver.stop(0);
                }

                // an eBay watch about the card: its listings' bids and buy-now prices join the card's history
                long watched = hit.path("id").asLong();
                var watch = http.post(
                        "/api/market/watches",
                        "{\"source\":\"ebay\",\"query\":{\"q\":\""
                                + first.name().split(" ")[0] + "\",\"buying\":\"all\",\"card\":\"" + watched
                                + "\"},\"intervalSeconds\":60}",
                        "Authorization",
                        auth);
                assertThat(watch.status()).as(watch.toString()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            var c = http.get(
                                            "/api/cards/" + watched + "/prices/history?interval=raw&source=ebay",
                                            "Authorization",
                                            auth)
                                    .json();
                            return c.path("series").size() > 0;
                        });

                assertThat(http.get("/metrics").text()).contains("gavel_job_runs_total{");
            }
        }
    }

    private static JsonNode job(Http http, String auth, String name) {
        for (JsonNode j : http.get("/api/jobs", "Authorization", auth).json().path("jobs")) {
            if (j.path("name").asText().equals(name)) {
                return j;
            }
        }
        throw new AssertionError("no job " + name);
    }
}
