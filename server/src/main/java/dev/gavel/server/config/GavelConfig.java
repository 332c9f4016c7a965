package dev.gavel.server.config;

import dev.gavel.core.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything Gavel was told at start, validated. Optional parts are absent when not configured:
 * an absent database or Redis URL means "start an embedded one" to the CLI.
 */
public record GavelConfig(
        Path home,
        Http http,
        DatabaseConfig database,
        Optional<String> redisUrl,
        Auth auth,
        Optional<Owner> owner,
        LogFormat logFormat,
        double clockSpeed,
        X x,
        Identity identity,
        Chain chain,
        Stream stream,
        Market market,
        Jobs jobs) {

    /**
     * Scheduled jobs (db-scheduler on PostgreSQL).
     *
     * @param enabled whether this node runs jobs; a node with jobs off still lists them and runs one now
     *     through the nodes that run them
     * @param threads how many jobs this node runs at once
     * @param speed intervals are divided by this, for demos (an hourly job every minute at 60)
     */
    public record Jobs(boolean enabled, int threads, double speed) {
        public static Jobs defaults() {
            return new Jobs(true, 4, 1.0);
        }
    }

    /**
     * Market watch: the Madden 26 source (off while no base URL is set) and its limits.
     *
     * @param m26BaseUrl the Blaze gateway, {@code GAVEL_M26_BASE_URL}; absent: the m26 source is off
     * @param m26AccountsUrl the accounts host that refreshes OAuth tokens
     * @param m26Console the console of the product name: ps5, xbsx or pc
     * @param m26Templates the folder whose templates replace the shipped ones (import-har writes there)
     * @param m26RequestsPerSecond the local rate limit; FUT-style clients report bans near 5 per minute
     * @param m26DailyBudget calls per UTC day
     * @param m26MinInterval the shortest watch interval allowed
     * @param requestTimeout how long one marketplace call may take
     */
    public record Market(
            Optional<java.net.URI> m26BaseUrl,
            java.net.URI m26AccountsUrl,
            String m26Console,
            Path m26Templates,
            double m26RequestsPerSecond,
            long m26DailyBudget,
            Duration m26MinInterval,
            Duration requestTimeout,
            CardSources cards,
            Alerts alerts) {
        public boolean m26Enabled() {
            return m26BaseUrl.isPresent();
        }

        /** The same settings pointing M26 at {@code baseUrl} for both the gateway and accounts (the simulator). */
        public Market withM26(java.net.URI baseUrl, double requestsPerSecond, Duration minInterval) {
            return new Market(
                    Optional.of(baseUrl),
                    baseUrl,
                    m26Console,
                    m26Templates,
                    requestsPerSecond,
                    m26DailyBudget,
                    minInterval,
                    requestTimeout,
                    cards,
                    alerts);
        }

        /** The same settings with other card sources (the demo points them at its simulators). */
        public Market withCards(CardSources newCards) {
            return new Market(
                    m26BaseUrl,
                    m26AccountsUrl,
                    m26Console,
                    m26Templates,
                    m26RequestsPerSecond,
                    m26DailyBudget,
                    m26MinInterval,
                    requestTimeout,
                    newCards,
                    alerts);
        }

        /** The same settings with other alert delivery settings (the demo's mail server, local webhooks). */
        public Market withAlerts(Alerts newAlerts) {
            return new Market(
                    m26BaseUrl,
                    m26AccountsUrl,
                    m26Console,
                    m26Templates,
                    m26RequestsPerSecond,
                    m26DailyBudget,
                    m26MinInterval,
                    requestTimeout,
                    cards,
                    newAlerts);
        }
    }

    /**
     * Alert delivery: the SMTP server e-mail alerts go through ({@code GAVEL_SMTP_HOST}, {@code _PORT},
     * {@code _FROM}, {@code _USER}, {@code _PASSWORD}, {@code _STARTTLS}; no host: e-mail channels are
     * refused) and whether webhooks may point at loopback or private addresses ({@code
     * GAVEL_ALERTS_PRIVATE_WEBHOOKS}, off but in the demo).
     */
    public record Alerts(
            Optional<String> smtpHost,
            int smtpPort,
            String smtpFrom,
            Optional<String> smtpUser,
            Optional<Secret> smtpPassword,
            boolean smtpStartTls,
            boolean privateWebhooks) {
        public static Alerts none() {
            return new Alerts(
                    Optional.empty(), 587, "alerts@gavel.local", Optional.empty(), Optional.empty(), true, false);
        }
    }

    /**
     * The card catalog and price sources, each off unless configured: TCGplayer ({@code
     * GAVEL_TCGPLAYER_BASE_URL}, {@code _CLIENT_ID}, {@code _CLIENT_SECRET}: on with its credentials),
     * pokemontcg.io ({@code GAVEL_POKEMONTCG_BASE_URL}, {@code _API_KEY}: on with either), OPTCG ({@code
     * GAVEL_OPTCG_BASE_URL}) and eBay Browse ({@code GAVEL_EBAY_BASE_URL}, {@code _CLIENT_ID}, {@code
     * _CLIENT_SECRET}: on with its credentials).
     */
    public record CardSources(
            Optional<java.net.URI> tcgplayerBaseUrl,
            Optional<String> tcgplayerClientId,
            Optional<Secret> tcgplayerClientSecret,
            Optional<java.net.URI> pokemontcgBaseUrl,
            Optional<Secret> pokemontcgApiKey,
            Optional<java.net.URI> optcgBaseUrl,
            Optional<java.net.URI> ebayBaseUrl,
            Optional<String> ebayClientId,
            Optional<Secret> ebayClientSecret) {
        public static CardSources none() {
            return new CardSources(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty());
        }

        public boolean tcgplayer() {
            return tcgplayerClientId.isPresent() && tcgplayerClientSecret.isPresent();
        }

        public boolean pokemontcg() {
            return pokemontcgBaseUrl.isPresent() || pokemontcgApiKey.isPresent();
        }

        public boolean optcg() {
            return optcgBaseUrl.isPresent();
        }

        public boolean ebay() {
            return ebayClientId.isPresent() && ebayClientSecret.isPresent();
        }
    }

    /**
     * The livestream.
     *
     * @param outputs {@code GAVEL_STREAM_OUTPUTS} as given (RTMP URLs hold stream keys, so it is a secret);
     *     checked at start
     * @param width output frame width, even
     * @param fps frames per second
     * @param videoKbps constant video bitrate
     * @param autostart start encoding at start-up (else an admin starts it)
     * @param ffmpeg the ffmpeg to use; absent: the one on PATH
     */
    public record Stream(
            Secret outputs, int width, int height, int fps, int videoKbps, boolean autostart, Optional<Path> ffmpeg) {
        public static Stream defaults() {
            return new Stream(Secret.of("hls"), 1280, 720, 30, 4500, false, Optional.empty());
        }
    }

    /**
     * The EVM chain: deposits into escrow, tx-hash bids, NFT ownership and settlement. Off while no
     * provider URL is set.
     *
     * @param rpcUrls JSON-RPC providers in failover order
     * @param confirmations blocks (counting the deposit's own) before a deposit counts
     * @param escrow where bidders deposit, besides each campaign's own escrow address
     * @param depositToken an ERC-20 also accepted as deposits, counted 1:1 as wei (WETH-like, 18 decimals)
     * @param signerKey signs settlement transactions; without it settlement is planned for manual execution
     * @param payoutAddress where the winning amount is paid out
     * @param startBlock the first block to read on the very first start; absent means the head then
     * @param txBidWait how long a bid paid by tx hash waits for its confirmations before it is rejected
     * @param maxFeeGwei the most a settlement transaction may bid per gas, in gwei
     */
    public record Chain(
            java.util.List<java.net.URI> rpcUrls,
            int confirmations,
            Optional<String> escrow,
            Optional<String> depositToken,
            Optional<Secret> signerKey,
            Optional<String> payoutAddress,
            Optional<Long> startBlock,
            Duration pollInterval,
            Duration txBidWait,
            long maxFeeGwei) {
        public Chain {
            rpcUrls = java.util.List.copyOf(rpcUrls);
        }

        public boolean enabled() {
            return !rpcUrls.isEmpty();
        }

        /** The same settings with other providers (the demo points them at its simulated chain). */
        public Chain withRpcUrls(java.util.List<java.net.URI> urls) {
            return new Chain(
                    urls,
                    confirmations,
                    escrow,
                    depositToken,
                    signerKey,
                    payoutAddress,
                    startBlock,
                    pollInterval,
                    txBidWait,
                    maxFeeGwei);
        }
    }

    /**
     * Wallet linking (SIWE): the site bidders sign in to, the chain, and how long a nonce lives.
     *
     * @param publicUrl where bidders reach Gavel; its host is the SIWE domain
     */
    public record Identity(java.net.URI publicUrl, long chainId, Duration nonceTtl) {
        /** The SIWE {@code domain}: the public URL's authority (host, and port when not the default). */
        public String domain() {
            return publicUrl.getRawAuthority();
        }
    }

    /** At most {@code bids} bids per bidder in any {@code per}. */
    public record BidRate(int bids, Duration per) {}

    /**
     * Bidding on X; off while no bearer token is set.
     *
     * @param minAccountAge accounts younger than this may not bid
     */
    public record X(
            java.net.URI baseUrl,
            Optional<Secret> bearerToken,
            Optional<Secret> userToken,
            Optional<String> hostUserId,
            Duration pollInterval,
            Duration minAccountAge,
            Duration teaserLead,
            BidRate bidRate) {
        public boolean enabled() {
            return bearerToken.isPresent();
        }
    }

    /** The HTTP listener. {@code port} 0 picks a free port. */
    public record Http(String host, int port, long maxBodyBytes) {}

    /** PostgreSQL; {@code url} absent means embedded. */
    public record DatabaseConfig(Optional<String> url, String user, Optional<Secret> password, int poolSize) {}

    /**
     * Token signing and login sessions.
     *
     * @param secretKey absent when neither {@code GAVEL_SECRET_KEY} nor {@code GAVEL_SECRET_KEY_FILE} is set:
     *     one is generated into {@code GAVEL_HOME}
     */
    public record Auth(Optional<Secret> secretKey, Duration tokenTtl) {}

    /** The first owner account, created at start when no owner exists yet. */
    public record Owner(String email, Secret password) {}

    public enum LogFormat {
        JSON,
        CONSOLE
    }

    public GavelConfig withDatabaseUrl(String url, String user) {
        return new GavelConfig(
                home,
                http,
                new DatabaseConfig(Optional.of(url), user, database.password(), database.poolSize()),
                redisUrl,
                auth,
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

    public GavelConfig withRedisUrl(String url) {
        return new GavelConfig(
                home,
                http,
                database,
                Optional.of(url),
                auth,
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

    public GavelConfig withOwner(Owner newOwner) {
        return new GavelConfig(
                home,
                http,
                database,
                redisUrl,
                auth,
                Optional.of(newOwner),
                logFormat,
                clockSpeed,
                x,
                identity,
                chain,
                stream,
                market,
                jobs);
    }

    public GavelConfig withSecretKey(Secret key) {
        return new GavelConfig(
                home,
                http,
                database,
                redisUrl,
                new Auth(Optional.of(key), auth.tokenTtl()),
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

    public GavelConfig withIdentity(Identity newIdentity) {
        return new GavelConfig(
                home,
                http,
                database,
                redisUrl,
                auth,
                owner,
                logFormat,
                clockSpeed,
                x,
                newIdentity,
                chain,
                stream,
                market,
                jobs);
    }

    public GavelConfig withX(X newX) {
        return new GavelConfig(
                home,
                http,
                database,
                redisUrl,
                auth,
                owner,
                logFormat,
                clockSpeed,
                newX,
                identity,
                chain,
                stream,
                market,
                jobs);
    }

    public GavelConfig withHttpPort(int port) {
        return new GavelConfig(
                home,
                new Http(http.host(), port, http.maxBodyBytes()),
                database,
                redisUrl,
                auth,
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

    public GavelConfig withChain(Chain newChain) {
        return new GavelConfig(
                home,
                http,
                database,
                redisUrl,
                auth,
                owner,
                logFormat,
                clockSpeed,
                x,
                identity,
                newChain,
                stream,
                market,
                jobs);
    }

    public GavelConfig withMarket(Market newMarket) {
        return new GavelConfig(
                home,
                http,
                database,
                redisUrl,
                auth,
                owner,
                logFormat,
                clockSpeed,
                x,
                identity,
                chain,
                stream,
                newMarket,
                jobs);
    }

    public GavelConfig withStream(Stream newStream) {
        return new GavelConfig(
                home,
                http,
                database,
                redisUrl,
                auth,
                owner,
                logFormat,
                clockSpeed,
                x,
                identity,
                chain,
                newStream,
                market,
                jobs);
    }

    public GavelConfig withJobs(Jobs newJobs) {
        return new GavelConfig(
                home,
                http,
                database,
                redisUrl,
                auth,
                owner,
                logFormat,
                clockSpeed,
                x,
                identity,
                chain,
                stream,
                market,
                newJobs);
    }
}
