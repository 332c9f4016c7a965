package dev.gavel.store.market;

import dev.gavel.market.listing.ListingDelta;
import dev.gavel.store.Redis;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XAddArgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * {@code gavel:market:deltas}: every committed change of a listing, for the alert evaluator, WebSocket
 * clients and other nodes; capped at about a hundred thousand entries. Entries carry {@code kind},
 * {@code source}, {@code externalId}, {@code version} and {@code listing} (JSON). A delta may be published
 * twice (a publisher crashed before marking it); {@code (source, externalId, version)} tells repeats apart.
 * Thread-safe.
 */
public final class MarketDeltaStream {
    private static final XAddArgs CAPPED = XAddArgs.Builder.maxlen(100_000).approximateTrimming();

    private final Redis redis;

    public MarketDeltaStream(Redis redis) {
        this.redis = redis;
    }

    /** Appends the deltas in order, pipelined, and waits until Redis has them; answers the entry ids. */
    public List<String> publish(List<ListingDelta> deltas) {
        var async = redis.async();
        var pending = new ArrayList<RedisFuture<String>>(deltas.size());
        for (ListingDelta d : deltas) {
            var fields = new LinkedHashMap<String, String>();
            fields.put("kind", d.kind().name());
            fields.put("source", d.listing().source());
            fields.put("externalId", d.listing().externalId());
            fields.put("version", Integer.toString(d.version()));
            fields.put("listing", ListingJson.write(d.listing()));
            pending.add(async.xadd(MarketKeys.DELTAS, CAPPED, fields));
        }
        MarketCache.awaitAll(pending, "publish " + deltas.size() + " market deltas");
        var ids = new ArrayList<String>(pending.size());
        for (var f : pending) {
            ids.add(f.toCompletableFuture().join());
        }
        return ids;
    }
}
