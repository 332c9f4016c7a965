package dev.gavel.store.market;

import dev.gavel.store.Redis;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hot card reads in Redis: a card's page and its history queries in one hash per card ({@code
 * market:card:{id}}, field = the query), trending lists in {@code market:trending}; every entry is the JSON
 * body as served. Recording prices for a card drops its reads and the trending lists, so a read after new
 * prices always recomputes. Derived from PostgreSQL: losing Redis costs only database reads. Bodies are
 * UTF-8 bytes end to end (Redis → this → the HTTP response), never decoded to a {@code String} on the hot
 * path. Counts hits and misses for the hit-ratio metric. Thread-safe.
 *
 * <p>A miss that is computed while the card's prices change must not be kept: it may have read the prices
 * from before. Each hash carries a generation ({@value #GENERATION}) that every invalidation increments
 * (dropping the other fields); a miss reports the generation it saw ({@link Read#generation}) and {@link
 * #putCard} keeps the body only if the generation is still that one. Without it, a read racing the hourly
 * price job served the old prices for the cache's whole {@link #TTL}.
 */
public final class CardCache {
    /** How long a cached read lives without new prices (a safety net; invalidation is the rule). */
    public static final Duration TTL = Duration.ofMinutes(10);

    /** How long a trending list lives: movers change as time passes even without new prices. */
    public static final Duration TRENDING_TTL = Duration.ofSeconds(60);

    /** The hash field holding the generation; no query is named so. */
    public static final String GENERATION = "~gen";

    /** HSET field body and EXPIRE, only if the generation is still ARGV[1] ("" = none yet). */
    private static final String PUT_IF_CURRENT = """
            local g = redis.call('HGET', KEYS[1], ARGV[4]) or ''
            if g ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
            redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
            return 1
            """;

    /** Drops a hash's reads and increments its generation, kept for ARGV[2] seconds. */
    private static final String INVALIDATE = """
            local g = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') + 1
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], ARGV[1], tostring(g))
            redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
            return g
            """;

    private static final byte[] GENERATION_BYTES = GENERATION.getBytes(StandardCharsets.UTF_8);

    /** A cached body, or none and the generation to hand to {@link #putCard} with the computed one ("" on a hit). */
    public record Read(Optional<byte[]> body, String generation) {}

    private final Redis redis;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public CardCache(Redis redis) {
        this.redis = redis;
    }

    /** A cached read of a card ({@code field} names the query), counted as a hit or a miss. */
    public Read card(long itemId, String field) {
        return read(MarketKeys.cardReads(itemId), field);
    }

    /** Keeps a card's read, unless its prices changed since the miss that saw {@code generation}. */
    public boolean putCard(long itemId, String field, byte[] json, String generation) {
        return put(MarketKeys.cardReads(itemId), field, json, generation, TTL);
    }

    public Read trending(String field) {
        return read(MarketKeys.TRENDING, field);
    }

    public boolean putTrending(String field, byte[] json, String generation) {
        return put(MarketKeys.TRENDING, field, json, generation, TRENDING_TTL);
    }

    /** Drops the cached reads of these cards and every trending list: they have new prices. */
    public void invalidate(Collection<Long> itemIds) {
        var keys = new ArrayList<String>(itemIds.size() + 1);
        itemIds.forEach(id -> keys.add(MarketKeys.cardReads(id)));
        keys.add(MarketKeys.TRENDING);
        var async = redis.bytesAsync();
        byte[] ttl = Long.toString(TTL.toSeconds()).getBytes(StandardCharsets.UTF_8);
        // one script per key, so that a Redis cluster may keep them on different nodes; pipelined
        for (int i = 0; i < keys.size(); i += 500) {
            var pending = new ArrayList<RedisFuture<Long>>();
            for (String key : keys.subList(i, Math.min(keys.size(), i + 500))) {
                pending.add(
                        async.eval(INVALIDATE, ScriptOutputType.INTEGER, new String[] {key}, GENERATION_BYTES, ttl));
            }
            MarketCache.awaitAll(pending, "drop cached card reads");
        }
    }

    private Read read(String key, String field) {
        var values = redis.bytesSync().hmget(key, field, GENERATION);
        byte[] body = values.get(0).getValueOrElse(null);
        if (body != null) {
            hits.increment();
            return new Read(Optional.of(body), "");
        }
        misses.increment();
        byte[] generation = values.get(1).getValueOrElse(null);
        return new Read(Optional.empty(), generation == null ? "" : new String(generation, StandardCharsets.UTF_8));
    }

    private boolean put(String key, String field, byte[] json, String generation, Duration ttl) {
        Long kept = redis.bytesSync()
                .eval(
                        PUT_IF_CURRENT,
                        ScriptOutputType.INTEGER,
                        new String[] {key},
                        generation.getBytes(StandardCharsets.UTF_8),
                        field.getBytes(StandardCharsets.UTF_8),
                        json,
                        GENERATION_BYTES,
                        Long.toString(ttl.toSeconds()).getBytes(StandardCharsets.UTF_8));
        return kept != null && kept == 1L;
    }

    /** Counts a look at a card, for the popular cards the hourly price job refreshes. */
    public void viewed(long itemId) {
        redis.async().zincrby(MarketKeys.CARD_VIEWS, 1, Long.toString(itemId));
    }

    /** The {@code n} most looked-at cards, most first. */
    public List<Long> popular(int n) {
        return redis.sync().zrevrange(MarketKeys.CARD_VIEWS, 0, n - 1L).stream()
                .map(Long::parseLong)
                .toList();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** Hits over all reads since start; 0 before the first read. */
    public double hitRatio() {
        long h = hits.sum();
        long all = h + misses.sum();
        return all == 0 ? 0 : (double) h / all;
    }
}
