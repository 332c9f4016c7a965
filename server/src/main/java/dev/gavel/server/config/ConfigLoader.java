package dev.gavel.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gavel.core.Secret;
import dev.gavel.stream.encode.Output;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@code gavel.yaml} (when given) and the environment, in that order of precedence reversed:
 * an environment variable beats the file, the file beats the default. Secrets are taken from the
 * environment only (or a file it names) and are never echoed back in a message.
 */
public final class ConfigLoader {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

    /** A key known to Gavel: its name in gavel.yaml (null for environment-only) and in the environment. */
    private record Key(String yaml, String env, boolean secret) {
        String shownName(Source source) {
            return source == Source.FILE ? yaml + " (gavel.yaml)" : env;
        }
    }

    private enum Source {
        ENV,
        FILE,
        DEFAULT
    }

    private record Raw(String value, Source source) {}

    private static final Key HOME = new Key("home", "GAVEL_HOME", false);
    private static final Key HTTP_HOST = new Key("http.host", "GAVEL_HTTP_HOST", false);
    private static final Key HTTP_PORT = new Key("http.port", "GAVEL_HTTP_PORT", false);
    private static final Key HTTP_MAX_BODY = new Key("http.maxBodyBytes", "GAVEL_HTTP_MAX_BODY_BYTES", false);
    private static final Key DB_URL = new Key("db.url", "GAVEL_DB_URL", false);
    private static final Key DB_USER = new Key("db.user", "GAVEL_DB_USER", false);
    private static final Key DB_PASSWORD = new Key(null, "GAVEL_DB_PASSWORD", true);
    private static final Key DB_POOL = new Key("db.poolSize", "GAVEL_DB_POOL_SIZE", false);
    private static final Key REDIS_URL = new Key("redis.url", "GAVEL_REDIS_URL", false);
    private static final Key SECRET_KEY = new Key(null, "GAVEL_SECRET_KEY", true);
    private static final Key SECRET_KEY_FILE = new Key(null, "GAVEL_SECRET_KEY_FILE", false);
    private static final Key TOKEN_TTL = new Key("auth.tokenTtl", "GAVEL_TOKEN_TTL", false);
    private static final Key OWNER_EMAIL = new Key("owner.email", "GAVEL_OWNER_EMAIL", false);
    private static final Key OWNER_PASSWORD = new Key(null, "GAVEL_OWNER_PASSWORD", true);
    private static final Key LOG_FORMAT = new Key(null, "GAVEL_LOG_FORMAT", false);
    private static final Key CLOCK_SPEED = new Key("clockSpeed", "GAVEL_CLOCK_SPEED", false);
    private static final Key X_BASE_URL = new Key("x.apiBaseUrl", "GAVEL_X_API_BASE_URL", false);
    private static final Key X_BEARER = new Key(null, "GAVEL_X_BEARER_TOKEN", true);
    private static final Key X_USER_TOKEN = new Key(null, "GAVEL_X_USER_TOKEN", true);
    private static final Key X_HOST_USER = new Key("x.hostUserId", "GAVEL_X_HOST_USER_ID", false);
    private static final Key X_POLL = new Key("x.pollInterval", "GAVEL_X_POLL_INTERVAL", false);
    private static final Key X_MIN_AGE = new Key("x.minAccountAge", "GAVEL_X_MIN_ACCOUNT_AGE", false);
    private static final Key X_TEASER_LEAD = new Key("x.teaserLead", "GAVEL_X_TEASER_LEAD", false);
    private static final Key BID_RATE = new Key("bids.rateLimit", "GAVEL_BID_RATE_LIMIT", false);
    private static final Key PUBLIC_URL = new Key("http.publicUrl", "GAVEL_PUBLIC_URL", false);
    private static final Key CHAIN_ID = new Key("chain.id", "GAVEL_CHAIN_ID", false);
    private static final Key NONCE_TTL = new Key("identity.nonceTtl", "GAVEL_IDENTITY_NONCE_TTL", false);
    private static final Key CHAIN_RPC_URLS = new Key("chain.rpcUrls", "GAVEL_CHAIN_RPC_URLS", false);
    private static final Key CHAIN_CONFIRMATIONS = new Key("chain.confirmations", "GAVEL_CHAIN_CONFIRMATIONS", false);
    private static final Key CHAIN_ESCROW = new Key("chain.escrow", "GAVEL_CHAIN_ESCROW", false);
    private static final Key CHAIN_TOKEN = new Key("chain.depositToken", "GAVEL_CHAIN_DEPOSIT_TOKEN", false);
    private static final Key SIGNER_KEY = new Key(null, "GAVEL_SIGNER_KEY", true);
    private static final Key CHAIN_PAYOUT = new Key("chain.payoutAddress", "GAVEL_CHAIN_PAYOUT_ADDRESS", false);
    private static final Key CHAIN_START = new Key("chain.startBlock", "GAVEL_CHAIN_START_BLOCK", false);
    private static final Key CHAIN_POLL = new Key("chain.pollInterval", "GAVEL_CHAIN_POLL_INTERVAL", false);
    private static final Key CHAIN_TX_WAIT = new Key("chain.txBidWait", "GAVEL_CHAIN_TX_BID_WAIT", false);
    private static final Key CHAIN_MAX_FEE = new Key("chain.maxFeeGwei", "GAVEL_CHAIN_MAX_FEE_GWEI", false);
    // RTMP ingest URLs carry stream keys: env only, masked in errors
    private static final Key STREAM_OUTPUTS = new Key("stream.outputs", "GAVEL_STREAM_OUTPUTS", true);
    private static final Key STREAM_SIZE = new Key("stream.size", "GAVEL_STREAM_SIZE", false);
    private static final Key STREAM_FPS = new Key("stream.fps", "GAVEL_STREAM_FPS", false);
    private static final Key STREAM_KBPS = new Key("stream.videoKbps", "GAVEL_STREAM_VIDEO_KBPS", false);
    private static final Key STREAM_AUTOSTART = new Key("stream.autostart", "GAVEL_STREAM_AUTOSTART", false);
    private static final Key FFMPEG = new Key("stream.ffmpeg", "GAVEL_FFMPEG", false);

