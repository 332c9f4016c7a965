package dev.gavel.store.market;

import dev.gavel.market.listing.Listing;
import dev.gavel.store.Redis;
import dev.gavel.store.StoreException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The latest stored state of each listing under {@code market:listing:{source}:{externalId}}, as JSON,
 * kept for a day after its last change. Derived from PostgreSQL and written after the commit, so losing it
 * costs only a database read. Thread-safe.
 */
public final class MarketCache {
    public static final Duration TTL = Duration.ofDays(1);
    private static final SetArgs EXPIRING = SetArgs.Builder.ex(TTL);

    private final Redis redis;

    public MarketCache(Redis redis) {
        this.redis = redis;
    }

    /** Writes the listings as one pipelined burst and waits for Redis to take them all. */
    public void putLatest(List<Listing> listings) {
        var async = redis.async();
        var pending = new ArrayList<RedisFuture<String>>(listings.size());
        for (Listing l : listings) {
            pending.add(async.set(MarketKeys.listing(l.source(), l.externalId()), ListingJson.write(l), EXPIRING));
        }
        awaitAll(pending, "cache " + listings.size() + " listings");
    }

    public Optional<Listing> latest(String source, String externalId) {
        String json = redis.sync().get(MarketKeys.listing(source, externalId));
        return json == null ? Optional.empty() : Optional.of(ListingJson.read(json));
    }

    static void awaitAll(List<? extends RedisFuture<?>> pending, String what) {
        for (var f : pending) {
            try {
                f.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting to " + what);
            } catch (ExecutionException | TimeoutException e) {
                throw new StoreException("Redis could not " + what + ": " + e.getMessage(), e);
            }
        }
    }
}
