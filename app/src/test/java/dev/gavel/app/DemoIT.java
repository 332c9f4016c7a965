package dev.gavel.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.embedded.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gavel demo} exactly as a newcomer runs it: the built jar in its own process, no configuration but
 * a data folder and a port. It must be healthy within 60 s, stop cleanly on SIGTERM, and find its data
 * again on the next start, where the new simulated chain already holds the unfinished auctions' artworks when
 * Gavel first checks them (no {@code artwork_not_transferable} alert on either start).
 */
class DemoIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path home;

    @Test
    void the_demo_starts_healthy_stops_cleanly_and_keeps_its_data() throws Exception {
        int port = Ports.free();
        var first = startDemo(port, "first");
        String ownerPassword;
        try {
            long startedAt = System.nanoTime();
            awaitHealthy(port);
            assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(60));

            String banner = await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.readString(home.resolve("first.out")), s -> s.contains("Press Ctrl-C"));
            assertThat(banner).contains("http://localhost:" + port);
            var owner = Pattern.compile("Owner: +(\\S+) / (\\S+)").matcher(banner);
            assertThat(owner.find()).isTrue();
            assertThat(owner.group(1)).isEqualTo("owner@gavel.local");
            ownerPassword = owner.group(2);

            // bidding on X against the simulator: the crowd links wallets and bids, Gavel replies
            var timeline = Pattern.compile("X: +simulated at (\\S+/timeline)").matcher(banner);
            assertThat(timeline.find()).as(banner).isTrue();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                var posts = JSON.readTree(get(URI.create("http://127.0.0.1:" + port + "/api/x/posts?limit=200")));
                var kinds = new java.util.HashSet<String>();
                posts.path("items").forEach(p -> {
                    if (p.path("status").asText().equals("sent")) {
                        kinds.add(p.path("kind").asText());
                    }
                });
                return kinds.containsAll(List.of("START", "LINK", "DECISION"))
                        && get(URI.create(timeline.group(1))).contains("Bid accepted");
            });

            var login = post(
                    port,
                    "/api/auth/login",
                    "{\"email\":\"owner@gavel.local\",\"password\":\"" + ownerPassword + "\"}");
            assertThat(login.statusCode()).isEqualTo(200);
            String token = JSON.readTree(login.body()).path("token").asText();

            // the simulated chain: the X crowd deposits into the escrow and Gavel credits it after confirmations;
            // the live auction's artwork is a token Gavel can transfer
            assertThat(banner).contains("Chain:    SIMULATED");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var chain = JSON.readTree(http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/chain"))
                                        .header("Authorization", "Bearer " + token)
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                return chain.path("deposits").path("CREDITED").asLong(0) > 0;
            });
            awaitLiveArtworkTransferable(port);
            // market watch: the demo's watches poll the M26 simulator and store listings
            assertThat(banner).contains("Market:   SIMULATED Madden 26");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var listings = JSON.readTree(http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                                + "/api/market/listings?source=m26&limit=100"))
                                        .header("Authorization", "Bearer " + token)
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                return listings.path("items").size() >= 20;
            });
            // scheduled jobs run sped up: the daily partition job every 24 minutes, first at start
            assertThat(banner)
                    .contains(
                            "Jobs:     http://localhost:" + port + "/api/jobs (sped up: an hourly job runs every 1m)");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var jobs = JSON.readTree(http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs"))
                                        .header("Authorization", "Bearer " + token)
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                for (var job : jobs.path("jobs")) {
                    if (job.path("name").asText().equals("price-partitions")) {
                        return job.path("runsEvery").asText().equals("24m")
                                && job.path("lastRun").path("outcome").asText().equals("ok");
                    }
                }
                return false;
            });
            assertThat(post(
                                    port,
                                    "/api/auth/register",
                                    "{\"email\":\"kept@example.com\",\"password\":\"kept password\"}")
                            .statusCode())
                    .isEqualTo(201);
        } finally {
            stop(first);
        }
        assertThat(first.exitValue()).isIn(0, 143);
        assertThat(home.resolve("postgres/postmaster.pid")).doesNotExist();
        String firstLog = Files.readString(home.resolve("first.err"));
        assertThat(firstLog).contains("embedded PostgreSQL on port").contains("stopped");
        // Gavel stops before the servers and simulators it uses, and nobody sees a stack trace
        assertThat(firstLog.indexOf("Gavel stopped"))
                .isPositive()
                .isLessThan(firstLog.indexOf("embedded Redis on port", firstLog.indexOf("embedded Redis up")));
        assertThat(firstLog.indexOf("Gavel stopped")).isLessThan(firstLog.lastIndexOf("GavelSimChain at block"));
        assertThat(firstLog.lines().filter(l -> l.startsWith("\tat ") || l.startsWith("Exception in thread")))
                .isEmpty();

        int secondPort = Ports.free();
        var second = startDemo(secondPort, "second");
        try {
            awaitHealthy(secondPort);
            assertThat(post(
                                    secondPort,
                                    "/api/auth/login",
                                    "{\"email\":\"kept@example.com\",\"password\":\"kept password\"}")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(post(
                                    secondPort,
                                    "/api/auth/login",
                                    "{\"email\":\"owner@gavel.local\",\"password\":\"" + ownerPassword + "\"}")
                            .statusCode())
                    .isEqualTo(200);
            // the new simulated chain holds the unfinished auctions' artworks before Gavel first checks them
            awaitLiveArtworkTransferable(secondPort);
        } finally {
            stop(second);
        }
        for (String run : List.of("first", "second")) {
            assertThat(Files.readString(home.resolve(run + ".err")))
                    .as("the %s start's log", run)
                    .doesNotContain("artwork_not_transferable");
        }
    }

    /** The live auction's artwork is a token Gavel can transfer, as the chain says. */
    private void awaitLiveArtworkTransferable(int port) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (var a : JSON.readTree(get(URI.create("http://127.0.0.1:" + port + "/api/auctions?limit=5")))) {
                if (a.path("status").asText().equals("ACTIVE")
                        && a.path("onChain")
                                .path("custody")
                                .path("transferable")
                                .asBoolean(false)) {
                    return true;
                }
            }
            return false;
        });
    }

    private Process startDemo(int port, String name) throws IOException {
        Path jar = Path.of("target", "gavel.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder(List.of(java, "-jar", jar.toString(), "demo"))
                .redirectOutput(home.resolve(name + ".out").toFile())
                .redirectError(home.resolve(name + ".err").toFile());
        var env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("GAVEL_"));
        env.put("GAVEL_HOME", home.toString());
        env.put("GAVEL_HTTP_PORT", Integer.toString(port));
        return builder.start();
    }

    private void awaitHealthy(int port) {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> {
                    var response = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        return false;
                    }
                    JsonNode json = JSON.readTree(response.body());
                    return json.path("components")
                                    .path("postgres")
                                    .path("status")
                                    .asText()
                                    .equals("UP")
                            && json.path("components")
                                    .path("redis")
                                    .path("status")
                                    .asText()
                                    .equals("UP");
                });
    }

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM: the shutdown hook stops the server, Redis and PostgreSQL
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("gavel demo did not stop within 60 s of SIGTERM");
        }
    }
}