    private static final Key M26_BASE_URL = new Key("market.m26.baseUrl", "GAVEL_M26_BASE_URL", false);
    private static final Key M26_ACCOUNTS_URL = new Key("market.m26.accountsUrl", "GAVEL_M26_ACCOUNTS_URL", false);
    private static final Key M26_CONSOLE = new Key("market.m26.console", "GAVEL_M26_CONSOLE", false);
    private static final Key M26_TEMPLATES = new Key("market.m26.templates", "GAVEL_M26_TEMPLATES", false);
    private static final Key M26_RATE = new Key("market.m26.requestsPerSecond", "GAVEL_M26_REQUESTS_PER_SECOND", false);
    private static final Key M26_BUDGET = new Key("market.m26.dailyBudget", "GAVEL_M26_DAILY_BUDGET", false);
    private static final Key M26_MIN_INTERVAL = new Key("market.m26.minInterval", "GAVEL_M26_MIN_INTERVAL", false);
    private static final Key MARKET_TIMEOUT = new Key("market.requestTimeout", "GAVEL_MARKET_REQUEST_TIMEOUT", false);
    private static final Key TCG_BASE_URL = new Key("market.tcgplayer.baseUrl", "GAVEL_TCGPLAYER_BASE_URL", false);
    private static final Key TCG_CLIENT_ID = new Key("market.tcgplayer.clientId", "GAVEL_TCGPLAYER_CLIENT_ID", false);
    private static final Key TCG_SECRET = new Key(null, "GAVEL_TCGPLAYER_CLIENT_SECRET", true);
    private static final Key POKEMONTCG_BASE_URL =
            new Key("market.pokemontcg.baseUrl", "GAVEL_POKEMONTCG_BASE_URL", false);
    private static final Key POKEMONTCG_KEY = new Key(null, "GAVEL_POKEMONTCG_API_KEY", true);
    private static final Key OPTCG_BASE_URL = new Key("market.optcg.baseUrl", "GAVEL_OPTCG_BASE_URL", false);
    private static final Key EBAY_BASE_URL = new Key("market.ebay.baseUrl", "GAVEL_EBAY_BASE_URL", false);
    private static final Key EBAY_CLIENT_ID = new Key("market.ebay.clientId", "GAVEL_EBAY_CLIENT_ID", false);
    private static final Key EBAY_SECRET = new Key(null, "GAVEL_EBAY_CLIENT_SECRET", true);
    private static final Key SMTP_HOST = new Key("alerts.smtp.host", "GAVEL_SMTP_HOST", false);
    private static final Key SMTP_PORT = new Key("alerts.smtp.port", "GAVEL_SMTP_PORT", false);
    private static final Key SMTP_FROM = new Key("alerts.smtp.from", "GAVEL_SMTP_FROM", false);
    private static final Key SMTP_USER = new Key("alerts.smtp.user", "GAVEL_SMTP_USER", false);
    private static final Key SMTP_PASSWORD = new Key(null, "GAVEL_SMTP_PASSWORD", true);
    private static final Key SMTP_STARTTLS = new Key("alerts.smtp.startTls", "GAVEL_SMTP_STARTTLS", false);
    private static final Key PRIVATE_WEBHOOKS =
            new Key("alerts.privateWebhooks", "GAVEL_ALERTS_PRIVATE_WEBHOOKS", false);

    private static final Key JOBS_ENABLED = new Key("jobs.enabled", "GAVEL_JOBS_ENABLED", false);
    private static final Key JOBS_THREADS = new Key("jobs.threads", "GAVEL_JOBS_THREADS", false);
    private static final Key JOBS_SPEED = new Key("jobs.speed", "GAVEL_JOBS_SPEED", false);

