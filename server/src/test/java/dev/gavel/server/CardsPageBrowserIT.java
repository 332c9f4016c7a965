package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.PriceKind;
import dev.gavel.market.price.PriceQuote;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.market.CardPriceStore;
import dev.gavel.store.market.CatalogStore;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The card-price page as a person uses it, in headless Chromium (web-tests/cards.mjs): from the landing
 * page's link, sign in, see trending, search, open a card and see its chart and stats, and see an alert on the
 * card fire live, over the page's signed-in /ws/market socket; make an API key, use it, revoke it and see it
 * refused. The screenshot is left in target/.
 */
@WithPostgresAndRedis
class CardsPageBrowserIT {

    @Test
    void a_person_signs_in_searches_opens_a_card_with_its_chart_sees_trending_and_an_alert_fire_live(
            TestDatabase db, TestRedis redis) throws Exception {
        Path root = LandingPageBrowserIT.repositoryRoot();
        Path script = root.resolve("web-tests/cards.mjs");
        Assumptions.assumeTrue(
                Files.isDirectory(root.resolve("web-tests/node_modules/playwright-core"))
                        && LandingPageBrowserIT.onPath("node")
                        && LandingPageBrowserIT.onPath("chromium"),
                "browser tools missing (node, chromium, web-tests/node_modules/playwright-core): run scripts/browser-tools");
        var config = TestConfigs.config(
                db,
                redis.uri(),
                Map.of(
                        "GAVEL_OWNER_EMAIL",
                        "owner@cards.test",
                        "GAVEL_OWNER_PASSWORD",
                        "owner password 1",
                        "GAVEL_ALERTS_PRIVATE_WEBHOOKS",
                        "true"));
        try (var server = GavelServer.start(config, Clock.systemUTC());
                var database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()))) {
            String tag = Long.toString(System.nanoTime(), 36);
            var ids = new CatalogStore(database.jdbi(), Clock.systemUTC())
                    .upsertAll(List.of(new CatalogEntry(
                            Game.POKEMON,
                            "tcgplayer",
                            "page-" + tag,
                            Optional.of("PG"),
                            Optional.of("Page Set " + tag),
                            Optional.of(LocalDate.of(2025, 1, 1)),
                            Optional.of("7/99"),
                            "Gengar ex",
                            Optional.of("Double Rare"),
                            Optional.empty())));
            Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
            var quotes = new ArrayList<PriceQuote>();
            for (int d = 60; d >= 0; d--) {
                quotes.add(new PriceQuote(
                        "tcgplayer",
                        "page-" + tag,
                        "Holofoil",
                        "",
                        PriceKind.MARKET,
                        2_000 + (60 - d) * 40L,
                        Currency.USD,
                        now.minus(Duration.ofDays(d))));
            }
            new CardPriceStore(database.jdbi()).record("tcgplayer", quotes);

            Path screenshot = Path.of("target", "cards-page.png").toAbsolutePath();
            Path stderr = Files.createTempFile("cards", ".err");
            var process = new ProcessBuilder(List.of(
                            "node",
                            script.toString(),
                            server.url(),
                            "owner@cards.test",
                            "owner password 1",
                            "gengar",
                            screenshot.toString(),
                            Long.toString(ids.get(0)),
                            "page-" + tag))
                    .redirectError(stderr.toFile())
                    .start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
            var report = new ObjectMapper().readTree(stdout);
            assertThat(report.path("errors")).isEmpty();
            assertThat(report.path("trending").toString()).contains("Gengar ex");
            assertThat(report.path("results").toString()).contains("Gengar ex");
            assertThat(report.path("card").path("name").asText()).isEqualTo("Gengar ex · 7/99");
            assertThat(report.path("card").path("chartWidth").asInt()).isEqualTo(800);
            assertThat(report.path("card").path("stats").asInt()).isEqualTo(1);
            var alert = report.path("alert");
            assertThat(alert.path("fired").toString()).isEqualTo("{\"alert\":201,\"price\":200}");
            assertThat(alert.path("live").asText()).isEqualTo("live");
            assertThat(alert.path("row").get(1).asText()).isEqualTo("Gengar ex");
            assertThat(alert.path("row").get(2).asText()).isEqualTo("12.34 USD");
            assertThat(alert.path("toast").asText())
                    .isEqualTo("Alert: Gengar ex — " + alert.path("row").get(3).asText());
            assertThat(alert.path("row").get(3).asText()).contains("12.34 USD");
            var keys = report.path("keys");
            assertThat(keys.path("shown").asText()).isEqualTo("gvl_");
            assertThat(keys.path("length").asInt()).isEqualTo(47);
            assertThat(keys.path("before").asInt()).isEqualTo(200);
            assertThat(keys.path("after").asInt()).isEqualTo(401);
            assertThat(keys.path("listed")).hasSize(1);
            assertThat(keys.path("listed").get(0).get(0).asText()).isEqualTo("price bot");
            assertThat(keys.path("listed").get(0).get(3).asText()).isEqualTo("never");
            assertThat(keys.path("revokedRow").get(4).asText()).startsWith("revoked ");
            // the list tells keys apart by their first characters, and never holds a key
            assertThat(keys.path("prefixShown").asBoolean()).isTrue();
            assertThat(keys.path("listHasKey").asBoolean()).isFalse();
            assertThat(ids).hasSize(1);
            assertThat(screenshot).isNotEmptyFile();
        }
    }
}
