package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The landing page as a person sees it: headless Chromium (driven by web-tests/landing.mjs) loads it from
 * a started server and must show both components UP. The screenshot is left in target/ to look at.
 */
@WithPostgresAndRedis
class LandingPageBrowserIT {

    @Test
    void the_landing_page_shows_live_health_in_a_real_browser(TestDatabase db, TestRedis redis) throws Exception {
        Path root = repositoryRoot();
        Path script = root.resolve("web-tests/landing.mjs");
        Assumptions.assumeTrue(
                Files.isDirectory(root.resolve("web-tests/node_modules/playwright-core"))
                        && onPath("node")
                        && onPath("chromium"),
                "browser tools missing (node, chromium, web-tests/node_modules/playwright-core): run scripts/browser-tools");

        var m26 = dev.gavel.sim.m26.M26Simulator.start(0, Clock.systemUTC(), 9);
        var config = TestConfigs.config(
                db,
                redis.uri(),
                Map.of(
                        "GAVEL_OWNER_EMAIL", "owner@page.test",
                        "GAVEL_OWNER_PASSWORD", "owner password 1",
                        "GAVEL_M26_BASE_URL", m26.baseUrl(),
                        "GAVEL_M26_ACCOUNTS_URL", m26.baseUrl(),
                        "GAVEL_M26_MIN_INTERVAL", "500ms"));
        try (m26;
                var server = GavelServer.start(config, Clock.systemUTC())) {
            var http = new Http(server.url());
            String admin = "Bearer "
                    + http.post("/api/auth/login", "{\"email\":\"owner@page.test\",\"password\":\"owner password 1\"}")
                            .json()
                            .path("token")
                            .asText();
            var now = java.time.Instant.now();
            var auction = http.post(
                    "/api/auctions",
                    "{\"name\":\"Page test\",\"startsAt\":\"" + now.minusSeconds(5) + "\",\"endsAt\":\""
                            + now.plusSeconds(3600)
                            + "\",\"startingPrice\":\"1\",\"requireFunds\":false,\"artwork\":{\"name\":\"Dawn\"}}",
                    "Authorization",
                    admin);
            assertThat(auction.status()).as(auction.toString()).isEqualTo(201);
            String auctionId = auction.json().path("id").asText();
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> http.get("/api/auctions/" + auctionId)
                            .json()
                            .path("status")
                            .asText()
                            .equals("ACTIVE"));
            assertThat(http.post(
                                    "/api/auctions/" + auctionId + "/bids",
                                    "{\"amount\":\"1.5\"}",
                                    "Authorization",
                                    admin,
                                    "Idempotency-Key",
                                    "page-1")
                            .status())
                    .isEqualTo(201);
            // a market watch, so the page has listings and changes to show
            m26.addAccount("page");
            assertThat(http.post("/api/market/auth/har?name=page.har", m26.har("page"), "Authorization", admin)
                            .status())
                    .isEqualTo(200);
            assertThat(http.post(
                                    "/api/market/watches",
                                    "{\"source\":\"m26\",\"query\":{\"pageSize\":\"10\"},\"intervalSeconds\":1}",
                                    "Authorization",
                                    admin)
                            .status())
                    .isEqualTo(201);
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> http.get("/api/market/listings?limit=5")
                                    .json()
                                    .path("items")
                                    .size()
                            >= 5);
            Path screenshot = Path.of("target", "landing-page.png").toAbsolutePath();
            Path stderr = Files.createTempFile("landing", ".err");
            var builder = new ProcessBuilder(List.of("node", script.toString(), server.url(), screenshot.toString()))
                    .redirectError(stderr.toFile());
            builder.environment().put("EXPECT_LIVE", "1");
            builder.environment().put("EXPECT_MARKET", "1");
            var process = builder.start();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();

            var report = new ObjectMapper().readTree(stdout);
            assertThat(report.path("title").asText()).isEqualTo("Gavel");
            assertThat(report.path("overall").asText()).isEqualTo("UP");
            assertThat(report.path("components").path("postgres").path("status").asText())
                    .isEqualTo("UP");
            assertThat(report.path("components").path("redis").path("status").asText())
                    .isEqualTo("UP");
            assertThat(report.path("components")
                            .path("postgres")
                            .path("details")
                            .asText())
                    .contains("ms");
            assertThat(report.path("links").toString()).contains("/health", "/metrics");
            assertThat(report.path("errors")).isEmpty();
            assertThat(report.path("live").path("hidden").asBoolean()).isFalse();
            assertThat(report.path("live").path("status").asText()).isEqualTo("ACTIVE");
            assertThat(report.path("live").path("price").asText()).isEqualTo("1.5 ETH");
            assertThat(report.path("live").path("bids").asInt()).isEqualTo(1);
            // the livestream's preview, drawn by the server, shows in the page
            assertThat(report.path("stream").path("previewWidth").asInt()).isEqualTo(1280);
            assertThat(report.path("stream").path("state").asText()).isEqualTo("off");
            assertThat(report.path("stream").path("detail").asText()).contains("scene auction");
            // no chain configured: the on-chain line stays hidden
            assertThat(report.path("live").path("chain").isNull()).isTrue();
            assertThat(report.path("market").path("hidden").asBoolean()).isFalse();
            assertThat(report.path("market").path("rows").asInt()).isGreaterThanOrEqualTo(5);
            assertThat(report.path("market").path("badge").asText()).isEqualTo("live");
            assertThat(screenshot).isNotEmptyFile();
        }
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("web-tests"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (a folder with web-tests/) above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
