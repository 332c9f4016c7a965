package dev.gavel.bench;

import dev.gavel.core.Secret;
import dev.gavel.server.config.ConfigLoader;
import dev.gavel.server.market.MarketRuntime;
import dev.gavel.sources.m26.M26HarImport;
import dev.gavel.store.Redis;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU of N live watches polling the M26 simulator every 2 s: the whole path (auth pool lease, template,
 * HTTP call, strategy, normalization, ingest with deltas into PostgreSQL, cache and stream in Redis, the
 * publisher). The simulator runs in a child process and PostgreSQL and Redis are servers of their own, so
 * the figure is this JVM's CPU time over the wall time: Gavel's own cost. Servers: {@code
 * GAVEL_BENCH_DB_URL} / {@code GAVEL_BENCH_REDIS_URL}, else embedded ones. Arguments: watch counts
 * (default 10 100), seconds measured per count (60).
 */
public final class MarketWatchCpu {
    private static final List<String> TEAMS = List.of(
            "ARI", "ATL", "BAL", "BUF", "CAR", "CHI", "CIN", "CLE", "DAL", "DEN", "DET", "GB", "HOU", "IND", "JAX",
            "KC", "LV", "LAC", "LAR", "MIA", "MIN", "NE", "NO", "NYG", "NYJ", "PHI", "PIT", "SF", "SEA", "TB", "TEN",
            "WAS");

    public static void main(String[] args) throws Exception {
        List<Integer> counts = new ArrayList<>();
        int seconds = 60;
        for (String a : args) {
            if (a.startsWith("--seconds=")) {
                seconds = Integer.parseInt(a.substring(10));
            } else {
                counts.add(Integer.parseInt(a));
            }
        }
        if (counts.isEmpty()) {
            counts = List.of(10, 100);
        }
        var cleanup = new ArrayList<AutoCloseable>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            var servers = new BenchServers();
            cleanup.add(servers);
            String redisUrl = servers.redisUrl();
            // the simulator, in its own JVM
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process simProcess = new ProcessBuilder(
                            java, "-cp", System.getProperty("java.class.path"), M26SimMain.class.getName(), "26")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            cleanup.add(() -> {
                simProcess.getOutputStream().close();
                simProcess.destroy();
            });
            String simUrl = new BufferedReader(new InputStreamReader(simProcess.getInputStream())).readLine();
            System.out.printf(
                    "machine: %d cores, %s, %s; simulator (own process) at %s%n",
                    cores, System.getProperty("os.name"), Runtime.version(), simUrl);

            for (int watches : counts) {
                Path home = Files.createTempDirectory("gavel-watch-bench");
                var config = ConfigLoader.load(
                                Optional.empty(),
                                Map.of(
                                        "GAVEL_HOME",
                                        home.toString(),
                                        "GAVEL_M26_BASE_URL",
                                        simUrl,
                                        "GAVEL_M26_ACCOUNTS_URL",
                                        simUrl,
                                        "GAVEL_M26_REQUESTS_PER_SECOND",
                                        "1000",
                                        "GAVEL_M26_DAILY_BUDGET",
                                        "100000000",
                                        "GAVEL_M26_MIN_INTERVAL",
                                        "2s"))
                        .market();
                var database = servers.freshDatabase();
                try (var redis = Redis.connect(redisUrl, Duration.ofSeconds(5))) {
                    var captures = new ArrayList<M26HarImport.Capture>();
                    var http = HttpClient.newHttpClient();
                    for (int a = 0; a < 3; a++) {
                        String name = "bench-" + watches + "-" + a;
                        http.send(
                                HttpRequest.newBuilder(URI.create(simUrl + "/_sim/accounts"))
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        captures.add(new M26HarImport.Capture(
                                name + ".har",
                                http.send(
                                                HttpRequest.newBuilder(URI.create(simUrl + "/_sim/har?account=" + name))
                                                        .build(),
                                                HttpResponse.BodyHandlers.ofString())
                                        .body()));
                    }
                    var secret = Secret.of("bench-secret-key-" + System.nanoTime());
                    var store = new dev.gavel.store.market.CredentialStore(
                            database.jdbi(),
                            dev.gavel.market.auth.CredentialCipher.fromSecretKey(secret),
                            Clock.systemUTC());
                    // merge the captures: one import rebuilds the pool
                    MarketRuntime.importHar(captures, store, config.m26Templates());
                    try (var market = MarketRuntime.start(
                            config, database, redis, secret, Clock.systemUTC(), MarketRuntime.WatchMode.ALL, d -> {})) {
                        for (int w = 0; w < watches; w++) {
                            var created = market.createWatch(
                                    "m26",
                                    Map.of("team", TEAMS.get(w % TEAMS.size()), "pageSize", "20"),
                                    Duration.ofSeconds(2));
                            if (!(created instanceof MarketRuntime.WatchCreation.Created)) {
                                throw new IllegalStateException("watch refused: " + created);
                            }
                        }
                        Thread.sleep(15_000); // warm up: JIT, pool, first sightings
                        var runner = market.runner().orElseThrow();
                        long polls0 = runner.statuses().values().stream()
                                .mapToLong(s -> s.polls())
                                .sum();
                        long changes0 = runner.statuses().values().stream()
                                .mapToLong(s -> s.changes())
                                .sum();
                        long cpu0 = os.getProcessCpuTime();
                        long wall0 = System.nanoTime();
                        Thread.sleep(seconds * 1000L);
                        long cpu = os.getProcessCpuTime() - cpu0;
                        long wall = System.nanoTime() - wall0;
                        long polls = runner.statuses().values().stream()
                                        .mapToLong(s -> s.polls())
                                        .sum()
                                - polls0;
                        long changes = runner.statuses().values().stream()
                                        .mapToLong(s -> s.changes())
                                        .sum()
                                - changes0;
                        double ofOneCore = 100.0 * cpu / wall;
                        System.out.printf(
                                "%d watches at 2 s: %.1f polls/s (expected %.1f), %.1f changes/s; CPU %.1f %% of one core,"
                                        + " %.1f %% of the machine (%d cores); %.2f ms CPU per poll; outcomes %s%n",
                                watches,
                                polls / (wall / 1e9),
                                watches / 2.0,
                                changes / (wall / 1e9),
                                ofOneCore,
                                ofOneCore / cores,
                                cores,
                                cpu / 1e6 / Math.max(1, polls),
                                market.m26().orElseThrow().policy().outcomes());
                    }
                }
            }
        } finally {
            for (int i = cleanup.size() - 1; i >= 0; i--) {
                cleanup.get(i).close();
            }
        }
    }
}
