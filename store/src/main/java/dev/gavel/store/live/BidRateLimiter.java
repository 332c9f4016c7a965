package dev.gavel.store.live;

import dev.gavel.store.Redis;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.UUID;

/**
 * At most {@code bids} bids per bidder in any {@code per}, shared by every node: a Bucket4j token bucket per
 * bidder in Redis ({@code ratelimit:bids:{bidderId}}), refilled gradually, expiring once full again so idle
 * bidders cost nothing. Thread-safe.
 */
public final class BidRateLimiter implements AutoCloseable {
    private final StatefulConnection<String, byte[]> connection;
    private final ProxyManager<String> buckets;
    private final BucketConfiguration configuration;

    @SuppressWarnings("unchecked")
    public BidRateLimiter(Redis redis, int bids, Duration per) {
        this.connection = redis.binaryConnection();
        var expiry = ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10));
        this.buckets = connection instanceof StatefulRedisClusterConnection<?, ?> cluster
                ? Bucket4jLettuce.casBasedBuilder((StatefulRedisClusterConnection<String, byte[]>) cluster)
                        .expirationAfterWrite(expiry)
                        .build()
                : Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<String, byte[]>) connection)
                        .expirationAfterWrite(expiry)
                        .build();
        this.configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(bids).refillGreedy(bids, per))
                .build();
    }

    /** Takes one bid from the bidder's allowance; false when it is spent. */
    public boolean tryBid(UUID bidderId) {
        return buckets.builder()
                .build(Keys.bidRate(bidderId), () -> configuration)
                .tryConsume(1);
    }

    @Override
    public void close() {
        connection.close();
    }
}