    private static final List<Key> KEYS = List.of(
            M26_BASE_URL,
            M26_ACCOUNTS_URL,
            M26_CONSOLE,
            M26_TEMPLATES,
            M26_RATE,
            M26_BUDGET,
            M26_MIN_INTERVAL,
            MARKET_TIMEOUT,
            TCG_BASE_URL,
            TCG_CLIENT_ID,
            TCG_SECRET,
            POKEMONTCG_BASE_URL,
            POKEMONTCG_KEY,
            OPTCG_BASE_URL,
            EBAY_BASE_URL,
            EBAY_CLIENT_ID,
            EBAY_SECRET,
            SMTP_HOST,
            SMTP_PORT,
            SMTP_FROM,
            SMTP_USER,
            SMTP_PASSWORD,
            SMTP_STARTTLS,
            PRIVATE_WEBHOOKS,
            HOME,
            HTTP_HOST,
            HTTP_PORT,
            HTTP_MAX_BODY,
            DB_URL,
            DB_USER,
            DB_PASSWORD,
            DB_POOL,
            REDIS_URL,
            SECRET_KEY,
            SECRET_KEY_FILE,
            TOKEN_TTL,
            OWNER_EMAIL,
            OWNER_PASSWORD,
            LOG_FORMAT,
            CLOCK_SPEED,
            X_BASE_URL,
            X_BEARER,
            X_USER_TOKEN,
            X_HOST_USER,
            X_POLL,
            X_MIN_AGE,
            X_TEASER_LEAD,
            BID_RATE,
            PUBLIC_URL,
            CHAIN_ID,
            NONCE_TTL,
            CHAIN_RPC_URLS,
            CHAIN_CONFIRMATIONS,
            CHAIN_ESCROW,
            CHAIN_TOKEN,
            SIGNER_KEY,
            CHAIN_PAYOUT,
            CHAIN_START,
            CHAIN_POLL,
            CHAIN_TX_WAIT,
            CHAIN_MAX_FEE,
            STREAM_OUTPUTS,
            STREAM_SIZE,
            STREAM_FPS,
            STREAM_KBPS,
            STREAM_AUTOSTART,
            FFMPEG,
            JOBS_ENABLED,
            JOBS_THREADS,
            JOBS_SPEED);

    private final Map<String, String> env;
    private final Map<String, String> file;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Path userHome;

    private ConfigLoader(Map<String, String> env, Map<String, String> file, Path userHome) {
        this.env = env;
        this.file = file;
        this.userHome = userHome;
    }

    /**
     * Loads and validates. {@code yamlFile} is the explicit {@code --config} path; without it,
     * {@code GAVEL_CONFIG} is used when set. Throws {@link ConfigException} listing every problem.
     */
    public static GavelConfig load(Optional<Path> yamlFile, Map<String, String> env) {
        Optional<Path> path = yamlFile.or(() -> Optional.ofNullable(env.get("GAVEL_CONFIG"))
                .filter(s -> !s.isBlank())
                .map(Path::of));
        Map<String, String> file = path.map(ConfigLoader::readYaml).orElse(Map.of());
        return new ConfigLoader(env, file, Path.of(System.getProperty("user.home"))).validate();
    }

