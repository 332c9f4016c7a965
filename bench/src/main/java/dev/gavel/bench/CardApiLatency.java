package dev.gavel.bench;

import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.ListingState;
import dev.gavel.market.listing.PriceKind;
import dev.gavel.market.price.PriceQuote;
import dev.gavel.server.GavelServer;
import dev.gavel.sim.cards.DemoCards;
import dev.gavel.store.Database;
import dev.gavel.store.Redis;
import dev.gavel.store.market.CardPriceStore;
import dev.gavel.store.market.CatalogStore;
import dev.gavel.store.market.MarketKeys;
import dev.gavel.store.market.MarketStore;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Latency of the card API on loopback (issue 8): a started {@link GavelServer} over a catalog of 10,000
 * Pokémon cards with a year of daily prices each (MARKET and LOW of one printing, through {@link
 * CatalogStore#upsertAll} and {@link CardPriceStore#record}), and an open-loop load generator in this JVM
 * (the server in a process of its own): requests are due at a fixed rate and each one's latency runs from when it was due, not from when a
 * connection was free, so a stall shows in the percentiles instead of slowing the generator down (no
 * coordinated omission). Each worker owns one keep-alive HTTP/1.1 connection; the sorted latencies give
 * exact percentiles.
 *
 * <p>Scenarios, each with a warm-up and a measured period: cached card lookups over a hot set, uncached
 * card lookups (the card hashes dropped, every request a card not read before), a year of daily history
 * uncached and cached; beside them the raw limits measured in the same run: an authenticated endpoint that
 * touches no storage ({@code GET /api/auth/me}) over the same HTTP stack, the bare Redis read of a cached
 * card, and the store calls of an uncached card and of a history query without HTTP.
 *
 * <p>Servers: {@link BenchServers}. Options: {@code --cards=10000}, {@code --days=365}, {@code
 * --seconds=20} (measured per scenario), {@code --rates=2000,4000} (cached card lookups), {@code --cold-rate=150}, {@code --history-rate=100} (uncached), {@code
 * --history-rates=200,1000} (cached), {@code --api-key} (the card scenarios send an API key instead of a login token, and {@code /api/auth/me} is measured with both), {@code --db=NAME} (reuse a database seeded by an earlier run, else seed it), {@code --keep} (keep the database
 * the run seeded; it is dropped otherwise), {@code --cached-only} (the raw limits and cached card lookups only:
 * for comparing server JVM options quickly), {@code --jit-warmup=20} (seconds of unmeasured load on a fresh
 * server before the first scenario, so its JIT has compiled the hot paths).
 *
 * <p>The server runs in a process of its own ({@link CardApiServer}), as {@code gavel serve} would, with JVM
 * options from {@code --server-opts="..."} (none by default: the JVM's defaults); {@code --inline} runs it in
 * this JVM instead, beside the load generator.
 */
public final class CardApiLatency {
    private static final String OWNER = CardApiServer.OWNER;
    private static final String PASSWORD = CardApiServer.PASSWORD;
    private static final int HOT = 1_000;

    public static void main(String[] args) throws Exception {
        var options = new HashMap<String, String>();
        for (String a : args) {
            int eq = a.indexOf('=');
            options.put(a.substring(2, eq < 0 ? a.length() : eq), eq < 0 ? "" : a.substring(eq + 1));
        }
        int cards = Integer.parseInt(options.getOrDefault("cards", "10000"));
        int days = Integer.parseInt(options.getOrDefault("days", "365"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
        List<Double> cachedRates = Arrays.stream(
                        options.getOrDefault("rates", "2000,4000").split(","))
                .map(Double::parseDouble)
                .toList();
        String dbName = options.getOrDefault("db", "gavel_bench_cards_" + Long.toHexString(System.nanoTime()));
        boolean keep = options.containsKey("keep") || options.containsKey("db");

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(
                "machine: %d cores, %s, %s; load average %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                Runtime.version(),
                loadAverage());
        var servers = new BenchServers();
        boolean seeded = servers.exists(dbName);
        String url = seeded ? servers.urlOf(dbName) : servers.createDatabase(dbName);
        try {
            var database = servers.open(url);
            database.migrate();
            var clock = Clock.systemUTC();
            var catalog = new CatalogStore(database.jdbi(), clock);
            var prices = new CardPriceStore(database.jdbi());
            Instant now = clock.instant();
            if (catalog.count() < cards) {
                seed(database, catalog, prices, cards, days, now);
            } else {
                System.out.printf("reusing %s: %,d cards, %,d quotes%n", dbName, catalog.count(), prices.count());
            }
            var ids = database.jdbi().withHandle(h -> h.createQuery("SELECT id FROM catalog_items ORDER BY id LIMIT :n")
                    .bind("n", cards)
                    .mapTo(Long.class)
                    .list());
            // every id once, in an order of their own: the hot set first, then ids read by one scenario only
            var order = new ArrayList<>(ids);
            var random = new SplittableRandom(8);
            for (int i = order.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                order.set(i, order.set(j, order.get(i)));
            }
            List<Long> hot = order.subList(0, HOT);
            List<Long> cold = order.subList(HOT, order.size());

            String redisUrl = servers.redisUrl();
            boolean inline = options.containsKey("inline");
            List<String> serverOptions = options.getOrDefault("server-opts", "").isBlank()
                    ? List.of()
                    : List.of(options.get("server-opts").trim().split("\\s+"));
            System.out.printf(
                    "server: %s%n",
                    inline
                            ? "in this JVM, beside the load generator (--inline)"
                            : "a process of its own, JVM options "
                                    + (serverOptions.isEmpty()
                                            ? "none (the defaults)"
                                            : String.join(" ", serverOptions)));
            try (var redis = Redis.connect(redisUrl, Duration.ofSeconds(5));
                    var lease = RedisLease.take(redisUrl);
                    var server = inline ? Target.inline(url, redisUrl) : Target.process(url, redisUrl, serverOptions)) {
                dropCardCache(redis);
                String tokenHeader = login(server.port());
                // --api-key: the card scenarios send an API key, as automation does, instead of a login token
                String auth = options.containsKey("api-key") ? apiKey(server.port(), tokenHeader) : tokenHeader;
                CACHE_COUNTERS.set(() -> cacheCounters(server.port()));
                SERVER_CPU.set(server.cpuNanos());
                String from = now.minus(Duration.ofDays(days))
                        .truncatedTo(ChronoUnit.DAYS)
                        .toString();
                String historyQuery = "/prices/history?interval=1d&from=" + from;
                int port = server.port();
                var results = new ArrayList<Result>();

                // a fresh server JVM compiles its hot paths in the first seconds: warm it on the mix measured next
                warm(port, auth, hot, "");
                int jitWarmup = Integer.parseInt(options.getOrDefault("jit-warmup", "20"));
                if (jitWarmup > 0) {
                    run(
                            "JIT warm-up (not measured): /api/auth/me and cached card lookups",
                            1_000,
                            jitWarmup,
                            1,
                            64,
                            i -> i % 2 == 0
                                    ? http(port, auth, "/api/auth/me")
                                    : http(port, auth, "/api/cards/" + hot.get((int) (i / 2 % HOT))));
                }

                // raw limit of the HTTP stack: authenticated, no storage
                results.add(run(
                        "raw: GET /api/auth/me", 2_000, 10, seconds, 64, i -> http(port, tokenHeader, "/api/auth/me")));
                if (options.containsKey("api-key")) {
                    results.add(run(
                            "GET /api/auth/me with an API key",
                            2_000,
                            10,
                            seconds,
                            64,
                            i -> http(port, auth, "/api/auth/me")));
                }

                // cached card lookups over the hot set
                for (double rate : cachedRates) {
                    results.add(run(
                            "GET /api/cards/{id}, cached (hot set of " + HOT + ")",
                            rate,
                            10,
                            seconds,
                            64,
                            i -> http(port, auth, "/api/cards/" + hot.get((int) (i % HOT)))));
                }
                // raw limit of a cached read: the Redis HGET alone, no HTTP
                results.add(run(
                        "raw: Redis HGET of a cached card",
                        2_000,
                        5,
                        seconds,
                        64,
                        i -> () -> redis.sync().hget(MarketKeys.cardReads(hot.get((int) (i % HOT))), "card") != null));

                if (!options.containsKey("cached-only")) {
                    // uncached card lookups: hashes dropped, each request a card never read
                    double coldRate = Double.parseDouble(options.getOrDefault("cold-rate", "150"));
                    int coldWarm = 5;
                    int coldNeeded = (int) (coldRate * (coldWarm + seconds));
                    if (coldNeeded * 2 > cold.size()) {
                        throw new IllegalStateException("not enough cards for distinct uncached reads: need "
                                + coldNeeded * 2 + ", have " + cold.size());
                    }
                    List<Long> coldHttp = cold.subList(0, coldNeeded);
                    List<Long> coldDirect = cold.subList(coldNeeded, 2 * coldNeeded);
                    dropCardCache(redis);
                    results.add(run(
                            "GET /api/cards/{id}, uncached",
                            coldRate,
                            coldWarm,
                            seconds,
                            64,
                            i -> http(port, auth, "/api/cards/" + coldHttp.get((int) i))));
                    var listings = new MarketStore(database.jdbi(), clock);
                    results.add(run(
                            "raw: the store reads of an uncached card, no HTTP",
                            coldRate,
                            coldWarm,
                            seconds,
                            64,
                            i -> () -> {
                                long id = coldDirect.get((int) i);
                                var item = catalog.find(id).orElseThrow();
                                catalog.imageUrl(id);
                                prices.latest(id);
                                Instant t = Instant.now();
                                prices.statsBars(id, PriceKind.MARKET, t.minus(Duration.ofDays(31)), t);
                                item.externalIds()
                                        .forEach((source, external) -> listings.listings(
                                                Optional.of(source),
                                                Optional.of(external),
                                                Optional.<ListingState>empty(),
                                                10));
                                return true;
                            }));

                    // a year of daily history, uncached then cached
                    double historyRate = Double.parseDouble(options.getOrDefault("history-rate", "100"));
                    int historyNeeded = (int) (historyRate * (coldWarm + seconds));
                    List<Long> historyHttp = cold.subList(0, historyNeeded);
                    List<Long> historyDirect = cold.subList(historyNeeded, 2 * historyNeeded);
                    dropCardCache(redis);
                    results.add(run(
                            "GET …/prices/history?interval=1d&from=-365d, uncached",
                            historyRate,
                            coldWarm,
                            seconds,
                            64,
                            i -> http(port, auth, "/api/cards/" + historyHttp.get((int) i) + historyQuery)));
                    Instant fromInstant = Instant.parse(from);
                    results.add(run(
                            "raw: CatalogStore.find + CardPriceStore.history (a year, 1d), no HTTP",
                            historyRate,
                            coldWarm,
                            seconds,
                            64,
                            i -> () -> {
                                long id = historyDirect.get((int) i);
                                catalog.find(id).orElseThrow();
                                return !prices.history(
                                                id,
                                                fromInstant,
                                                Instant.now(),
                                                CardPriceStore.Resolution.DAY,
                                                Optional.empty(),
                                                Optional.empty())
                                        .isEmpty();
                            }));
                    warm(port, auth, hot, historyQuery);
                    for (String rate :
                            options.getOrDefault("history-rates", "200,1000").split(",")) {
                        results.add(run(
                                "GET …/prices/history?interval=1d&from=-365d, same cards again (hot set)",
                                Double.parseDouble(rate),
                                5,
                                seconds,
                                64,
                                i -> http(port, auth, "/api/cards/" + hot.get((int) (i % HOT)) + historyQuery)));
                    }
                }

                long cardKeys = countCardKeys(redis);
                System.out.println();
                System.out.printf(
                        "%-72s %8s %9s %7s %7s %7s %7s %8s %8s %6s %6s %6s %6s%n",
                        "scenario",
                        "offered",
                        "achieved",
                        "p50",
                        "p90",
                        "p99",
                        "p99.9",
                        "max",
                        "errors",
                        "CPU",
                        "gen",
                        "load",
                        "hits");
                for (Result r : results) {
                    System.out.println(r.row());
                }
                System.out.printf(
                        "(latencies in ms from when each request was due; CPU: the server's share of the machine's %d"
                                + " cores (inline: this whole JVM's); gen: the load generator's JVM's (inline: the same); hits: the card cache's hit ratio over the scenario, warm-up included;"
                                + " %,d market:card:* hashes in Redis at the end; body sizes: %s)%n",
                        Runtime.getRuntime().availableProcessors(), cardKeys, BODY_SIZES);
                System.out.printf(
                        "load average at the end: %s; JVM CPU so far %.0f s%n",
                        loadAverage(), os.getProcessCpuTime() / 1e9);
            }
        } finally {
            servers.close();
            if (!keep) {
                servers.dropDatabase(dbName);
            } else {
                System.out.printf("kept database %s (--db=%s reuses it)%n", dbName, dbName);
            }
        }
    }

    // ---------------------------------------------------------------- seeding

    private static void seed(
            Database database, CatalogStore catalog, CardPriceStore prices, int n, int days, Instant now) {
        var world = DemoCards.generate(26, n, 0);
        long t0 = System.nanoTime();
        var entries = new ArrayList<CatalogEntry>();
        for (var card : world.cards()) {
            entries.add(new CatalogEntry(
                    Game.POKEMON,
                    "tcgplayer",
                    Integer.toString(card.productId()),
                    Optional.of(card.set().abbreviation()),
                    Optional.of(card.set().name()),
                    Optional.of(card.set().releasedOn()),
                    Optional.of(card.number()),
                    card.name(),
                    Optional.of(card.rarity()),
                    Optional.of("https://images.example/" + card.productId() + ".jpg")));
        }
        for (int i = 0; i < entries.size(); i += 1_000) {
            catalog.upsertAll(entries.subList(i, Math.min(entries.size(), i + 1_000)));
        }
        double catalogSecs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "seeded %,d catalog entries in %.1f s (%,.0f entries/s, transactions of 1,000)%n",
                entries.size(), catalogSecs, entries.size() / catalogSecs);

        Instant lastDay =
                now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(1)).plus(Duration.ofHours(18));
        long t1 = System.nanoTime();
        long quotes = 0;
        var batch = new ArrayList<PriceQuote>(20_000 + 2 * days);
        for (var card : world.cards()) {
            String printing = card.printings().get(0);
            String id = Integer.toString(card.productId());
            for (int d = days - 1; d >= 0; d--) {
                Instant at = lastDay.minus(Duration.ofDays(d));
                var p = world.prices(card, printing, at, now);
                batch.add(
                        new PriceQuote("tcgplayer", id, printing, "", PriceKind.MARKET, p.market(), Currency.USD, at));
                batch.add(new PriceQuote(
                        "tcgplayer", id, printing, "", PriceKind.LOW, p.low().orElseThrow(), Currency.USD, at));
            }
            if (batch.size() >= 20_000) {
                quotes += prices.record("tcgplayer", batch).stored();
                batch.clear();
            }
        }
        quotes += prices.record("tcgplayer", batch).stored();
        double priceSecs = (System.nanoTime() - t1) / 1e9;
        database.jdbi().useHandle(h -> h.execute("VACUUM ANALYZE"));
        double vacuumSecs = (System.nanoTime() - t1) / 1e9 - priceSecs;
        System.out.printf(
                "seeded %,d quotes (%d days × MARKET and LOW × %,d cards) in %.1f s: %,.0f quotes/s"
                        + " (CardPriceStore.record, ~20,000 a call, raw rows + hourly and daily bars + latest);"
                        + " VACUUM ANALYZE %.1f s%n",
                quotes, days, n, priceSecs, quotes / priceSecs, vacuumSecs);
    }

    // ---------------------------------------------------------------- the server

    /** What stops a {@link Target}. */
    @FunctionalInterface
    interface Stop {
        void run() throws IOException;
    }

    /**
     * The server under load: in a process of its own (the default) or in this JVM ({@code --inline}); {@code
     * cpuNanos} is the server's CPU time so far (inline: this whole JVM's).
     */
    record Target(int port, java.util.function.LongSupplier cpuNanos, Stop stop) implements AutoCloseable {
        static Target process(String dbUrl, String redisUrl, List<String> jvmOptions) throws IOException {
            var server = CardApiServer.start(dbUrl, redisUrl, jvmOptions);
            return new Target(server.port(), server::cpuNanos, server::close);
        }

        static Target inline(String dbUrl, String redisUrl) throws IOException {
            var server = GavelServer.start(CardApiServer.config(dbUrl, redisUrl), Clock.systemUTC());
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new Target(server.port(), os::getProcessCpuTime, server::close);
        }

        @Override
        public void close() throws IOException {
            stop.run();
        }
    }

    private static String login(int port) throws Exception {
        String token = postFor(
                port,
                "/api/auth/login",
                "{\"email\":\"" + OWNER + "\",\"password\":\"" + PASSWORD + "\"}",
                List.of(),
                200,
                "token");
        return "Authorization: Bearer " + token;
    }

    /** Makes an API key with the login token's header; returns the header that sends it. */
    private static String apiKey(int port, String tokenHeader) throws Exception {
        String key = postFor(
                port,
                "/api/auth/api-keys",
                "{\"name\":\"bench\"}",
                List.of("Authorization", tokenHeader.substring("Authorization: ".length())),
                201,
                "key");
        return "X-API-Key: " + key;
    }

    /** POSTs {@code json} with {@code headers} (name, value, …); the answer's {@code field}, which must be there. */
    private static String postFor(int port, String path, String json, List<String> headers, int status, String field)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        var response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        var value = dev.gavel.server.http.Json.mapper()
                .readTree(response.body())
                .path(field)
                .asText();
        if (response.statusCode() != status || value.isEmpty()) {
            throw new IllegalStateException(
                    "POST " + path + " failed: " + response.statusCode() + " " + response.body());
        }
        return value;
    }

    /** Reads each card's {@code suffix} (its page, or a history query) once, so Redis holds it. */
    private static void warm(int port, String auth, List<Long> ids, String suffix) throws Exception {
        var next = new AtomicInteger();
        var failure = new AtomicReference<Exception>();
        var threads = new ArrayList<Thread>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (var c = new Connection(port, auth)) {
                    for (int i; (i = next.getAndIncrement()) < ids.size(); ) {
                        if (c.get("/api/cards/" + ids.get(i) + suffix) != 200) {
                            throw new IllegalStateException("warming answered " + c.status);
                        }
                    }
                } catch (Exception e) {
                    failure.set(e);
                }
            }));
        }
        for (var t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static final AtomicReference<java.util.function.LongSupplier> SERVER_CPU = new AtomicReference<>(() -> 0);

    private static final AtomicReference<java.util.function.Supplier<long[]>> CACHE_COUNTERS =
            new AtomicReference<>(() -> new long[2]);

    /** The card cache's hits and misses so far, from the server's {@code /metrics}. */
    private static long[] cacheCounters(int port) {
        try {
            var body = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            long[] out = new long[2];
            body.lines()
                    .filter(l -> l.startsWith("gavel_cache_requests_total") && l.contains("cache=\"cards\""))
                    .forEach(l -> out[l.contains("result=\"hit\"") ? 0 : 1] +=
                            (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)));
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The test suites lease Redis databases 1 to 15 ({@code gavel:test:lease:db<N>} in database 0) and flush
     * the one they take; a benchmark on a shared machine takes the same lease on its database, so a test run
     * does not flush the cache under it.
     */
    record RedisLease(io.lettuce.core.RedisClient client, String key) implements AutoCloseable {
        static RedisLease take(String url) {
            var uri = io.lettuce.core.RedisURI.create(url);
            int db = uri.getDatabase();
            var admin = io.lettuce.core.RedisURI.create(url);
            admin.setDatabase(0);
            var client = io.lettuce.core.RedisClient.create(admin);
            String key = "gavel:test:lease:db" + db;
            if (db >= 1 && db <= 15) {
                try (var c = client.connect()) {
                    String ok = c.sync()
                            .set(
                                    key,
                                    "bench-" + ProcessHandle.current().pid(),
                                    io.lettuce.core.SetArgs.Builder.nx().ex(Duration.ofHours(1)));
                    if (!"OK".equals(ok)) {
                        client.shutdown();
                        throw new IllegalStateException("Redis database " + db + " is leased by a test run (" + key
                                + "); pick another in GAVEL_BENCH_REDIS_URL");
                    }
                }
            }
            return new RedisLease(client, db >= 1 && db <= 15 ? key : null);
        }

        @Override
        public void close() {
            if (key != null) {
                try (var c = client.connect()) {
                    c.sync().del(key);
                }
            }
            client.shutdown();
        }
    }

    private static void dropCardCache(Redis redis) {
        var sync = redis.sync();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var page =
                    sync.scan(cursor, ScanArgs.Builder.matches("market:card:*").limit(1_000));
            if (!page.getKeys().isEmpty()) {
                sync.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
        sync.unlink(MarketKeys.TRENDING, MarketKeys.CARD_VIEWS);
    }

    private static long countCardKeys(Redis redis) {
        var sync = redis.sync();
        long n = 0;
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var page =
                    sync.scan(cursor, ScanArgs.Builder.matches("market:card:*").limit(1_000));
            n += page.getKeys().size();
            cursor = page;
        } while (!cursor.isFinished());
        return n;
    }

    private static String loadAverage() {
        try {
            var parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    // ---------------------------------------------------------------- the load generator

    /** One worker's way of doing request {@code i}: true when it succeeded. */
    @FunctionalInterface
    interface Call {
        boolean run() throws Exception;
    }

    /** Request {@code i} of a scenario. */
    @FunctionalInterface
    interface Work {
        Call of(long i) throws Exception;
    }

    private static final Map<String, Integer> BODY_SIZES = new java.util.concurrent.ConcurrentSkipListMap<>();
    private static final ThreadLocal<Connection> CONNECTIONS = new ThreadLocal<>();

    /** A GET over this worker's keep-alive connection; 200 is success. */
    private static Call http(int port, String auth, String path) {
        return () -> {
            Connection c = CONNECTIONS.get();
            if (c == null) {
                c = new Connection(port, auth);
                CONNECTIONS.set(c);
            }
            int status = c.get(path);
            String family = path.contains("/history") ? "history" : path.startsWith("/api/cards/") ? "card" : "me";
            BODY_SIZES.putIfAbsent(family, c.bodyLength);
            return status == 200;
        };
    }

    private record Task(long index, long due, boolean measured) {}

    private static final Task STOP = new Task(-1, 0, false);

    record Result(
            String name,
            double offered,
            double achieved,
            long[] sorted,
            int errors,
            double cpuShare,
            double generatorShare,
            String load,
            String hitRatio,
            String firstError) {
        double ms(double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int k = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, k))] / 1e6;
        }

        String row() {
            return String.format(
                    Locale.ROOT,
                    "%-72s %8.0f %9.0f %7.2f %7.2f %7.2f %7.2f %8.2f %8d %5.0f%% %5.0f%% %6s %6s%s",
                    name.length() > 72 ? name.substring(0, 72) : name,
                    offered,
                    achieved,
                    ms(0.50),
                    ms(0.90),
                    ms(0.99),
                    ms(0.999),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6,
                    errors,
                    cpuShare,
                    generatorShare,
                    load,
                    hitRatio,
                    firstError == null ? "" : "  first error: " + firstError);
        }
    }

    /**
     * Offers requests at {@code rate} per second for {@code warmup} then {@code measured} seconds to {@code
     * workers} virtual threads; each request's latency runs from when it was due to when its answer was read.
     */
    static Result run(String name, double rate, int warmup, int measured, int workers, Work work)
            throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long warmCount = Math.round(rate * warmup);
        long total = warmCount + Math.round(rate * measured);
        var queue = new LinkedBlockingQueue<Task>();
        long[] latencies = new long[(int) (total - warmCount)];
        var recorded = new AtomicInteger();
        var errors = new AtomicInteger();
        var firstError = new AtomicReference<String>();
        var lastDone = new AtomicLong();
        var threads = new ArrayList<Thread>();
        long[] cache0 = CACHE_COUNTERS.get().get();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (Task t; (t = queue.take()) != STOP; ) {
                        boolean ok;
                        String error = null;
                        try {
                            ok = work.of(t.index()).run();
                            if (!ok) {
                                error = "not 200 / not found";
                            }
                        } catch (Exception e) {
                            ok = false;
                            error = e.toString();
                            var c = CONNECTIONS.get();
                            if (c != null) {
                                c.close();
                                CONNECTIONS.remove();
                            }
                        }
                        long done = System.nanoTime();
                        if (t.measured()) {
                            latencies[recorded.getAndIncrement()] = done - t.due();
                            lastDone.accumulateAndGet(done, Math::max);
                            if (!ok) {
                                errors.incrementAndGet();
                                firstError.compareAndSet(null, error);
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    var c = CONNECTIONS.get();
                    if (c != null) {
                        c.close();
                        CONNECTIONS.remove();
                    }
                }
            }));
        }
        double period = 1e9 / rate;
        long start = System.nanoTime() + 20_000_000;
        long measuredStart = start + (long) (warmCount * period);
        long cpu0 = 0;
        long serverCpu0 = 0;
        var serverCpu = SERVER_CPU.get();
        for (long i = 0; i < total; i++) {
            long due = start + (long) (i * period);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (i == warmCount) {
                cpu0 = os.getProcessCpuTime();
                serverCpu0 = serverCpu.getAsLong();
            }
            queue.add(new Task(i, due, i >= warmCount));
        }
        for (int w = 0; w < workers; w++) {
            queue.add(STOP);
        }
        for (var t : threads) {
            if (!t.join(Duration.ofSeconds(60))) {
                throw new IllegalStateException(name + ": a worker did not finish within 60 s of the last request");
            }
        }
        long[] cache1 = CACHE_COUNTERS.get().get();
        long hits = cache1[0] - cache0[0];
        long reads = hits + cache1[1] - cache0[1];
        String hitRatio = reads == 0 ? "—" : String.format(Locale.ROOT, "%.0f%%", 100.0 * hits / reads);
        long end = lastDone.get();
        double wall = (end - measuredStart) / 1e9;
        int cores = Runtime.getRuntime().availableProcessors();
        double cpuShare = 100.0 * (serverCpu.getAsLong() - serverCpu0) / (end - measuredStart) / cores;
        double generatorShare = 100.0 * (os.getProcessCpuTime() - cpu0) / (end - measuredStart) / cores;
        long[] sorted = Arrays.copyOf(latencies, recorded.get());
        Arrays.sort(sorted);
        var result = new Result(
                name,
                rate,
                sorted.length / wall,
                sorted,
                errors.get(),
                cpuShare,
                generatorShare,
                loadAverage().split(" ")[0],
                hitRatio,
                firstError.get());
        System.out.println(result.row());
        return result;
    }

    /** One keep-alive HTTP/1.1 connection: GET, read the status, the headers and the whole body. */
    static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String auth;
        private final int port;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private final byte[] skip = new byte[16_384];
        int status;
        int bodyLength;

        Connection(int port, String auth) throws IOException {
            this.port = port;
            this.auth = auth;
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 65_536);
            out = socket.getOutputStream();
        }

        int get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + auth
                            + "\r\nAccept: application/json\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = readLine();
            if (!statusLine.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h; !(h = readLine()).isEmpty(); ) {
                int colon = h.indexOf(':');
                String key = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (key) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> {}
                }
            }
            bodyLength = 0;
            if (chunked) {
                for (long size; (size = Long.parseLong(readLine().split(";")[0].trim(), 16)) > 0; ) {
                    discard(size);
                    readLine();
                }
                while (!readLine().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                discard(length);
            } else {
                throw new IOException("an answer without a length");
            }
            if (close) {
                throw new IOException("the server closed the connection");
            }
            return status;
        }

        private void discard(long n) throws IOException {
            while (n > 0) {
                int r = in.read(skip, 0, (int) Math.min(skip.length, n));
                if (r < 0) {
                    throw new IOException("the answer ended early");
                }
                n -= r;
                bodyLength += r;
            }
        }

        private String readLine() throws IOException {
            line.reset();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("the connection closed");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
    }

    private CardApiLatency() {}
}
