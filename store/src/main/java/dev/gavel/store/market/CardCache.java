package dev.gavel.store.market;

import dev.gavel.store.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hot card reads in Redis: a card's page and its history queries in one hash per card ({@code
 * market:card:{id}}, field = the query), trending lists in {@code market:trending}; every entry is the JSON
 * body as served. Recording prices for a card drops its hash and the trending lists, so a read after new
 * prices always recomputes. Derived from PostgreSQL: losing Redis costs only database reads. Bodies are
 * UTF-8 bytes end to end (Redis → this → the HTTP response), never decoded to a {@code String} on the hot
 * path. Counts hits and misses for the hit-ratio metric. Thread-safe.
 */
public final class CardCache {
    /** How long a cached read lives without new prices (a safety net; invalidation is the rule). */
    public static final Duration TTL = Duration.ofMinutes(10);

    /** How long a trending list lives: movers change as time passes even without new prices. */
    public static final Duration TRENDING_TTL = Duration.ofSeconds(60);

    private final Redis redis;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public CardCache(Redis redis) {
        this.redis = redis;
    }

    /** A cached read of a card ({@code field} names the query), counted as a hit or a miss. */
    public Optional<byte[]> card(long itemId, String field) {
        return counted(redis.bytesSync().hget(MarketKeys.cardReads(itemId), field));
    }

    public void putCard(long itemId, String field, byte[] json) {
        var async = redis.bytesAsync();
        String key = MarketKeys.cardReads(itemId);
        MarketCache.awaitAll(
                List.of(async.hset(key, field, json), async.expire(key, TTL.toSeconds())), "cache a card read");
    }

    public Optional<byte[]> trending(String field) {
        return counted(redis.bytesSync().hget(MarketKeys.TRENDING, field));
    }

    public void putTrending(String field, byte[] json) {
        var async = redis.bytesAsync();
        MarketCache.awaitAll(
                List.of(
                        async.hset(MarketKeys.TRENDING, field, json),
                        async.expire(MarketKeys.TRENDING, TRENDING_TTL.toSeconds())),
                "cache a trending list");
    }

    /** Drops the cached reads of these cards and every trending list: they have new prices. */
    public void invalidate(Collection<Long> itemIds) {
        var keys = new ArrayList<String>(itemIds.size() + 1);
        itemIds.forEach(id -> keys.add(MarketKeys.cardReads(id)));
        keys.add(MarketKeys.TRENDING);
        for (int i = 0; i < keys.size(); i += 500) {
            redis.sync().unlink(keys.subList(i, Math.min(keys.size(), i + 500)).toArray(String[]::new));
        }
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

    private Optional<byte[]> counted(byte[] value) {
        (value == null ? misses : hits).increment();
        return Optional.ofNullable(value);
    }
}