    private GavelConfig validate() {
        checkFileKeys();
        Path home = raw(HOME)
                .map(r -> expandHome(r.value()))
                .orElse(userHome.resolve(".gavel"))
                .toAbsolutePath()
                .normalize();
        String host = raw(HTTP_HOST).map(Raw::value).orElse("0.0.0.0");
        int port =
                parsed(HTTP_PORT, 8080, v -> intIn(v, 0, 65535), "a port number from 0 to 65535 (0 = any free port)");
        long maxBody = parsed(
                HTTP_MAX_BODY,
                1_048_576L,
                v -> longIn(v, 1024, 64L * 1024 * 1024),
                "a size in bytes from 1024 to 67108864");

        Optional<String> dbUrl = raw(DB_URL).map(Raw::value);
        dbUrl.ifPresent(url -> {
            if (!url.startsWith("jdbc:postgresql://")) {
                problem(DB_URL, url, "a PostgreSQL JDBC URL such as jdbc:postgresql://db.example:5432/gavel");
            }
        });
        String dbUser = raw(DB_USER).map(Raw::value).orElse("postgres");
        Optional<Secret> dbPassword = raw(DB_PASSWORD).map(r -> Secret.of(r.value()));
        int pool = parsed(DB_POOL, 10, v -> intIn(v, 1, 200), "a pool size from 1 to 200");

        Optional<String> redis = raw(REDIS_URL).map(Raw::value);
        redis.ifPresent(url -> {
            var parsed = dev.gavel.store.RedisUrl.parse(url);
            if (parsed.url().isEmpty()) {
                problem(
                        REDIS_URL,
                        dev.gavel.store.RedisUrl.redact(url),
                        "a redis://, rediss://, redis-sentinel:// or redis-cluster:// URL (" + parsed.problem() + ")");
            }
        });

        Optional<Secret> secretKey = secretKey();
        Duration ttl = parsed(
                TOKEN_TTL,
                Duration.ofHours(12),
                ConfigLoader::duration,
                "a duration from 1m to 30d, such as 45m, 12h, 7d or PT12H");

        Optional<GavelConfig.Owner> owner = owner();
        var logFormat = parsed(
                LOG_FORMAT,
                GavelConfig.LogFormat.JSON,
                v -> switch (v.toLowerCase(Locale.ROOT)) {
                    case "json" -> GavelConfig.LogFormat.JSON;
                    case "console" -> GavelConfig.LogFormat.CONSOLE;
                    default -> null;
                },
                "json or console");

        double clockSpeed = parsed(
                CLOCK_SPEED,
                1.0,
                v -> {
                    double d = Double.parseDouble(v);
                    return d >= 1 && d <= 10_000 && !v.matches(".*[eE].*") ? d : null;
                },
                "a speed from 1 to 10000 (demo and rehearsal only: auction time runs that many times faster)");

        var xBase = parsed(
                X_BASE_URL,
                java.net.URI.create("https://api.x.com"),
                v -> v.startsWith("http://") || v.startsWith("https://") ? java.net.URI.create(v) : null,
                "an http:// or https:// URL of the X API");
        Duration poll = parsed(
                X_POLL,
                Duration.ofSeconds(2),
                v -> {
                    Duration d = shortDuration(v);
                    return d != null
                                    && d.compareTo(Duration.ofSeconds(1)) >= 0
                                    && d.compareTo(Duration.ofMinutes(5)) <= 0
                            ? d
                            : null;
                },
                "a poll interval from 1s to 5m, such as 2s");
        Duration minAge = parsed(
                X_MIN_AGE,
                Duration.ofDays(30),
                v -> {
                    Duration d = shortDuration(v);
                    return d != null && !d.isNegative() && d.compareTo(Duration.ofDays(3650)) <= 0 ? d : null;
                },
                "an account age from 0d to 3650d, such as 30d");
        Duration teaserLead = parsed(
                X_TEASER_LEAD,
                Duration.ofHours(2),
                v -> {
                    Duration d = shortDuration(v);
                    return d != null && !d.isNegative() && d.compareTo(Duration.ofDays(7)) <= 0 ? d : null;
                },
                "how long before the start the teaser goes out, from 0m to 7d, such as 2h");
        var bidRate = parsed(
                BID_RATE,
                new GavelConfig.BidRate(5, Duration.ofSeconds(10)),
                v -> {
                    String[] parts = v.split("/", 2);
                    if (parts.length != 2 || !parts[0].matches("\\d{1,6}")) {
                        return null;
                    }
                    int n = Integer.parseInt(parts[0]);
                    Duration per = shortDuration(parts[1]);
                    return n >= 1
                                    && per != null
                                    && per.compareTo(Duration.ofSeconds(1)) >= 0
                                    && per.compareTo(Duration.ofDays(1)) <= 0
                            ? new GavelConfig.BidRate(n, per)
                            : null;
                },
                "bids per bidder per time, such as 5/10s or 30/1m (at least 1 bid, per 1s to 1d)");
        var x = new GavelConfig.X(
                xBase,
                raw(X_BEARER).map(r -> Secret.of(r.value())),
                raw(X_USER_TOKEN).map(r -> Secret.of(r.value())),
                raw(X_HOST_USER).map(Raw::value),
                poll,
                minAge,
                teaserLead,
                bidRate);

        var publicUrl = parsed(
                PUBLIC_URL,
                java.net.URI.create("http://localhost:" + (port == 0 ? 8080 : port)),
                v -> (v.startsWith("http://") || v.startsWith("https://"))
                                && java.net.URI.create(v).getHost() != null
                        ? java.net.URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v)
                        : null,
                "the http:// or https:// URL bidders open Gavel at, such as https://auctions.example");
        long chainId = parsed(
                CHAIN_ID, 360L, v -> longIn(v, 1, Long.MAX_VALUE), "a chain id such as 360 (Shape) or 1 (Ethereum)");
        Duration nonceTtl = parsed(
                NONCE_TTL,
                Duration.ofMinutes(10),
                v -> {
                    Duration d = shortDuration(v);
                    return d != null && d.compareTo(Duration.ofMinutes(1)) >= 0 && d.compareTo(Duration.ofDays(1)) <= 0
                            ? d
                            : null;
                },
                "how long a link nonce stays valid, from 1m to 1d, such as 10m");
        var identity = new GavelConfig.Identity(publicUrl, chainId, nonceTtl);
        var chain = chain(chainId);
        var stream = stream();
        var market = market(home);
        var jobs = jobs();

        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new GavelConfig(
                home,
                new GavelConfig.Http(host, port, maxBody),
                new GavelConfig.DatabaseConfig(dbUrl, dbUser, dbPassword, pool),
                redis,
                new GavelConfig.Auth(secretKey, ttl),
                owner,
                logFormat,
                clockSpeed,
                x,
                identity,
                chain,
                stream,
                market,
                jobs);
    }

    private GavelConfig.Jobs jobs() {
        boolean enabled = parsed(
                JOBS_ENABLED,
                true,
                v -> v.equalsIgnoreCase("true") ? Boolean.TRUE : v.equalsIgnoreCase("false") ? Boolean.FALSE : null,
                "true or false (false: this node runs no scheduled job, but lists them)");
        int threads = parsed(JOBS_THREADS, 4, v -> intIn(v, 1, 32), "how many jobs run at once on this node, 1 to 32");
        double speed = parsed(
                JOBS_SPEED,
                1.0,
                v -> {
                    double d = Double.parseDouble(v);
                    return d >= 1 && d <= 10_000 && !v.matches(".*[eE].*") ? d : null;
                },
                "a speed from 1 to 10000 (demo only: job intervals are divided by it, 60 runs an hourly job every minute)");
        return new GavelConfig.Jobs(enabled, threads, speed);
    }

    private GavelConfig.Market market(Path home) {
        java.util.function.Function<String, java.net.URI> httpUrl = v -> {
            if (!v.startsWith("http://") && !v.startsWith("https://")) {
                return null;
            }
            try {
                var u = java.net.URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
                return u.getHost() == null ? null : u;
            } catch (IllegalArgumentException e) {
                return null;
            }
        };
        Optional<java.net.URI> base = raw(M26_BASE_URL).map(r -> {
            var u = httpUrl.apply(r.value());
            if (u == null) {
                problem(M26_BASE_URL, r.value(), "an http:// or https:// URL of the Blaze gateway");
            }
            return u;
        });
        var accounts = parsed(
                M26_ACCOUNTS_URL,
                java.net.URI.create("https://accounts.ea.com"),
                httpUrl,
                "an http:// or https:// URL of the accounts host that refreshes tokens");
        String console = parsed(
                M26_CONSOLE,
                "ps5",
                v -> Set.of("ps5", "xbsx", "pc").contains(v.toLowerCase(Locale.ROOT))
                        ? v.toLowerCase(Locale.ROOT)
                        : null,
                "ps5, xbsx or pc");
        Path templates = raw(M26_TEMPLATES)
                .map(r -> Path.of(r.value()))
                .orElse(home.resolve("templates").resolve("m26"));
        double rate = parsed(
                M26_RATE,
                1.0,
                v -> {
                    double d = Double.parseDouble(v);
                    return d >= 0.01 && d <= 1000 ? d : null;
                },
                "requests per second from 0.01 to 1000 (FUT-style clients report bans near 5 per minute sustained)");
        long budget = parsed(M26_BUDGET, 20_000L, v -> longIn(v, 1, 100_000_000), "calls per day, at least 1");
        Duration minInterval = parsed(
                M26_MIN_INTERVAL,
                Duration.ofSeconds(2),
                v -> {
                    Duration d = shortDuration(v);
                    return d != null
                                    && d.compareTo(Duration.ofMillis(100)) >= 0
                                    && d.compareTo(Duration.ofHours(1)) <= 0
                            ? d
                            : null;
                },
                "the shortest watch interval, from 100ms to 1h, such as 2s");
        Duration timeout = parsed(
                MARKET_TIMEOUT,
                Duration.ofSeconds(10),
                v -> {
                    Duration d = shortDuration(v);
                    return d != null
                                    && d.compareTo(Duration.ofMillis(100)) >= 0
                                    && d.compareTo(Duration.ofMinutes(2)) <= 0
                            ? d
                            : null;
                },
                "a time-out from 100ms to 2m, such as 10s");
        return new GavelConfig.Market(
                base, accounts, console, templates, rate, budget, minInterval, timeout, cardSources(httpUrl), alerts());
    }

    private GavelConfig.Alerts alerts() {
        var host = raw(SMTP_HOST).map(r -> {
            if (!r.value().matches("[A-Za-z0-9.-]{1,253}|\\[[0-9a-fA-F:.]+\\]")) {
                problem(SMTP_HOST, r.value(), "a host name or address of the SMTP server");
            }
            return r.value();
        });
        int port = parsed(SMTP_PORT, 587, v -> intIn(v, 1, 65_535), "a port from 1 to 65535, such as 587");
        String from = parsed(
                SMTP_FROM,
                "alerts@gavel.local",
                v -> v.matches("[^@\\s]+@[^@\\s]+") ? v : null,
                "the sender's e-mail address, such as alerts@example.com");
        java.util.function.Function<String, Boolean> bool =
                v -> v.equalsIgnoreCase("true") ? Boolean.TRUE : v.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        boolean startTls = parsed(SMTP_STARTTLS, true, bool, "true or false");
        boolean privateWebhooks = parsed(PRIVATE_WEBHOOKS, false, bool, "true or false");
        return new GavelConfig.Alerts(
                host,
                port,
                from,
                raw(SMTP_USER).map(Raw::value),
                raw(SMTP_PASSWORD).map(r -> Secret.of(r.value())),
                startTls,
                privateWebhooks);
    }

    /**
     * The card sources: TCGplayer and eBay are on when their client id and secret are set (at the vendor's
     * URL unless another is given), pokemontcg.io when its URL or key is set, OPTCG when its URL is set.
     */
    private GavelConfig.CardSources cardSources(java.util.function.Function<String, java.net.URI> httpUrl) {
        java.util.function.Function<Key, Optional<java.net.URI>> url = key -> raw(key).map(r -> {
            var u = httpUrl.apply(r.value());
            if (u == null) {
                problem(key, r.value(), "an http:// or https:// URL");
            }
            return u;
        });
        var tcgUrl = url.apply(TCG_BASE_URL);
        var tcgId = raw(TCG_CLIENT_ID).map(Raw::value);
        var tcgSecret = raw(TCG_SECRET).map(r -> Secret.of(r.value()));
        if (tcgId.isPresent() != tcgSecret.isPresent() || (tcgUrl.isPresent() && tcgId.isEmpty())) {
            problem(
                    tcgId.isPresent() ? TCG_SECRET : TCG_CLIENT_ID,
                    "",
                    "TCGplayer needs both GAVEL_TCGPLAYER_CLIENT_ID and GAVEL_TCGPLAYER_CLIENT_SECRET");
        }
        var ebayUrl = url.apply(EBAY_BASE_URL);
        var ebayId = raw(EBAY_CLIENT_ID).map(Raw::value);
        var ebaySecret = raw(EBAY_SECRET).map(r -> Secret.of(r.value()));
        if (ebayId.isPresent() != ebaySecret.isPresent() || (ebayUrl.isPresent() && ebayId.isEmpty())) {
            problem(
                    ebayId.isPresent() ? EBAY_SECRET : EBAY_CLIENT_ID,
                    "",
                    "eBay needs both GAVEL_EBAY_CLIENT_ID and GAVEL_EBAY_CLIENT_SECRET");
        }
        return new GavelConfig.CardSources(
                tcgUrl,
                tcgId,
                tcgSecret,
                url.apply(POKEMONTCG_BASE_URL),
                raw(POKEMONTCG_KEY).map(r -> Secret.of(r.value())),
                url.apply(OPTCG_BASE_URL),
                ebayUrl,
                ebayId,
                ebaySecret);
    }

    private GavelConfig.Stream stream() {
        var outputs = raw(STREAM_OUTPUTS)
                .map(r -> {
                    try {
                        Output.parse(r.value());
                    } catch (IllegalArgumentException e) {
                        problem(STREAM_OUTPUTS, r.value(), e.getMessage());
                    }
                    return Secret.of(r.value());
                })
                .orElse(Secret.of("hls"));
        int[] size = parsed(
                STREAM_SIZE,
                new int[] {1280, 720},
                v -> switch (v.toLowerCase(Locale.ROOT)) {
                    case "720p" -> new int[] {1280, 720};
                    case "1080p" -> new int[] {1920, 1080};
                    default -> {
                        var m = java.util.regex.Pattern.compile("(\\d{2,4})x(\\d{2,4})")
                                .matcher(v);
                        if (!m.matches()) {
                            yield null;
                        }
                        int w = Integer.parseInt(m.group(1));
                        int h = Integer.parseInt(m.group(2));
                        yield w % 2 == 0 && h % 2 == 0 && w >= 160 && h >= 90 && w <= 3840 && h <= 2160
                                ? new int[] {w, h}
                                : null;
                    }
                },
                "720p, 1080p or WIDTHxHEIGHT (even, 160x90 to 3840x2160)");
        int fps = parsed(STREAM_FPS, 30, v -> intIn(v, 1, 60), "frames per second, 1 to 60");
        int kbps = parsed(
                STREAM_KBPS,
                size[1] > 720 ? 6000 : 4500,
                v -> intIn(v, 300, 12_000),
                "video kbps, 300 to 12000 (X takes at most 12 Mbps; default 4500 at 720p, 6000 above)");
        boolean autostart = parsed(
                STREAM_AUTOSTART,
                false,
                v -> v.equalsIgnoreCase("true") ? Boolean.TRUE : v.equalsIgnoreCase("false") ? Boolean.FALSE : null,
                "true or false");
        Optional<Path> ffmpeg = raw(FFMPEG).map(r -> {
            var p = Path.of(r.value());
            if (!java.nio.file.Files.isExecutable(p)) {
                problem(FFMPEG, r.value(), "the path of an ffmpeg executable");
            }
            return p;
        });
        return new GavelConfig.Stream(outputs, size[0], size[1], fps, kbps, autostart, ffmpeg);
    }

    private GavelConfig.Chain chain(long chainId) {
        List<java.net.URI> urls = parsed(
                CHAIN_RPC_URLS,
                List.of(),
                v -> {
                    var out = new ArrayList<java.net.URI>();
                    for (String part : v.split(",")) {
                        String u = part.strip();
                        if (!(u.startsWith("http://") || u.startsWith("https://"))
                                || java.net.URI.create(u).getHost() == null) {
                            return null;
                        }
                        out.add(java.net.URI.create(u));
                    }
                    return out.isEmpty() ? null : List.copyOf(out);
                },
                "comma-separated http:// or https:// JSON-RPC URLs, in failover order");
        int confirmations = parsed(
                CHAIN_CONFIRMATIONS,
                chainId == 1 ? 12 : 3,
                v -> intIn(v, 1, 1000),
                "blocks before a deposit counts, 1 to 1000 (default 3 on L2s, 12 on Ethereum)");
        Optional<String> escrow = address(CHAIN_ESCROW);
        Optional<String> token = address(CHAIN_TOKEN);
        Optional<String> payout = address(CHAIN_PAYOUT);
        Optional<Secret> signer = raw(SIGNER_KEY).flatMap(r -> {
            String k = r.value().startsWith("0x") ? r.value().substring(2) : r.value();
            if (!k.matches("[0-9a-fA-F]{64}")) {
                problem(SIGNER_KEY, r.value(), "a private key: 64 hex digits, with or without 0x");
                return Optional.empty();
            }
            return Optional.of(Secret.of(k.toLowerCase(Locale.ROOT)));
        });
        Optional<Long> start = Optional.ofNullable(
                parsed(CHAIN_START, null, v -> longIn(v, 0, Long.MAX_VALUE), "a block number (0 or more)"));
        Duration poll = parsed(
                CHAIN_POLL,
                Duration.ofSeconds(2),
                v -> {
                    Duration d = shortDuration(v);
                    return d != null
                                    && d.compareTo(Duration.ofMillis(100)) >= 0
                                    && d.compareTo(Duration.ofMinutes(10)) <= 0
                            ? d
                            : null;
                },
                "how often to read new blocks, from 100ms to 10m, such as 2s or 500ms");
        Duration txWait = parsed(
                CHAIN_TX_WAIT,
                Duration.ofMinutes(2),
                v -> {
                    Duration d = shortDuration(v);
                    return d != null && d.compareTo(Duration.ofSeconds(1)) >= 0 && d.compareTo(Duration.ofHours(1)) <= 0
                            ? d
                            : null;
                },
                "how long a tx-hash bid waits for confirmations, from 1s to 1h, such as 2m");
        long maxFee = parsed(CHAIN_MAX_FEE, 100L, v -> longIn(v, 1, 100_000), "gwei per gas, 1 to 100000");
        return new GavelConfig.Chain(urls, confirmations, escrow, token, signer, payout, start, poll, txWait, maxFee);
    }

    /** An address setting, checked like a bidder's wallet (length, hex, EIP-55 checksum when mixed case). */
    private Optional<String> address(Key key) {
        return raw(key).flatMap(r -> switch (dev.gavel.chain.Wallets.check(r.value())) {
            case dev.gavel.chain.AddressCheck.Valid valid -> Optional.of(valid.checksummed());
            case dev.gavel.chain.AddressCheck.Invalid invalid -> {
                problem(key, r.value(), "an address: " + invalid.reason());
                yield Optional.empty();
            }
        });
    }

    private Optional<Secret> secretKey() {
        var direct = raw(SECRET_KEY);
        var fromFile = raw(SECRET_KEY_FILE);
        if (direct.isPresent() && fromFile.isPresent()) {
            problem(SECRET_KEY_FILE, fromFile.get().value(), "only one of GAVEL_SECRET_KEY and GAVEL_SECRET_KEY_FILE");
            return Optional.empty();
        }
        Optional<String> value = direct.map(Raw::value);
        if (fromFile.isPresent()) {
            try {
                value = Optional.of(Files.readString(Path.of(fromFile.get().value()), StandardCharsets.UTF_8)
                        .strip());
            } catch (IOException e) {
                problem(SECRET_KEY_FILE, fromFile.get().value(), "a readable file holding the secret key");
                return Optional.empty();
            }
        }
        if (value.isPresent() && value.get().length() < 32) {
            problem(SECRET_KEY, "******", "at least 32 characters (e.g. openssl rand -base64 48)");
            return Optional.empty();
        }
        return value.map(Secret::of);
    }

    private Optional<GavelConfig.Owner> owner() {
        var email = raw(OWNER_EMAIL);
        var password = raw(OWNER_PASSWORD);
        if (email.isEmpty() && password.isEmpty()) {
            return Optional.empty();
        }
        if (email.isEmpty()) {
            problem(OWNER_EMAIL, "", "an e-mail address, since GAVEL_OWNER_PASSWORD is set");
            return Optional.empty();
        }
        if (!EMAIL.matcher(email.get().value()).matches()) {
            problem(OWNER_EMAIL, email.get().value(), "an e-mail address such as owner@example.com");
        }
        if (password.isEmpty()) {
            problem(OWNER_PASSWORD, "", "a password of 10 to 256 characters, since GAVEL_OWNER_EMAIL is set");
            return Optional.empty();
        }
        int length = password.get().value().length();
        if (length < 10 || length > 256) {
            problem(OWNER_PASSWORD, "******", "a password of 10 to 256 characters");
        }
        return Optional.of(new GavelConfig.Owner(
                email.get().value(), Secret.of(password.get().value())));
    }

    private void checkFileKeys() {
        for (String key : file.keySet()) {
            boolean known = KEYS.stream().anyMatch(k -> key.equals(k.yaml()));
            if (known) {
                continue;
            }
            var secret = KEYS.stream()
                    .filter(k -> k.yaml() == null && yamlNameOf(k).equals(key))
                    .findFirst();
            if (secret.isPresent()) {
                problems.add(new ConfigProblem(
                        key + " (gavel.yaml)",
                        "******",
                        "no secret in gavel.yaml: set " + secret.get().env() + " in the environment instead"));
            } else {
                problems.add(new ConfigProblem(
                        key + " (gavel.yaml)",
                        file.get(key),
                        "one of the known keys: "
                                + KEYS.stream()
                                        .filter(k -> k.yaml() != null)
                                        .map(Key::yaml)
                                        .toList()));
            }
        }
    }

    /** The yaml spelling an environment-only key would have had, to recognise a secret put in the file. */
    private static String yamlNameOf(Key key) {
        return switch (key.env()) {
            case "GAVEL_DB_PASSWORD" -> "db.password";
            case "GAVEL_SECRET_KEY" -> "auth.secretKey";
            case "GAVEL_OWNER_PASSWORD" -> "owner.password";
            case "GAVEL_X_BEARER_TOKEN" -> "x.bearerToken";
            case "GAVEL_X_USER_TOKEN" -> "x.userToken";
            case "GAVEL_TCGPLAYER_CLIENT_SECRET" -> "market.tcgplayer.clientSecret";
            case "GAVEL_POKEMONTCG_API_KEY" -> "market.pokemontcg.apiKey";
            case "GAVEL_EBAY_CLIENT_SECRET" -> "market.ebay.clientSecret";
            case "GAVEL_SMTP_PASSWORD" -> "alerts.smtp.password";
            default -> "";
        };
    }

    private Optional<Raw> raw(Key key) {
        String fromEnv = env.get(key.env());
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(new Raw(fromEnv.strip(), Source.ENV));
        }
        if (key.yaml() != null) {
            String fromFile = file.get(key.yaml());
            if (fromFile != null && !fromFile.isBlank()) {
                return Optional.of(new Raw(fromFile.strip(), Source.FILE));
            }
        }
        return Optional.empty();
    }

    private <T> T parsed(Key key, T fallback, Function<String, T> parser, String expected) {
        var raw = raw(key);
        if (raw.isEmpty()) {
            return fallback;
        }
        T value = null;
        try {
            value = parser.apply(raw.get().value());
        } catch (RuntimeException e) {
            value = null;
        }
        if (value == null) {
            problems.add(new ConfigProblem(
                    key.shownName(raw.get().source()),
                    key.secret() ? "******" : raw.get().value(),
                    expected));
            return fallback;
        }
        return value;
    }

    private void problem(Key key, String value, String expected) {
        var source = raw(key).map(Raw::source).orElse(Source.ENV);
        problems.add(new ConfigProblem(key.shownName(source), key.secret() ? "******" : value, expected));
    }

    private Path expandHome(String value) {
        if (value.equals("~")) {
            return userHome;
        }
        if (value.startsWith("~/")) {
            return userHome.resolve(value.substring(2));
        }
        return Path.of(value);
    }

    private static Integer intIn(String v, int min, int max) {
        int n = Integer.parseInt(v);
        return n >= min && n <= max ? n : null;
    }

    private static Long longIn(String v, long min, long max) {
        long n = Long.parseLong(v);
        return n >= min && n <= max ? n : null;
    }

    /** {@link #shortDuration} for command-line options: null when {@code v} is not a duration. */
    public static Duration parseShortDuration(String v) {
        return v == null ? null : shortDuration(v.strip());
    }

    /** {@code 2s}, {@code 45m}, {@code 30d} or ISO-8601, with no bounds. */
    static Duration shortDuration(String v) {
        var m = Pattern.compile("^(\\d{1,6})(ms|[smhd])$").matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(v.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code 45m}, {@code 12h}, {@code 7d}, {@code 90s} or ISO-8601 ({@code PT12H}), 1 minute to 30 days. */
    static Duration duration(String v) {
        Duration d;
        var m = Pattern.compile("^(\\d{1,6})([smhd])$").matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return d.compareTo(Duration.ofMinutes(1)) >= 0 && d.compareTo(Duration.ofDays(30)) <= 0 ? d : null;
    }

    private static Map<String, String> readYaml(Path path) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
        } catch (IOException e) {
            String reason =
                    Files.exists(path) ? e.getMessage().lines().findFirst().orElse("unreadable") : "no such file";
            throw new ConfigException("cannot read the configuration file " + path + ": " + reason);
        }
        var flat = new LinkedHashMap<String, String>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new ConfigException(
                        "the configuration file " + path + " must hold a mapping of keys, such as http: {port: 8080}");
            }
            flatten("", root, flat);
        }
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.properties()
                    .forEach(e ->
                            flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into));
        } else if (!node.isNull()) {
            into.put(prefix, node.isValueNode() ? node.asText() : node.toString());
        }
    }
}
