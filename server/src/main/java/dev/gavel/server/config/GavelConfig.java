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
        Identity identity) {

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
                identity);
    }

    public GavelConfig withRedisUrl(String url) {
        return new GavelConfig(home, http, database, Optional.of(url), auth, owner, logFormat, clockSpeed, x, identity);
    }

    public GavelConfig withOwner(Owner newOwner) {
        return new GavelConfig(
                home, http, database, redisUrl, auth, Optional.of(newOwner), logFormat, clockSpeed, x, identity);
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
                identity);
    }

    public GavelConfig withIdentity(Identity newIdentity) {
        return new GavelConfig(home, http, database, redisUrl, auth, owner, logFormat, clockSpeed, x, newIdentity);
    }

    public GavelConfig withX(X newX) {
        return new GavelConfig(home, http, database, redisUrl, auth, owner, logFormat, clockSpeed, newX, identity);
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
                identity);
    }
}
