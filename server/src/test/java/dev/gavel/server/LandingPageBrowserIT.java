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

        var config = TestConfigs.config(db, redis.uri(), Map.of());
        try (var server = GavelServer.start(config, Clock.systemUTC())) {
            Path screenshot = Path.of("target", "landing-page.png").toAbsolutePath();
            Path stderr = Files.createTempFile("landing", ".err");
            var process = new ProcessBuilder(List.of("node", script.toString(), server.url(), screenshot.toString()))
                    .redirectError(stderr.toFile())
                    .start();
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
            assertThat(screenshot).isNotEmptyFile();
        }
    }

    private static Path repositoryRoot() {
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

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
