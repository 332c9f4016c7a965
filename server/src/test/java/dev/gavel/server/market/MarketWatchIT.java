package dev.gavel.server.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.server.GavelServer;
import dev.gavel.server.Http;
import dev.gavel.server.config.ConfigLoader;
import dev.gavel.sim.m26.M26Simulator;
import dev.gavel.sim.m26.M26Simulator.Fault;
import dev.gavel.sim.m26.M26Simulator.Shape;
import dev.gavel.store.Redis;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.nio.file.Files;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Market watch end to end: a started server, its HTTP API, the real M26 client against the M26 simulator,
 * PostgreSQL and Redis. A watch stores listings and publishes deltas; every fault the simulator injects is
 * survived by the watch, and none leaves a bad or missing row behind.
 */
@WithPostgresAndRedis
class MarketWatchIT {

    static Map<String, String> env(M26Simulator sim) throws Exception {
        var env = new HashMap<String, String>();
        env.put("GAVEL_OWNER_EMAIL", "owner@market.test");
        env.put("GAVEL_OWNER_PASSWORD", "owner password 1");
        env.put("GAVEL_M26_BASE_URL", sim.baseUrl());
        env.put("GAVEL_M26_ACCOUNTS_URL", sim.baseUrl());
        env.put("GAVEL_M26_REQUESTS_PER_SECOND", "200");
        env.put("GAVEL_M26_MIN_INTERVAL", "200ms");
        env.put("GAVEL_MARKET_REQUEST_TIMEOUT", "1s");
        env.put("GAVEL_HOME", Files.createTempDirectory("gavel-market").toString());
        env.put("GAVEL_HTTP_PORT", "0");
        return env;
    }

    static GavelServer start(TestDatabase db, TestRedis redis, Map<String, String> env) {
        var config = ConfigLoader.load(Optional.empty(), env)
                .withDatabaseUrl(db.url(), db.user())
                .withRedisUrl(redis.uri());
        return GavelServer.start(config, Clock.systemUTC());
    }

    static String login(Http http) {
        return "Bearer "
                + http.post("/api/auth/login", "{\"email\":\"owner@market.test\",\"password\":\"owner password 1\"}")
                        .json()
                        .path("token")
                        .asText();
    }

