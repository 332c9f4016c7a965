package dev.gavel.sim.cards;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.sim.GavelClient;
import dev.gavel.sim.ebay.EbaySimulator;
import dev.gavel.sim.optcg.OptcgSimulator;
import dev.gavel.sim.pokemontcg.PokemonTcgSimulator;
import dev.gavel.sim.tcgplayer.TcgplayerSimulator;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card marketplaces of the demo: one {@link DemoCards} world served by the TCGplayer, pokemontcg.io,
 * OPTCG and eBay simulators, with the credentials Gavel is configured with. {@link #setUp} then drives Gavel
 * through its public API only, as an operator would: it runs the catalog job, imports the world's last
 * {@link #HISTORY_DAYS} days of TCGplayer market prices (the vendors serve today's prices only, so this
 * stands in for history Gavel would have collected), and starts an eBay watch on a popular card.
 */
public final class CardDemo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CardDemo.class);

    public static final String TCGPLAYER_CLIENT_ID = "gavel-demo";
    public static final String TCGPLAYER_SECRET = "demo-tcgplayer-secret";
    public static final String EBAY_CLIENT_ID = "gavel-demo";
    public static final String EBAY_SECRET = "demo-ebay-secret";
    public static final int HISTORY_DAYS = 90;

    private final DemoCards world;
    private final TcgplayerSimulator tcgplayer;
    private final PokemonTcgSimulator pokemontcg;
    private final OptcgSimulator optcg;
    private final EbaySimulator ebay;

    private CardDemo(
            DemoCards world,
            TcgplayerSimulator tcgplayer,
            PokemonTcgSimulator pokemontcg,
            OptcgSimulator optcg,
            EbaySimulator ebay) {
        this.world = world;
        this.tcgplayer = tcgplayer;
        this.pokemontcg = pokemontcg;
        this.optcg = optcg;
        this.ebay = ebay;
    }

    /** Starts the four simulators over a world of {@code pokemon} and {@code onePiece} cards. */
    public static CardDemo start(Clock clock, int pokemon, int onePiece) throws IOException {
        var world = DemoCards.generate(26, pokemon, onePiece);
        var tcg = TcgplayerSimulator.start(0, clock, world, TCGPLAYER_CLIENT_ID, TCGPLAYER_SECRET);
        var poke = PokemonTcgSimulator.start(0, clock, world);
        var op = OptcgSimulator.start(0, clock, world);
        var ebay = EbaySimulator.start(0, clock, world, 26);
        ebay.addClient(EBAY_CLIENT_ID, EBAY_SECRET);
        return new CardDemo(world, tcg, poke, op, ebay);
    }

    /** The configuration that points Gavel at the simulators, as environment variables. */
    public Map<String, String> env() {
        var env = new LinkedHashMap<String, String>();
        env.put("GAVEL_TCGPLAYER_BASE_URL", tcgplayer.baseUrl());
        env.put("GAVEL_TCGPLAYER_CLIENT_ID", TCGPLAYER_CLIENT_ID);
        env.put("GAVEL_TCGPLAYER_CLIENT_SECRET", TCGPLAYER_SECRET);
        env.put("GAVEL_POKEMONTCG_BASE_URL", pokemontcg.baseUrl());
        env.put("GAVEL_OPTCG_BASE_URL", optcg.baseUrl());
        env.put("GAVEL_EBAY_BASE_URL", ebay.baseUrl());
        env.put("GAVEL_EBAY_CLIENT_ID", EBAY_CLIENT_ID);
        env.put("GAVEL_EBAY_CLIENT_SECRET", EBAY_SECRET);
        return env;
    }

    public DemoCards world() {
        return world;
    }

    public String tcgplayerUrl() {
        return tcgplayer.baseUrl();
    }

    /**
     * Runs the catalog job and waits for it (up to {@code wait}), imports the price history, and starts an
     * eBay watch on the first card; answers the number of history quotes stored.
     */
    public int setUp(GavelClient gavel, String adminToken, Duration wait) throws InterruptedException {
        var run = gavel.post("/api/jobs/card-catalog-daily/run", Map.of(), adminToken, Map.of());
        if (run.status() != 202 && run.status() != 409) {
            throw new IllegalStateException("the catalog job did not start: " + run.status() + " " + run.json());
        }
        awaitCatalogJob(gavel, adminToken, wait);
        int stored = importHistory(gavel, adminToken);
        var first = world.cards().get(0);
        var hit = gavel.get(
                "/api/cards/search?game=pokemon&limit=1&q="
                        + java.net.URLEncoder.encode(
                                first.name() + " " + first.number(), java.nio.charset.StandardCharsets.UTF_8),
                adminToken);
        JsonNode items = hit.json().path("items");
        if (items.size() > 0) {
            var watch = gavel.post(
                    "/api/market/watches",
                    Map.of(
                            "source",
                            "ebay",
                            "query",
                            Map.of(
                                    "q",
                                    first.name(),
                                    "buying",
                                    "all",
                                    "card",
                                    items.get(0).path("id").asText()),
                            "intervalSeconds",
                            60),
                    adminToken,
                    Map.of());
            LOG.info("demo: eBay watch on {} → {}", first.name(), watch.status());
        }
        return stored;
    }

    /** Asks twice a second, on a scheduled executor, until the catalog job has run or {@code wait} is over. */
    private static void awaitCatalogJob(GavelClient gavel, String token, Duration wait) throws InterruptedException {
        var done = new java.util.concurrent.CompletableFuture<Void>();
        var poller = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("gavel-demo-catalog-wait").factory());
        try {
            poller.scheduleWithFixedDelay(
                    () -> {
                        try {
                            if (catalogJobDone(gavel, token)) {
                                done.complete(null);
                            }
                        } catch (RuntimeException e) {
                            done.completeExceptionally(e);
                        }
                    },
                    0,
                    500,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            done.get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the catalog job did not finish within " + wait, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "could not follow the catalog job: " + e.getCause().getMessage(), e);
        } finally {
            poller.shutdownNow();
        }
    }

    private static boolean catalogJobDone(GavelClient gavel, String token) {
        for (JsonNode job : gavel.get("/api/jobs", token).json().path("jobs")) {
            if (job.path("name").asText().equals("card-catalog-daily")) {
                return job.path("lastRun").has("outcome")
                        && !job.path("running").asBoolean();
            }
        }
        return false;
    }

    /** The world's daily TCGplayer market prices of the last {@link #HISTORY_DAYS} days, through the import API. */
    private int importHistory(GavelClient gavel, String token) {
        Instant now = Instant.now();
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        var batch = new ArrayList<Map<String, Object>>();
        int stored = 0;
        for (var card : world.cards()) {
            for (String printing : card.printings()) {
                for (int d = HISTORY_DAYS; d >= 1; d--) {
                    Instant at = today.minus(Duration.ofDays(d)).plus(Duration.ofHours(12));
                    long cents = world.market(card, printing, at, now);
                    batch.add(Map.of(
                            "externalId",
                            Integer.toString(card.productId()),
                            "printing",
                            printing,
                            "kind",
                            "market",
                            "amount",
                            java.math.BigDecimal.valueOf(cents, 2).toPlainString(),
                            "currency",
                            "USD",
                            "observedAt",
                            at.toString()));
                    if (batch.size() == 4_000) {
                        stored += send(gavel, token, batch);
                        batch.clear();
                    }
                }
            }
        }
        if (!batch.isEmpty()) {
            stored += send(gavel, token, batch);
        }
        return stored;
    }

    private static int send(GavelClient gavel, String token, List<Map<String, Object>> quotes) {
        var reply = gavel.post(
                "/api/cards/prices/import", Map.of("source", "tcgplayer", "quotes", quotes), token, Map.of());
        if (!reply.ok()) {
            throw new IllegalStateException("price history import refused: " + reply.status() + " " + reply.json());
        }
        return reply.json().path("stored").asInt();
    }

    @Override
    public void close() {
        tcgplayer.close();
        pokemontcg.close();
        optcg.close();
        ebay.close();
    }
}
