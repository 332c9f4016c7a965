package dev.gavel.server;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.gavel.core.time.AcceleratedClock;
import dev.gavel.server.auction.AuctionFeed;
import dev.gavel.server.auction.AuctionHouse;
import dev.gavel.server.auction.AuctionRoutes;
import dev.gavel.server.auction.BidderEligibility;
import dev.gavel.server.auction.BidderRoutes;
import dev.gavel.server.auction.Bidders;
import dev.gavel.server.auction.CampaignRoutes;
import dev.gavel.server.auction.CommitNotices;
import dev.gavel.server.auction.EventJson;
import dev.gavel.server.auction.IntakeConsumer;
import dev.gavel.server.auction.SequencerSettings;
import dev.gavel.server.auth.Accounts;
import dev.gavel.server.auth.ApiKeys;
import dev.gavel.server.auth.AuthRoutes;
import dev.gavel.server.auth.Authenticator;
import dev.gavel.server.auth.Keys;
import dev.gavel.server.auth.PasswordHasher;
import dev.gavel.server.auth.Tokens;
import dev.gavel.server.auth.UserRoutes;
import dev.gavel.server.chain.ChainHealth;
import dev.gavel.server.chain.ChainRoutes;
import dev.gavel.server.chain.ChainRuntime;
import dev.gavel.server.chain.ChainViews;
import dev.gavel.server.chain.SettlementRoutes;
import dev.gavel.server.config.GavelConfig;
import dev.gavel.server.config.SecretKeyFile;
import dev.gavel.server.health.CircuitBreakerHealth;
import dev.gavel.server.health.Health;
import dev.gavel.server.health.HealthCheck;
import dev.gavel.server.health.HealthRoutes;
import dev.gavel.server.health.PostgresHealth;
import dev.gavel.server.health.RedisHealth;
import dev.gavel.server.http.Bodies;
import dev.gavel.server.http.HttpApi;
import dev.gavel.server.http.HttpMetrics;
import dev.gavel.server.http.Json;
import dev.gavel.server.identity.IdentityRoutes;
import dev.gavel.server.identity.WalletLinking;
import dev.gavel.server.jobs.JobRoutes;
import dev.gavel.server.jobs.Jobs;
import dev.gavel.server.market.CatalogRoutes;
import dev.gavel.server.market.MarketMetrics;
import dev.gavel.server.market.MarketRoutes;
import dev.gavel.server.market.MarketRuntime;
import dev.gavel.server.market.MarketSocket;
import dev.gavel.server.market.PriceRoutes;
import dev.gavel.server.market.alerts.Alerting;
import dev.gavel.server.stream.AssetLibrary;
import dev.gavel.server.stream.StreamHealth;
import dev.gavel.server.stream.StreamLive;
import dev.gavel.server.stream.StreamRoutes;
import dev.gavel.server.stream.StreamRuntime;
import dev.gavel.server.x.XAccounts;
import dev.gavel.server.x.XAnnouncer;
import dev.gavel.server.x.XBidChannel;
import dev.gavel.server.x.XLinkChannel;
import dev.gavel.server.x.XNotices;
import dev.gavel.server.x.XReplySender;
import dev.gavel.server.x.XRoutes;
import dev.gavel.social.x.XClient;
import dev.gavel.social.x.XSettings;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.Redis;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.auction.CampaignStore;
import dev.gavel.store.audit.AuditLog;
import dev.gavel.store.chain.ChainStore;
import dev.gavel.store.chain.NftStore;
import dev.gavel.store.chain.PaymentWaits;
import dev.gavel.store.chain.SettlementStore;
import dev.gavel.store.identity.IdentityStore;
import dev.gavel.store.jobs.JobRunStore;
import dev.gavel.store.live.AuctionLeases;
import dev.gavel.store.live.BidIntakeStream;
import dev.gavel.store.live.BidRateLimiter;
import dev.gavel.store.live.EventStream;
import dev.gavel.store.live.LiveView;
import dev.gavel.store.market.AlertEventChannel;
import dev.gavel.store.stream.StreamStore;
import dev.gavel.store.users.UserStore;
import dev.gavel.store.x.XCheckpoints;
import dev.gavel.store.x.XOutbox;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Gavel: storage connected and migrated, the first owner in place, the HTTP API listening.
 * Everything is wired here by hand. {@link #close()} stops it in reverse order.
 */
public final class GavelServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GavelServer.class);

    private final Javalin app;
    private final Deque<AutoCloseable> resources;
    private final AuctionHouse house;

    private GavelServer(Javalin app, Deque<AutoCloseable> resources, AuctionHouse house) {
        this.app = app;
        this.resources = resources;
        this.house = house;
    }

    public AuctionHouse auctionHouse() {
        return house;
    }

    /**
     * Starts Gavel against the PostgreSQL and Redis the configuration names (the CLI fills in embedded
     * ones before this).
     */
    public static GavelServer start(GavelConfig config, Clock clock) {
        String dbUrl =
                config.database().url().orElseThrow(() -> new IllegalStateException("no database URL to start with"));
        String redisUrl = config.redisUrl().orElseThrow(() -> new IllegalStateException("no Redis URL to start with"));
        var resources = new ArrayDeque<AutoCloseable>();
        try {
            var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.config().commonTags("application", "gavel");
            new ClassLoaderMetrics().bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            var gc = new JvmGcMetrics();
            gc.bindTo(registry);
            resources.push(gc);
            new JvmThreadMetrics().bindTo(registry);
            new JvmInfoMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            resources.push(registry::close);

            var db = config.database();
            var database = Database.open(
                    new DatabaseSettings(dbUrl, db.user(), db.password(), db.poolSize(), Duration.ofSeconds(5)),
                    hikari -> hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry)));
            resources.push(database);
            database.migrate();
            var redis = Redis.connect(redisUrl, Duration.ofSeconds(2));
            resources.push(redis);

            var users = new UserStore(database.jdbi());
            var accounts = new Accounts(users, PasswordHasher.standard(), clock);
            config.owner()
                    .ifPresent(owner ->
                            accounts.ensureOwner(owner.email(), owner.password().reveal()));
            var secret = config.auth().secretKey().orElseGet(() -> SecretKeyFile.loadOrCreate(config.home()));
            var tokens = new Tokens(
                    Keys.derive(secret, "jwt-hs256-v1"), config.auth().tokenTtl(), clock);
            var apiKeys = new ApiKeys(users, clock);
            var authenticator = new Authenticator(tokens, apiKeys);

            var mapper = Json.mapper();
            var bodies = new Bodies(mapper, config.http().maxBodyBytes());

            var auctionStore = new AuctionStore(database);
            var bidderStore = new BidderStore(database);
            String node = nodeName();
            var leases = new AuctionLeases(redis, node, Duration.ofSeconds(15));
            var auctionClock = AcceleratedClock.of(clock, config.clockSpeed());
            if (config.clockSpeed() != 1.0) {
                LOG.warn(
                        "auction time runs {}x faster than real time (GAVEL_CLOCK_SPEED): for demos and rehearsals only",
                        config.clockSpeed());
            }
            var bidders = new Bidders(bidderStore, auctionClock);
            var xConfig = config.x();
            var outbox = new XOutbox(database);
            var audit = new AuditLog(database);
            var identities = new IdentityStore(database);
            var linking = new WalletLinking(identities, config.identity(), auctionClock);
            // Only bids from X are rate-limited here, so the limiter's Redis connection opens only with X on.
            Predicate<UUID> bidRate = bidder -> true;
            if (xConfig.enabled()) {
                var rateLimiter = new BidRateLimiter(
                        redis, xConfig.bidRate().bids(), xConfig.bidRate().per());
                resources.push(rateLimiter);
                bidRate = withinRate(rateLimiter);
            }
            var house = new AuctionHouse(
                    auctionStore,
                    bidderStore,
                    leases,
                    new LiveView(redis),
                    new BidderEligibility(bidderStore, auctionClock, xConfig.minAccountAge(), bidRate),
                    auctionClock,
                    new SequencerSettings(2_000, Duration.ofSeconds(15), config.clockSpeed()),
                    xConfig.enabled() ? new XNotices(bidders, auctionClock) : CommitNotices.NONE);
            var checks = new ArrayList<HealthCheck>(List.of(new PostgresHealth(database), new RedisHealth(redis)));
            var chainStore = new ChainStore(database);
            var nftStore = new NftStore(database);
            var settlementStore = new SettlementStore(database);
            Optional<ChainRuntime> chain = Optional.empty();
            if (config.chain().enabled()) {
                var runtime = ChainRuntime.start(
                        config.chain(),
                        config.identity().chainId(),
                        chainStore,
                        bidderStore,
                        house,
                        new PaymentWaits(database),
                        new BidIntakeStream(redis),
                        nftStore,
                        settlementStore,
                        house::fundsChanged,
                        registry,
                        clock);
                resources.push(runtime);
                checks.add(new ChainHealth(runtime.eth(), runtime.chainId()));
                chain = Optional.of(runtime);
            }
            final Optional<ChainRuntime> chainRuntime = chain;
            if (xConfig.enabled()) {
                startX(
                        config,
                        database,
                        redis,
                        auctionStore,
                        bidderStore,
                        outbox,
                        identities,
                        linking,
                        auctionClock,
                        registry,
                        checks,
                        resources,
                        chainRuntime);
            }
            // the livestream: what it shows comes from the house; its words from the host's posts on X
            var streamStore = new StreamStore(database);
            var assetLibrary = openAssets(streamStore, config.home().resolve("assets"), clock);
            Function<UUID, Optional<String>> hostWords = xConfig.enabled()
                    ? auction -> outbox.recent(Optional.of(auction), 5).stream()
                            .filter(item -> item.sentAt()
                                    .map(at -> at.isAfter(auctionClock.instant().minus(HOST_WORDS_SHOWN)))
                                    .orElse(false))
                            .map(item -> item.entry().text())
                            .findFirst()
                    : auction -> Optional.empty();
            var streamLive = new StreamLive(auctionStore, house, bidders, hostWords, auctionClock);
            house.addListener(streamLive);
            resources.push(streamLive);
            var streamRuntime = StreamRuntime.start(
                    config.stream(), config.home(), streamStore, assetLibrary, streamLive, registry, auctionClock);
            resources.push(streamRuntime);
            checks.add(new StreamHealth(streamRuntime));
            var streamRoutes = new StreamRoutes(
                    streamRuntime,
                    assetLibrary,
                    streamStore,
                    mapper,
                    config.http().maxBodyBytes());
            resources.push(streamRoutes);
            var marketSocket = new MarketSocket(mapper, authenticator, apiKeys::live, clock).start();
            resources.push(marketSocket);
            apiKeys.onRevoked(marketSocket::revoked);
            var market = MarketRuntime.start(
                    config.market(),
                    database,
                    redis,
                    secret,
                    clock,
                    MarketRuntime.WatchMode.ALL,
                    marketSocket::broadcast);
            resources.push(market);
            var marketRoutes = new MarketRoutes(market, mapper);
            market.m26()
                    .ifPresent(m26 -> checks.add(
                            new CircuitBreakerHealth("m26", m26.policy().circuitBreaker())));
            MarketMetrics.bind(market, registry);
            var priceRoutes = new PriceRoutes(market.cards(), mapper, bodies);
            var alerting = Alerting.start(
                    config.market().alerts(),
                    database,
                    new AlertEventChannel(redis),
                    node,
                    marketSocket,
                    secret,
                    mapper,
                    clock);
            resources.push(alerting);
            market.cards().onPrices(alerting::evaluate);
            market.alertedCards(alerting.store()::armedItems);
            // scheduled jobs: register them here (or in a runtime's registerJobs) before jobs.start()
            var jobs = new Jobs(
                    database.dataSource(),
                    new JobRunStore(database.jdbi()),
                    registry,
                    Jobs.Settings.of(config.jobs(), node),
                    Clock.systemUTC());
            market.registerJobs(jobs);
            jobs.start();
            resources.push(jobs);
            var health = new Health(checks, Duration.ofSeconds(3), registry);
            var eventJson = new EventJson(bidders);
            var eventStream = new EventStream(redis);
            house.addBatchListener(events -> eventStream.publishAll(events.stream()
                    .map(e -> new EventStream.Event(
                            EventJson.type(e), e.state().id().toString(), json(mapper, eventJson.body(e))))
                    .toList()));
            resources.push(eventStream);
            resources.push(house);
            var intake = new BidIntakeStream(redis);
            house.start();
            var consumer =
                    new IntakeConsumer(intake, redis, house, node, auctionClock, Duration.ofSeconds(30), registry);
            consumer.start();
            resources.push(consumer);
            var chainViews = new ChainViews(nftStore, settlementStore);
            var auctionRoutes = new AuctionRoutes(
                    house,
                    auctionStore,
                    bidders,
                    intake,
                    bodies,
                    mapper,
                    auctionClock,
                    Duration.ofSeconds(10),
                    chainViews::of);
            var feed = new AuctionFeed(house, mapper, eventJson, 15);
            house.addListener(feed);
            resources.push(feed);

            List<HttpApi.Routes> modules = List.of(
                    new HealthRoutes(health, registry)::register,
                    new AuthRoutes(accounts, tokens, apiKeys, bodies)::register,
                    new UserRoutes(accounts, users, bodies)::register,
                    auctionRoutes::register,
                    new CampaignRoutes(
                            new CampaignStore(database, auctionStore),
                            auctionStore,
                            house,
                            auctionRoutes,
                            bodies,
                            mapper,
                            auctionClock)::register,
                    new BidderRoutes(
                            bidders,
                            bidderStore,
                            auctionStore,
                            house,
                            bodies,
                            audit,
                            auctionClock,
                            chainStore,
                            () -> chainRuntime.map(ChainRuntime::head).orElse(OptionalLong.empty()))::register,
                    new ChainRoutes(chainRuntime)::register,
                    new SettlementRoutes(chainRuntime, settlementStore, bidderStore, house, bodies)::register,
                    new IdentityRoutes(linking, identities, bidderStore, bidders, bodies)::register,
                    new XRoutes(outbox)::register,
                    streamRoutes::register,
                    marketRoutes::register,
                    marketSocket::register,
                    new CatalogRoutes(market.catalog(), market.store(), priceRoutes)::register,
                    priceRoutes::register,
                    alerting.routes(bodies)::register,
                    new JobRoutes(jobs)::register,
                    feed::register);
            var app = HttpApi.create(
                    config.http().host(),
                    config.http().port(),
                    config.http().maxBodyBytes(),
                    mapper,
                    authenticator::check,
                    new HttpMetrics(registry),
                    modules);
            app.start();
            resources.push(app::stop);
            LOG.info(
                    "Gavel is listening on http://{}:{}",
                    displayHost(config.http().host()),
                    app.port());
            return new GavelServer(app, resources, house);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /** How long the host's newest post on X stays up as the stream's caption. */
    private static final Duration HOST_WORDS_SHOWN = Duration.ofSeconds(20);

    private static AssetLibrary openAssets(StreamStore store, java.nio.file.Path dir, Clock clock) {
        try {
            return new AssetLibrary(store, dir, clock);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot use " + dir + " for stream assets: " + e.getMessage(), e);
        }
    }

    /**
     * Bidding on X: the bid channel (search), the linking channel (mentions), the announcer, and — with a user
     * token and the host's user id — the sender that posts replies and announcements.
     */
    private static void startX(
            GavelConfig config,
            Database database,
            Redis redis,
            AuctionStore auctionStore,
            BidderStore bidderStore,
            XOutbox outbox,
            IdentityStore identities,
            WalletLinking linking,
            Clock auctionClock,
            PrometheusMeterRegistry registry,
            List<HealthCheck> checks,
            Deque<AutoCloseable> resources,
            Optional<ChainRuntime> chain) {
        var xConfig = config.x();
        var breakers = CircuitBreakerRegistry.ofDefaults();
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        var xClient = XClient.create(
                XSettings.of(xConfig.baseUrl(), xConfig.bearerToken().get(), xConfig.userToken()), breakers);
        var xAccounts = new XAccounts(bidderStore, auctionClock);
        var checkpoints = new XCheckpoints(database);
        var channel = new XBidChannel(
                xClient,
                auctionStore,
                xAccounts,
                outbox,
                new BidIntakeStream(redis),
                checkpoints,
                auctionClock,
                xConfig.pollInterval(),
                xConfig.hostUserId(),
                chain.map(ChainRuntime::paidBids));
        channel.start();
        resources.push(channel);
        var announcer = new XAnnouncer(auctionStore, outbox, auctionClock, xConfig.teaserLead());
        announcer.start(Duration.ofSeconds(1));
        resources.push(announcer);
        checks.add(new CircuitBreakerHealth("x", xClient.circuitBreaker()));
        LOG.info("bidding on X: polling {} every {}", xConfig.baseUrl(), xConfig.pollInterval());
        if (xConfig.hostUserId().isEmpty()) {
            LOG.warn("GAVEL_X_HOST_USER_ID is not set: wallet links by reply are off, and nothing is posted to X");
            return;
        }
        var links = new XLinkChannel(
                xClient,
                xConfig.hostUserId().get(),
                xAccounts,
                linking,
                identities,
                outbox,
                checkpoints,
                config.identity().publicUrl(),
                auctionClock,
                xConfig.pollInterval());
        links.start();
        resources.push(links);
        if (xConfig.userToken().isEmpty()) {
            LOG.warn("GAVEL_X_USER_TOKEN is not set: replies and announcements wait in the outbox until it is");
            return;
        }
        var sender = new XReplySender(
                xClient, outbox, xConfig.hostUserId().get(), auctionClock, Duration.ofMillis(250), registry);
        sender.start();
        resources.push(sender);
    }

    /** A bid-rate check that lets bids through, with a warning, when Redis cannot answer. */
    private static Predicate<UUID> withinRate(BidRateLimiter limiter) {
        return bidder -> {
            try {
                return limiter.tryBid(bidder);
            } catch (RuntimeException e) {
                LOG.warn("the bid rate limit could not be checked ({}); letting the bid through", e.getMessage());
                return true;
            }
        };
    }

    public int port() {
        return app.port();
    }

    /** The base URL a browser on this machine would use. */
    public String url() {
        return "http://localhost:" + port();
    }

    @Override
    public void close() {
        closeAll(resources);
        LOG.info("Gavel stopped");
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.getMessage());
            }
        }
    }

    private static String nodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "gavel";
        }
        return host + "-" + Long.toHexString(ProcessHandle.current().pid()) + "-"
                + UUID.randomUUID().toString().substring(0, 6);
    }

    private static String json(com.fasterxml.jackson.databind.ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String displayHost(String host) {
        return host.equals("0.0.0.0") ? "localhost" : host;
    }
}
