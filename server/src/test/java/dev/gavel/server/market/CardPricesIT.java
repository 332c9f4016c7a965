package dev.gavel.server.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.PriceKind;
import dev.gavel.market.price.PriceQuote;
import dev.gavel.server.Http;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.market.CardPriceStore;
import dev.gavel.store.market.CatalogStore;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Card prices through the HTTP API of a started server on real PostgreSQL and Redis: a card's page with its
 * latest prices and stats, history at each resolution and as a PNG, trending without thin markets, the
 * cache answering repeated reads and dropping them when prices arrive, and every bad parameter refused.
 */
@WithPostgresAndRedis
class CardPricesIT {

    @Test
    void card_pages_history_trending_and_their_errors(TestDatabase db, TestRedis redis) throws Exception {
        var env = new HashMap<String, String>();
        env.put("GAVEL_OWNER_EMAIL", "owner@market.test");
        env.put("GAVEL_OWNER_PASSWORD", "owner password 1");
        env.put("GAVEL_HOME", Files.createTempDirectory("gavel-cards").toString());
        env.put("GAVEL_HTTP_PORT", "0");
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        try (var server = MarketWatchIT.start(db, redis, env);
                var database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()))) {
            var catalog = new CatalogStore(database.jdbi(), Clock.systemUTC());
            var prices = new CardPriceStore(database.jdbi());
            String tag = Long.toString(System.nanoTime(), 36);
            var ids = catalog.upsertAll(List.of(
                    card("rising-" + tag, "Charizard ex", "199/165"),
                    card("falling-" + tag, "Pikachu", "25/165"),
                    card("thin-" + tag, "Mew ex", "151/165")));
            long rising = ids.get(0);
            long falling = ids.get(1);
            long thin = ids.get(2);
            var quotes = new ArrayList<PriceQuote>();
            for (int d = 40; d >= 0; d--) {
                Instant at = now.minus(Duration.ofDays(d));
                quotes.add(quote("rising-" + tag, "Holofoil", PriceKind.MARKET, 10_000 + (40 - d) * 250L, at));
                quotes.add(quote("rising-" + tag, "Holofoil", PriceKind.LOW, 9_000, at));
                quotes.add(quote("falling-" + tag, "Normal", PriceKind.MARKET, 5_000 - (40 - d) * 50L, at));
            }
            // one sale a week ago and one now: a doubling on two observations
            quotes.add(quote("thin-" + tag, "Holofoil", PriceKind.MARKET, 1_000, now.minus(Duration.ofDays(8))));
            quotes.add(quote("thin-" + tag, "Holofoil", PriceKind.MARKET, 2_000, now));
            prices.record("tcgplayer", quotes);

            var http = new Http(server.url());
            String auth = MarketWatchIT.login(http);

            var page = http.get("/api/cards/" + rising, "Authorization", auth);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            var body = page.json();
            assertThat(body.path("name").asText()).isEqualTo("Charizard ex");
            assertThat(body.path("prices")).hasSize(2);
            var latest = new HashMap<String, String>();
            body.path("prices")
                    .forEach(p ->
                            latest.put(p.path("kind").asText(), p.path("amount").asText()));
            assertThat(latest).containsEntry("market", "200.00").containsEntry("low", "90.00");
            var stats = body.path("stats").get(0);
            assertThat(stats.path("kind").asText()).isEqualTo("market");
            assertThat(stats.path("latest").asText()).isEqualTo("200.00");
            // the price as the window opened: the last bar that ended by then, 8 days ago (18000 cents)
            assertThat(stats.path("windows").path("7d").path("changePercent").asText())
                    .isEqualTo("11.11");
            assertThat(stats.path("windows").path("7d").path("thin").asBoolean())
                    .isFalse();
            assertThat(stats.path("trend").asText()).isIn("UP", "FLAT");

            // the second read is the cache's
            long hitsBefore = cacheHits(http);
            assertThat(http.get("/api/cards/" + rising, "Authorization", auth).text())
                    .isEqualTo(page.text());
            assertThat(cacheHits(http)).isGreaterThan(hitsBefore);

            var daily = http.get(
                    "/api/cards/" + rising + "/prices/history?interval=1d&source=tcgplayer&kind=market",
                    "Authorization",
                    auth);
            assertThat(daily.status()).as(daily.toString()).isEqualTo(200);
            assertThat(daily.json().path("series")).hasSize(1);
            assertThat(daily.json().path("series").get(0).path("points")).hasSize(41);
            // an open range ends with today's bar, so the same question again is the cache's
            Instant dailyTo = Instant.parse(daily.json().path("to").asText());
            assertThat(dailyTo)
                    .isEqualTo(dailyTo.truncatedTo(ChronoUnit.DAYS))
                    .isAfter(now)
                    .isBefore(now.plus(Duration.ofHours(25)));
            long historyHitsBefore = cacheHits(http);
            assertThat(http.get(
                                    "/api/cards/" + rising + "/prices/history?interval=1d&source=tcgplayer&kind=market",
                                    "Authorization",
                                    auth)
                            .text())
                    .isEqualTo(daily.text());
            assertThat(cacheHits(http)).isGreaterThan(historyHitsBefore);
            // a cached body is written as bytes straight to the response: still compressed for a client that
            // asks, and the same JSON once inflated
            var gzipped = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.url() + "/api/cards/" + rising
                                            + "/prices/history?interval=1d&source=tcgplayer&kind=market"))
                                    .header("Authorization", auth)
                                    .header("Accept-Encoding", "gzip")
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertThat(gzipped.statusCode()).isEqualTo(200);
            assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
            assertThat(gzipped.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            try (var inflated = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                assertThat(new String(inflated.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(daily.text());
            }
            assertThat(gzipped.body().length).isLessThan(daily.text().length());
            var raw = http.get(
                    "/api/cards/" + rising + "/prices/history?interval=raw&from="
                            + LocalDate.ofInstant(now.minus(Duration.ofDays(3)), java.time.ZoneOffset.UTC),
                    "Authorization",
                    auth);
            assertThat(raw.json().path("interval").asText()).isEqualTo("raw");
            assertThat(raw.json().path("series").get(0).path("points").get(0).has("price"))
                    .isTrue();

            var png = chart(server.url(), rising, auth);
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
            var image = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertThat(image.getWidth()).isEqualTo(640);
            assertThat(image.getHeight()).isEqualTo(320);
            // the chart is drawn once and then the cache's, the same picture
            long pngHitsBefore = cacheHits(http);
            var againPng = chart(server.url(), rising, auth);
            assertThat(againPng.headers().firstValue("Content-Type")).contains("image/png");
            assertThat(againPng.body()).isEqualTo(png.body());
            assertThat(cacheHits(http)).isGreaterThan(pngHitsBefore);

            var trending = http.get("/api/prices/trending?game=pokemon&window=7d&limit=100", "Authorization", auth);
            assertThat(trending.status()).as(trending.toString()).isEqualTo(200);
            var items = new ArrayList<Long>();
            trending.json()
                    .path("items")
                    .forEach(i -> items.add(i.path("itemId").asLong()));
            assertThat(items).contains(rising).doesNotContain(thin);
            assertThat(items.indexOf(rising))
                    .isLessThan(items.indexOf(falling) < 0 ? Integer.MAX_VALUE : items.indexOf(falling));
            var losers = http.get("/api/prices/trending?window=7d&direction=losers&limit=100", "Authorization", auth);
            var loserIds = new ArrayList<Long>();
            losers.json()
                    .path("items")
                    .forEach(i -> loserIds.add(i.path("itemId").asLong()));
            assertThat(loserIds).contains(falling);
            var withThin = http.get("/api/prices/trending?window=7d&thin=true&limit=100", "Authorization", auth);
            assertThat(withThin.text()).contains("\"itemId\":" + thin);

            // an import keeps the good quotes beside a bad one and says which was refused and why
            var imported = http.post(
                    "/api/cards/prices/import",
                    "{\"source\":\"tcgplayer\",\"quotes\":["
                            + "{\"externalId\":\"falling-" + tag + "\",\"printing\":\"Normal\",\"kind\":\"market\","
                            + "\"amount\":\"31.50\",\"observedAt\":\"" + now.minus(Duration.ofDays(60)) + "\"},"
                            + "{\"externalId\":\"falling-" + tag + "\",\"kind\":\"market\",\"amount\":\"1.234\","
                            + "\"observedAt\":\"" + now.minus(Duration.ofDays(61)) + "\"},"
                            + "{\"externalId\":\"nobody-" + tag + "\",\"amount\":\"2.00\",\"observedAt\":\""
                            + now.minus(Duration.ofDays(61)) + "\"}]}",
                    "Authorization",
                    auth);
            assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
            assertThat(imported.json().path("stored").asInt()).isEqualTo(1);
            assertThat(imported.json().path("unknownCards").asInt()).isEqualTo(1);
            assertThat(imported.json().path("rejected").asInt()).isEqualTo(1);
            assertThat(imported.json().path("problems").get(0).path("index").asInt())
                    .isEqualTo(1);
            assertThat(imported.json().path("problems").get(0).path("problems").has("amount"))
                    .isTrue();

            // bad input: each gets its reason
            assertThat(http.get("/api/cards/999999999/prices/history", "Authorization", auth)
                            .status())
                    .isEqualTo(404);
            // a card that exists, in a range without prices: no series, not "no card"
            var empty = http.get(
                    "/api/cards/" + rising + "/prices/history?interval=1d&from=2020-01-01&to=2020-02-01",
                    "Authorization",
                    auth);
            assertThat(empty.status()).as(empty.toString()).isEqualTo(200);
            assertThat(empty.json().path("series")).isEmpty();
            assertThat(error(http, "/api/cards/abc", auth)).isEqualTo("invalid_id");
            assertThat(error(http, "/api/cards/" + rising + "/prices/history?interval=5m", auth))
                    .isEqualTo("invalid_interval");
            assertThat(error(http, "/api/cards/" + rising + "/prices/history?from=2026-11-10&to=2026-11-01", auth))
                    .isEqualTo("invalid_range");
            assertThat(error(http, "/api/cards/" + rising + "/prices/history?from=yesterday", auth))
                    .isEqualTo("invalid_from");
            assertThat(error(http, "/api/cards/" + rising + "/prices/history?interval=raw&from=2025-01-01", auth))
                    .isEqualTo("range_too_long");
            assertThat(error(http, "/api/cards/" + rising + "/prices/history?kind=cheap", auth))
                    .isEqualTo("invalid_kind");
            assertThat(error(http, "/api/cards/" + rising + "/prices/history?format=gif", auth))
                    .isEqualTo("invalid_format");
            assertThat(error(http, "/api/prices/trending?window=1y", auth)).isEqualTo("invalid_window");
            assertThat(error(http, "/api/prices/trending?game=chess", auth)).isEqualTo("invalid_game");
            assertThat(http.get("/api/prices/trending").status()).isEqualTo(401);
        }
    }

    private static String error(Http http, String path, String auth) {
        var reply = http.get(path, "Authorization", auth);
        assertThat(reply.status()).as(path + " → " + reply).isEqualTo(400);
        return reply.json().path("error").asText();
    }

    /** A card's chart, 640 × 320. */
    private static HttpResponse<byte[]> chart(String base, long card, String auth) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "/api/cards/" + card
                                        + "/prices/history?format=png&width=640&height=320"))
                                .header("Authorization", auth)
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    private static long cacheHits(Http http) {
        return http.get("/metrics")
                .text()
                .lines()
                .filter(l -> l.startsWith("gavel_cache_requests_total") && l.contains("result=\"hit\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static CatalogEntry card(String id, String name, String number) {
        return new CatalogEntry(
                Game.POKEMON,
                "tcgplayer",
                id,
                Optional.of("TWM"),
                Optional.of("Twilight Masquerade"),
                Optional.empty(),
                Optional.of(number + "-" + id),
                name,
                Optional.empty(),
                Optional.empty());
    }

    private static PriceQuote quote(String id, String printing, PriceKind kind, long cents, Instant at) {
        return new PriceQuote("tcgplayer", id, printing, "", kind, cents, Currency.USD, at);
    }
}
