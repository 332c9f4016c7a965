package dev.gavel.server.market;

import dev.gavel.core.Secret;
import dev.gavel.market.auth.AuthPool;
import dev.gavel.market.auth.Credential;
import dev.gavel.market.auth.CredentialCipher;
import dev.gavel.market.source.MarketSource;
import dev.gavel.market.strategy.DriftMonitor;
import dev.gavel.market.template.TemplateException;
import dev.gavel.market.template.TemplateProblem;
import dev.gavel.market.watch.Watch;
import dev.gavel.server.config.GavelConfig;
import dev.gavel.server.jobs.JobFailed;
import dev.gavel.server.jobs.JobResult;
import dev.gavel.server.jobs.JobSchedule;
import dev.gavel.server.jobs.Jobs;
import dev.gavel.sources.ebay.EbaySettings;
import dev.gavel.sources.ebay.EbaySource;
import dev.gavel.sources.m26.M26HarImport;
import dev.gavel.sources.m26.M26Settings;
import dev.gavel.sources.m26.M26Source;
import dev.gavel.sources.m26.M26Templates;
import dev.gavel.sources.optcg.OptcgSettings;
import dev.gavel.sources.optcg.OptcgSource;
import dev.gavel.sources.pokemontcg.PokemonTcgSettings;
import dev.gavel.sources.pokemontcg.PokemonTcgSource;
import dev.gavel.sources.policy.SourcePolicy;
import dev.gavel.sources.tcgplayer.TcgplayerSettings;
import dev.gavel.sources.tcgplayer.TcgplayerSource;
import dev.gavel.store.Database;
import dev.gavel.store.Redis;
import dev.gavel.store.market.CardCache;
import dev.gavel.store.market.CardPriceStore;
import dev.gavel.store.market.CatalogStore;
import dev.gavel.store.market.CredentialStore;
import dev.gavel.store.market.DriftAlerts;
import dev.gavel.store.market.MarketCache;
import dev.gavel.store.market.MarketDeltaStream;
import dev.gavel.store.market.MarketStore;
import dev.gavel.store.market.PendingPages;
import dev.gavel.store.market.PricePartitions;
import dev.gavel.store.market.WatchLeases;
import dev.gavel.store.market.WatchStore;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Market watch, wired: the stores, the configured sources (M26 when {@code GAVEL_M26_BASE_URL} is set), the
 * ingest path with its Redis fallback queue, the delta publisher, and — for {@code serve} — the watch
 * runner and the scheduled jobs it hands to {@link #registerJobs}. {@code gavel market collect} uses the
 * same runtime without the runner. Thread-safe.
 */
public final class MarketRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MarketRuntime.class);

    private final GavelConfig.Market config;
    private final MarketStore store;
    private final WatchStore watches;
    private final CredentialStore credentials;
    private final MarketCache cache;
    private final CatalogStore catalog;
    private final CardMarket cards;
    private final Optional<M26Source> m26;
    private final Optional<EbaySource> ebay;

    /** The vendors' APIs, used when a source is on by its credentials without a base URL. */
    private static final String EBAY_URL = "https://api.ebay.com";

    private static final String POKEMONTCG_URL = "https://api.pokemontcg.io";
    private final Optional<String> m26Problem;
    private final MarketIngest ingest;
    private final MarketCollector collector;
    private final DeltaPublisher publisher;
    private final Optional<WatchRunner> runner;
    private final ScheduledExecutorService upkeep;
    private final Clock clock;
    private final PricePartitions partitions;

    /** Months of price partitions made ahead of the current one. */
    private static final int PARTITIONS_AHEAD = 3;

    private MarketRuntime(
            GavelConfig.Market config,
            Database database,
            Redis redis,
            Secret secretKey,
            Clock clock,
            WatchMode runWatches,
            Consumer<List<dev.gavel.market.listing.ListingDelta>> watchers) {
        this.config = config;
        this.store = new MarketStore(database.jdbi(), clock);
        this.watches = new WatchStore(database.jdbi(), clock);
        var drifts = new DriftAlerts(database.jdbi(), clock);
        this.credentials = new CredentialStore(database.jdbi(), CredentialCipher.fromSecretKey(secretKey), clock);
        this.clock = clock;
        this.partitions = new PricePartitions(database.jdbi());
        partitions.ensureAhead(clock, PARTITIONS_AHEAD);
        Optional<M26Source> source = Optional.empty();
        Optional<String> problem = Optional.empty();
        if (config.m26Enabled()) {
            try {
                source = Optional.of(m26(config, credentials, drifts, clock));
            } catch (TemplateException e) {
                problem = Optional.of("the m26 templates are broken: " + e.getMessage());
                LOG.error("market: {}", problem.get());
            }
        }
        this.m26 = source;
        this.m26Problem = problem;
        var cardsConfig = config.cards();
        this.ebay = cardsConfig.ebay()
                ? Optional.of(new EbaySource(
                        EbaySettings.of(
                                cardsConfig.ebayBaseUrl().map(Object::toString).orElse(EBAY_URL),
                                cardsConfig.ebayClientId().orElseThrow(),
                                cardsConfig.ebayClientSecret().orElseThrow()),
                        httpClient(),
                        clock))
                : Optional.empty();
        this.catalog = new CatalogStore(database.jdbi(), clock);
        this.cards = new CardMarket(
                catalog, new CardPriceStore(database.jdbi()), new CardCache(redis), cardSources(config, clock), clock);
        this.publisher = new DeltaPublisher(store, new MarketDeltaStream(redis), deltas -> {
            feedCatalog(deltas);
            feedCardPrices(deltas);
            watchers.accept(deltas);
        });
        this.cache = new MarketCache(redis);
        this.ingest = new MarketIngest(store, cache, new PendingPages(redis), publisher::wake);
        this.collector = new MarketCollector(ingest, clock);
        this.runner = runWatches != WatchMode.NONE
                ? Optional.of(new WatchRunner(
                        sources(), watches, new WatchLeases(redis, node(), Duration.ofSeconds(30)), collector, clock))
                : Optional.empty();
        this.upkeep = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "gavel-market-upkeep");
            t.setDaemon(true);
            return t;
        });
    }

    /** Which watches this runtime polls. */
    public enum WatchMode {
        /** None: batch runs and pool commands. */
        NONE,
        /** Only those handed to {@code runner().run(…)} ({@code gavel market watch}). */
        GIVEN,
        /** Every active watch stored, picking up new ones ({@code serve}). */
        ALL
    }

    /** Starts market watch; {@code runWatches} says which stored watches start polling. */
    public static MarketRuntime start(
            GavelConfig.Market config,
            Database database,
            Redis redis,
            Secret secretKey,
            Clock clock,
            WatchMode runWatches,
            Consumer<List<dev.gavel.market.listing.ListingDelta>> watchers) {
        var runtime = new MarketRuntime(config, database, redis, secretKey, clock, runWatches, watchers);
        runtime.publisher.publishPending();
        runtime.publisher.start();
        runtime.ingest.drainPending();
        runtime.upkeep.scheduleWithFixedDelay(runtime::drainQuietly, 2, 2, TimeUnit.SECONDS);
        runtime.m26.ifPresent(m26 -> runtime.upkeep.scheduleWithFixedDelay(
                () -> {
                    try {
                        m26.pool().sync(runtime.credentials.list(M26Settings.SOURCE));
                    } catch (RuntimeException e) {
                        LOG.debug("market: the m26 pool was not refreshed from PostgreSQL: {}", e.getMessage());
                    }
                },
                15,
                15,
                TimeUnit.SECONDS));
        if (runWatches == WatchMode.ALL) {
            runtime.runner.ifPresent(WatchRunner::start);
        }
        return runtime;
    }

    private void drainQuietly() {
        if (ingest.pendingPages() > 0) {
            ingest.drainPending();
        }
    }

    /** HTTP clients of the sources, closed with the runtime. */
    private final java.util.List<HttpClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

    private M26Source m26(GavelConfig.Market config, CredentialStore credentials, DriftAlerts drifts, Clock clock) {
        var templates = M26Templates.load(Optional.of(config.m26Templates()));
        var settings = new M26Settings(
                config.m26BaseUrl().orElseThrow().toString(),
                config.m26AccountsUrl().toString(),
                config.m26Console(),
                Optional.of(config.m26Templates()),
                new SourcePolicy.Settings(
                        config.m26RequestsPerSecond(),
                        config.m26DailyBudget(),
                        3,
                        Duration.ofMillis(250),
                        Duration.ofSeconds(30),
                        10),
                config.m26MinInterval(),
                config.requestTimeout(),
                3);
        var pool = new AuthPool(
                M26Settings.SOURCE,
                credentials.list(M26Settings.SOURCE),
                new AuthPool.Repository() {
                    @Override
                    public Credential add(Credential credential) {
                        return credentials.add(credential);
                    }

                    @Override
                    public void saveStanding(Credential credential) {
                        // best effort: a call's outcome is not worth failing the call for (PostgreSQL away)
                        try {
                            credentials.saveStanding(credential);
                        } catch (RuntimeException e) {
                            LOG.debug("market: credential {} standing not saved: {}", credential.id(), e.getMessage());
                        }
                    }
                },
                clock,
                AuthPool.DEFAULT_MINT_INTERVAL);
        var http = httpClient();
        return new M26Source(
                settings,
                templates,
                pool,
                new DriftMonitor(3, clock),
                alert -> {
                    var detail = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                    detail.put("consecutive", alert.consecutive());
                    alert.reasons().forEach(detail.putArray("reasons")::add);
                    drifts.raise(alert.source(), "all", String.join("; ", alert.reasons()), detail);
                },
                http,
                clock);
    }

    /** This process's name in leases: host and process id, unique per running node. */
    private static String node() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "node";
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + Long.toHexString(System.nanoTime());
    }

    /**
     * Market watch's scheduled jobs, for {@code serve} and {@code demo}: {@code price-partitions} daily (at
     * start the runtime makes them too, so a node with jobs off still has this month's).
     */
    public void registerJobs(Jobs jobs) {
        jobs.register(
                "price-partitions",
                "Makes the monthly price-history partitions for this month and the next " + PARTITIONS_AHEAD
                        + ", moving rows out of the default partition",
                JobSchedule.dailyAt(LocalTime.of(3, 0)),
                ctx -> {
                    List<String> made = partitions.ensureAhead(clock, PARTITIONS_AHEAD);
                    return JobResult.of(
                            made.size(),
                            made.isEmpty()
                                    ? "every partition up to " + PARTITIONS_AHEAD + " months ahead was there"
                                    : "made " + String.join(", ", made));
                });
        registerCardJobs(jobs);
    }

    /** Cards the hourly job refreshes: the most looked-at (and alerted) ones, or all of a small catalog. */
    public static final int POPULAR_CARDS = 500;

    /** Raw card quotes are kept this many months; their hourly and daily bars stay. */
    public static final int RAW_PRICE_MONTHS = 13;

    private void registerCardJobs(Jobs jobs) {
        if (cards.sources().isEmpty()) {
            return;
        }
        jobs.register(
                "card-prices-hourly",
                "Fetches current prices of the popular cards (the " + POPULAR_CARDS
                        + " most looked at and those with alerts) from every card source",
                JobSchedule.every(Duration.ofHours(1)),
                ctx -> cardRuns((source, game) -> {
                    long all = catalog.count(game);
                    Optional<java.util.Collection<Long>> items =
                            all <= POPULAR_CARDS ? Optional.empty() : Optional.of(popular(game));
                    return cards.refreshPrices(source, game, items, run -> {});
                }));
        jobs.register(
                "card-catalog-daily",
                "Reads every card source's whole catalog (new sets and cards, the prices catalogs carry) and then"
                        + " the current prices of every card",
                JobSchedule.dailyAt(LocalTime.of(4, 0)),
                ctx -> cardRuns((source, game) -> {
                    var synced = cards.syncCatalog(source, game, run -> {});
                    if (synced.failure().isPresent()) {
                        return synced;
                    }
                    var priced = cards.refreshPrices(source, game, Optional.empty(), run -> {});
                    return new CardMarket.Run(
                            source.id(),
                            game,
                            synced.calls() + priced.calls(),
                            synced.entries(),
                            synced.quotes() + priced.quotes(),
                            synced.stored() + priced.stored(),
                            synced.rejected() + priced.rejected(),
                            synced.unknown() + priced.unknown(),
                            priced.failure());
                }));
        jobs.register(
                "price-cleanup-weekly",
                "Drops raw card quotes older than " + RAW_PRICE_MONTHS
                        + " months (their hourly and daily bars stay, so history keeps its shape)",
                JobSchedule.cron("0 0 5 * * SUN"),
                ctx -> {
                    var cutoff = java.time.YearMonth.now(clock.withZone(java.time.ZoneOffset.UTC))
                            .minusMonths(RAW_PRICE_MONTHS);
                    var dropped = partitions.dropBefore("card_prices", cutoff);
                    return JobResult.of(
                            dropped.size(),
                            dropped.isEmpty()
                                    ? "no raw card prices older than " + cutoff
                                    : "dropped " + String.join(", ", dropped));
                });
    }

    /**
     * The cards of {@code game} the hourly job refreshes: those with alerts and the most looked at, topped up
     * with the first of the catalog while fewer than {@link #POPULAR_CARDS} have been looked at.
     */
    private java.util.Collection<Long> popular(dev.gavel.market.catalog.Game game) {
        var picked = new java.util.LinkedHashSet<>(cards.popular(POPULAR_CARDS, alerted.get()));
        if (picked.size() < POPULAR_CARDS) {
            picked.addAll(catalog.first(game, POPULAR_CARDS - picked.size()));
        }
        return picked;
    }

    /** The cards with armed alerts, which the hourly job always refreshes; none until alerts are wired. */
    private volatile java.util.function.Supplier<java.util.Collection<Long>> alerted = List::of;

    /** Tells the hourly price job which cards have armed alerts. */
    public void alertedCards(java.util.function.Supplier<java.util.Collection<Long>> supplier) {
        this.alerted = supplier;
    }

    /** Runs {@code run} for every card source and each of its games; fails the job if any run stopped early. */
    private JobResult cardRuns(
            java.util.function.BiFunction<
                            dev.gavel.market.source.CardSource, dev.gavel.market.catalog.Game, CardMarket.Run>
                    run) {
        var summaries = new java.util.ArrayList<String>();
        var failures = new java.util.ArrayList<String>();
        long stored = 0;
        for (var source : cards.sources().values()) {
            for (var game : source.games()) {
                var done = run.apply(source, game);
                stored += done.stored();
                summaries.add(done.summary());
                done.failure().ifPresent(f -> failures.add(done.source() + " " + game.id() + ": " + f));
            }
        }
        if (!failures.isEmpty()) {
            throw new JobFailed(String.join("; ", failures) + " (" + String.join(" | ", summaries) + ")");
        }
        return JobResult.of(stored, String.join(" | ", summaries));
    }

    public Map<String, MarketSource> sources() {
        var out = new LinkedHashMap<String, MarketSource>();
        m26.ifPresent(s -> out.put(s.id(), s));
        ebay.ifPresent(s -> out.put(s.id(), s));
        return out;
    }

    public Optional<M26Source> m26() {
        return m26;
    }

    /** Why the m26 source is off although configured (broken templates), if it is. */
    public Optional<String> m26Problem() {
        return m26Problem;
    }

    public GavelConfig.Market config() {
        return config;
    }

    public MarketStore store() {
        return store;
    }

    public WatchStore watches() {
        return watches;
    }

    public CredentialStore credentials() {
        return credentials;
    }

    public CatalogStore catalog() {
        return catalog;
    }

    /** The card side: catalog and price sources, price history, cached reads. */
    public CardMarket cards() {
        return cards;
    }

    /** The card catalog and price sources configured. */
    private Map<String, dev.gavel.market.source.CardSource> cardSources(GavelConfig.Market config, Clock clock) {
        var cardsConfig = config.cards();
        var out = new LinkedHashMap<String, dev.gavel.market.source.CardSource>();
        if (cardsConfig.tcgplayer()) {
            var settings = new TcgplayerSettings(
                    cardsConfig.tcgplayerBaseUrl().map(Object::toString).orElse(TcgplayerSettings.DEFAULT_BASE_URL),
                    cardsConfig.tcgplayerClientId().orElseThrow(),
                    cardsConfig.tcgplayerClientSecret().orElseThrow(),
                    new SourcePolicy.Settings(4, 200_000, 3, Duration.ofMillis(250), Duration.ofSeconds(30), 10),
                    config.requestTimeout());
            out.put(TcgplayerSettings.SOURCE, new TcgplayerSource(settings, httpClient(), clock));
        }
        if (cardsConfig.pokemontcg()) {
            var settings = PokemonTcgSettings.of(
                    cardsConfig.pokemontcgBaseUrl().map(Object::toString).orElse(POKEMONTCG_URL),
                    cardsConfig.pokemontcgApiKey());
            out.put(PokemonTcgSettings.SOURCE, new PokemonTcgSource(settings, httpClient(), clock));
        }
        if (cardsConfig.optcg()) {
            var settings = new OptcgSettings(
                    cardsConfig.optcgBaseUrl().orElseThrow().toString(),
                    new SourcePolicy.Settings(1, 5_000, 3, Duration.ofMillis(250), Duration.ofSeconds(30), 10),
                    config.requestTimeout());
            out.put(OptcgSettings.SOURCE, new OptcgSource(settings, httpClient(), clock));
        }
        return out;
    }

    private HttpClient httpClient() {
        var http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        clients.add(http);
        return http;
    }

    /**
     * Listings become card prices too: an M26 item's bids and buy-now prices join its history under
     * {@code m26}, and listings of a watch about one catalog card (an eBay search with {@code card=<id>})
     * join that card's. Best effort: the listings and their price points are already committed.
     */
    private void feedCardPrices(List<dev.gavel.market.listing.ListingDelta> deltas) {
        var bySource = new LinkedHashMap<String, List<dev.gavel.market.price.PriceQuote>>();
        for (var d : deltas) {
            var l = d.listing();
            String catalogSource = l.source().equals(M26Settings.SOURCE) ? M26Settings.SOURCE : CardPriceStore.CATALOG;
            for (var p : dev.gavel.market.listing.PricePoint.of(d)) {
                bySource.computeIfAbsent(catalogSource, k -> new java.util.ArrayList<>())
                        .add(new dev.gavel.market.price.PriceQuote(
                                p.source(), p.itemId(), "", "", p.kind(), p.amount(), p.currency(), p.observedAt()));
            }
        }
        bySource.forEach((catalogSource, quotes) -> {
            try {
                cards.record(catalogSource, quotes);
            } catch (RuntimeException e) {
                LOG.debug("market: listing prices not added to card history: {}", e.getMessage());
            }
        });
    }

    /**
     * M26 items join the catalog as game {@code m26} the first time a listing of them is seen (their card id
     * is the external id), so Madden players are searched like cards. Best effort: the catalog is derived.
     */
    private void feedCatalog(List<dev.gavel.market.listing.ListingDelta> deltas) {
        var seen = new java.util.LinkedHashMap<String, dev.gavel.market.catalog.CatalogEntry>();
        for (var d : deltas) {
            var l = d.listing();
            if (d.kind() == dev.gavel.market.listing.DeltaKind.NEW
                    && l.source().equals(M26Settings.SOURCE)
                    && !l.itemName().isBlank()) {
                seen.putIfAbsent(
                        l.itemId(),
                        dev.gavel.market.catalog.CatalogEntry.of(
                                dev.gavel.market.catalog.Game.M26, M26Settings.SOURCE, l.itemId(), l.itemName()));
            }
        }
        if (seen.isEmpty()) {
            return;
        }
        try {
            catalog.upsertAll(List.copyOf(seen.values()));
        } catch (RuntimeException e) {
            LOG.debug("market: m26 items not added to the catalog: {}", e.getMessage());
        }
    }

    public MarketCache cache() {
        return cache;
    }

    public MarketCollector collector() {
        return collector;
    }

    public MarketIngest ingest() {
        return ingest;
    }

    public Optional<WatchRunner> runner() {
        return runner;
    }

    /** What a new watch came to. */
    public sealed interface WatchCreation {
        record Created(Watch watch) implements WatchCreation {}

        record Refused(String code, String message, Map<String, String> problems) implements WatchCreation {}
    }

    /** Checks and stores a watch, and starts it when this runtime runs watches. */
    public WatchCreation createWatch(String source, Map<String, String> query, Duration interval) {
        MarketSource s = sources().get(source);
        if (s == null) {
            return new WatchCreation.Refused(
                    "unknown_source",
                    "no source '" + source + "' is configured; configured: "
                            + sources().keySet(),
                    Map.of());
        }
        var problems = s.queryProblems(query);
        if (!problems.isEmpty()) {
            return new WatchCreation.Refused("invalid_query", problems.size() + " problem(s) in the query", problems);
        }
        if (interval.compareTo(s.minimumInterval()) < 0) {
            return new WatchCreation.Refused(
                    "interval_too_short",
                    source + " watches poll at most every "
                            + s.minimumInterval().toMillis() / 1000.0 + " s",
                    Map.of(
                            "intervalSeconds",
                            "must be at least " + s.minimumInterval().toMillis() / 1000.0));
        }
        Watch w = watches.create(source, query, interval);
        runner.ifPresent(r -> r.run(w));
        return new WatchCreation.Created(w);
    }

    public boolean stopWatch(long id) {
        runner.ifPresent(r -> r.stop(id));
        return watches.stop(id);
    }

    /** What an import brought in. */
    public record Imported(int credentials, List<String> templates, List<String> notes) {}

    /**
     * Rebuilds the m26 pool and templates from captures. Everything is checked first (each capture, then the
     * templates it yields together with those already in the folder); only then is the pool replaced in one
     * transaction and the template files moved into place. A bad capture changes nothing.
     */
    public static Imported importHar(
            List<M26HarImport.Capture> captures, CredentialStore credentials, Path templatesDir) {
        M26HarImport.Result result = M26HarImport.read(captures);
        Path staging;
        try {
            Files.createDirectories(templatesDir);
            staging = Files.createTempDirectory(templatesDir, ".import-");
        } catch (IOException e) {
            throw new TemplateException(
                    new TemplateProblem(templatesDir.toString(), "", "cannot be written: " + e.getMessage()));
        }
        try {
            for (String name : M26Templates.FILES) {
                Path existing = templatesDir.resolve(name);
                if (Files.isRegularFile(existing)) {
                    Files.copy(existing, staging.resolve(name));
                }
            }
            for (var t : result.templates().entrySet()) {
                Files.writeString(staging.resolve(t.getKey()), t.getValue());
            }
            M26Templates.load(Optional.of(staging));
            // the files first (each kept aside), then the pool in one transaction; if the pool fails, the
            // files go back, so an import lands whole or not at all
            var moved = new ArrayList<String>();
            var putBack = new java.util.LinkedHashMap<Path, Optional<Path>>();
            try {
                for (String name : result.templates().keySet()) {
                    Path target = templatesDir.resolve(name);
                    Optional<Path> kept = Optional.empty();
                    if (Files.exists(target)) {
                        kept = Optional.of(Files.move(
                                target, staging.resolve(name + ".previous"), StandardCopyOption.ATOMIC_MOVE));
                    }
                    putBack.put(target, kept);
                    Files.move(staging.resolve(name), target, StandardCopyOption.ATOMIC_MOVE);
                    moved.add(target.toString());
                }
                credentials.replacePool(M26Settings.SOURCE, result.credentials());
            } catch (IOException | RuntimeException e) {
                for (var back : putBack.entrySet()) {
                    try {
                        if (back.getValue().isPresent()) {
                            Files.move(
                                    back.getValue().get(),
                                    back.getKey(),
                                    StandardCopyOption.REPLACE_EXISTING,
                                    StandardCopyOption.ATOMIC_MOVE);
                        } else {
                            Files.deleteIfExists(back.getKey());
                        }
                    } catch (IOException restore) {
                        LOG.error("import: {} could not be put back: {}", back.getKey(), restore.getMessage());
                    }
                }
                throw e;
            }
            return new Imported(result.credentials().size(), moved, result.notes());
        } catch (IOException e) {
            throw new TemplateException(
                    new TemplateProblem(templatesDir.toString(), "", "cannot be written: " + e.getMessage()));
        } finally {
            deleteQuietly(staging);
        }
    }

    /** {@link #importHar(List, CredentialStore, Path)}, then the running m26 source takes the new pool and templates. */
    public Imported importHar(List<M26HarImport.Capture> captures) {
        Imported imported = importHar(captures, credentials, config.m26Templates());
        m26.ifPresent(s -> {
            s.pool().replaceAll(credentials.list(M26Settings.SOURCE));
            s.useTemplates(M26Templates.load(Optional.of(config.m26Templates())));
        });
        return imported;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.debug("import staging {} not removed: {}", dir, e.getMessage());
        }
    }

    @Override
    public void close() {
        runner.ifPresent(WatchRunner::close);
        upkeep.shutdownNow();
        publisher.close();
        clients.forEach(HttpClient::close);
    }
}