    static long count(TestDatabase db, String sql) throws Exception {
        try (var c = db.connect();
                var s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void a_watch_stores_listings_publishes_deltas_and_survives_every_fault_without_a_bad_row(
            TestDatabase db, TestRedis redis) throws Exception {
        try (var sim = M26Simulator.start(0, Clock.systemUTC(), 11);
                var server = start(db, redis, env(sim))) {
            var http = new Http(server.url());
            String admin = login(http);

            // no credentials yet: the source says so
            var sources = http.get("/api/market/sources", "Authorization", admin);
            assertThat(sources.status()).isEqualTo(200);
            assertThat(sources.json().path("items").get(0).path("source").asText())
                    .isEqualTo("m26");

            // a broken capture is refused with the path inside it, and nothing is imported
            var broken = http.post(
                    "/api/market/auth/har?name=broken.har",
                    "{\"log\":{\"entries\":[{\"request\":{}}]}}",
                    "Authorization",
                    admin);
            assertThat(broken.status()).isEqualTo(400);
            assertThat(broken.json().path("error").asText()).isEqualTo("invalid_capture");
            assertThat(broken.toString()).contains("broken.har").contains("/log/entries/0/request/url");
            assertThat(count(db, "SELECT count(*) FROM auth_credentials")).isZero();

            sim.addAccount("acct-1");
            sim.addAccount("acct-2");
            // each import rebuilds the pool, so both accounts' captures go in one file
            var har = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sim.har("acct-1"));
            var second = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sim.har("acct-2"));
            ((com.fasterxml.jackson.databind.node.ArrayNode) har.path("log").path("entries"))
                    .addAll((com.fasterxml.jackson.databind.node.ArrayNode)
                            second.path("log").path("entries"));
            var imported = http.post("/api/market/auth/har?name=capture.har", har.toString(), "Authorization", admin);
            assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
            assertThat(imported.json().path("credentials").asInt()).isEqualTo(4);

            // bad watches are refused with their reasons
            assertThat(http.post("/api/market/watches", "{\"source\":\"ebay\",\"query\":{}}", "Authorization", admin)
                            .json()
                            .path("error")
                            .asText())
                    .isEqualTo("unknown_source");
            var badQuery = http.post(
                    "/api/market/watches",
                    "{\"source\":\"m26\",\"query\":{\"team\":\"Dallas Cowboys\",\"pageSize\":500}}",
                    "Authorization",
                    admin);
            assertThat(badQuery.status()).isEqualTo(400);
            assertThat(badQuery.json().path("error").asText()).isEqualTo("invalid_query");
            assertThat(badQuery.toString()).contains("team").contains("pageSize");
            assertThat(http.post(
                                    "/api/market/watches",
                                    "{\"source\":\"m26\",\"query\":{},\"intervalSeconds\":0.05}",
                                    "Authorization",
                                    admin)
                            .json()
                            .path("error")
                            .asText())
                    .isEqualTo("interval_too_short");

            var watch = http.post(
                    "/api/market/watches",
                    "{\"source\":\"m26\",\"query\":{\"pageSize\":\"20\",\"pages\":\"2\"},\"intervalSeconds\":0.3}",
                    "Authorization",
                    admin);
            assertThat(watch.status()).as(watch.toString()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(30)).until(() -> count(db, "SELECT count(*) FROM listings") >= 40);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> count(db, "SELECT count(*) FROM listing_deltas WHERE published_at IS NULL") == 0);
            try (var r = Redis.connect(redis.uri(), Duration.ofSeconds(2))) {
                assertThat(r.sync().xlen("gavel:market:deltas"))
                        .isGreaterThanOrEqualTo(count(db, "SELECT count(*) FROM listing_deltas"));
            }
            var listings = http.get("/api/market/listings?source=m26&limit=500", "Authorization", admin);
            assertThat(listings.json().path("items").size()).isGreaterThanOrEqualTo(40);
            assertThat(http.get("/api/market/listings?state=open", "Authorization", admin)
                            .status())
                    .isEqualTo(400);
            String someId =
                    listings.json().path("items").path(0).path("externalId").asText();
            var one = http.get("/api/market/listings/m26/" + someId);
            assertThat(one.status()).isEqualTo(200);
            assertThat(one.header("X-Gavel-Cache")).as("ingest fills the cache").isEqualTo("hit");
            assertThat(one.json().path("externalId").asText()).isEqualTo(someId);
            assertThat(http.get("/api/market/listings/m26/no-such-listing").status())
                    .isEqualTo(404);

            // the items of the listings join the catalog as game m26, searchable like cards
            String name = one.json().path("itemName").asText();
            String itemId = one.json().path("itemId").asText();
            String q = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> http.get("/api/cards/search?game=m26&q=" + q, "Authorization", admin)
                                    .json()
                                    .path("total")
                                    .asInt()
                            > 0);
            var found = http.get("/api/cards/search?game=m26&q=" + q, "Authorization", admin);
            JsonNode card = null;
            for (JsonNode c : found.json().path("items")) {
                if (c.path("externalIds").path("m26").asText().equals(itemId)) {
                    card = c;
                }
            }
            assertThat(card).as(found.toString()).isNotNull();
            var page = http.get("/api/cards/" + card.path("id").asText(), "Authorization", admin);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().path("listings").path("m26").size()).isPositive();
            assertThat(http.get("/api/cards/search?q=%20%21", "Authorization", admin)
                            .status())
                    .isEqualTo(400);
            assertThat(http.get("/api/cards/search?q=x&game=chess", "Authorization", admin)
                            .status())
                    .isEqualTo(400);
            assertThat(http.get("/api/cards/search?q=x&limit=0", "Authorization", admin)
                            .status())
                    .isEqualTo(400);
            assertThat(http.get("/api/cards/999999", "Authorization", admin).status())
                    .isEqualTo(404);
            assertThat(http.get("/api/cards/search?q=x").status())
                    .as("signed-in roles only")
                    .isEqualTo(401);
            var source = http.get("/api/market/sources", "Authorization", admin)
                    .json()
                    .path("items")
                    .get(0);
            assertThat(source.path("circuit").asText()).isEqualTo("CLOSED");
            assertThat(source.path("lastStrategy").asText()).isEqualTo("m26.responseInfo");
            assertThat(source.path("authPool")
                            .path("SESSION_TICKET")
                            .path("leasable")
                            .asInt())
                    .isGreaterThanOrEqualTo(1);

            var metrics = http.get("/metrics").text();
            assertThat(metrics)
                    .containsPattern("gavel_market_calls_total\\{[^}]*outcome=\"page\"[^}]*} [1-9]")
                    .containsPattern("gavel_market_watches_running\\{[^}]*} 1\\.0")
                    .containsPattern("gavel_market_pending_pages\\{[^}]*} 0\\.0");

            // every fault in turn: the watch keeps polling, nothing bad is stored
            for (Fault f : new Fault[] {
                Fault.HTTP_429,
                Fault.HTTP_500,
                Fault.HTTP_503,
                Fault.TIMEOUT,
                Fault.MALFORMED,
                Fault.BLAZE_ERROR,
                Fault.SOFT_FAILURE,
                Fault.UNAUTHORIZED
            }) {
                long polls = polls(http, admin);
                sim.injectFault(f, 2);
                await().atMost(Duration.ofSeconds(30)).until(() -> polls(http, admin) >= polls + 4);
                assertThat(badRows(db)).as("after %s", f).isZero();
            }
            long listed = count(db, "SELECT count(*) FROM listings");
            assertThat(listed)
                    .as("a soft failure or an error never empties the market")
                    .isGreaterThanOrEqualTo(40);

            // schema drift: nothing is stored from the renamed answers, and one alert is raised
            sim.shape(Shape.RENAMED);
            long deltasBefore = count(db, "SELECT count(*) FROM listing_deltas");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> count(db, "SELECT count(*) FROM market_drift_alerts") == 1);
            assertThat(count(db, "SELECT count(*) FROM listing_deltas")).isEqualTo(deltasBefore);
            sim.shape(Shape.CURRENT);

            // a captcha stops that account; the other carries the watch on
            sim.injectFault(Fault.CAPTCHA, 1, Optional.of("acct-1"));
            await().atMost(Duration.ofSeconds(30)).until(() -> stopped(http, admin, "acct-1"));
            long polls = polls(http, admin);
            await().atMost(Duration.ofSeconds(30)).until(() -> polls(http, admin) >= polls + 3);
            // the other account's tickets may be cooling down from the faults above; it mints or waits, then polls
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> lastOutcome(http, admin).startsWith("ok"));
            assertThat(stopped(http, admin, "acct-2")).isFalse();
            assertThat(badRows(db)).isZero();
        }
    }

    /** Rows no normalized listing could produce. */
    static long badRows(TestDatabase db) throws Exception {
        return count(
                db,
                "SELECT count(*) FROM listings WHERE external_id = '' OR item_id = '' OR current_bid < 0"
                        + " OR buy_now <= 0 OR (bid_count > 0 AND current_bid IS NULL)"
                        + " OR (state = 'ACTIVE' AND current_bid > buy_now)");
    }

    static JsonNode firstWatch(Http http, String admin) {
        var reply = http.get("/api/market/watches", "Authorization", admin);
        JsonNode w = reply.json().path("items").path(0);
        assertThat(w.isObject()).as(reply.toString()).isTrue();
        return w;
    }

    static long polls(Http http, String admin) {
        return firstWatch(http, admin).path("status").path("polls").asLong();
    }

    static String lastOutcome(Http http, String admin) {
        return firstWatch(http, admin).path("status").path("lastOutcome").asText();
    }

    static boolean stopped(Http http, String admin, String account) {
        for (JsonNode c :
                http.get("/api/market/auth", "Authorization", admin).json().path("items")) {
            if (c.path("account").asText().equals(account)
                    && !c.path("state").asText().equals("STOPPED")) {
                return false;
            }
        }
        return true;
    }
}
