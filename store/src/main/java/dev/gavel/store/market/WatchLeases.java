package dev.gavel.store.market;

import dev.gavel.store.Redis;
import dev.gavel.store.live.RedisLeases;
import java.time.Duration;
import java.util.Optional;

/**
 * Which node polls a watch: a lease in Redis ({@code lease:watch:{id}}) held by one node and renewed at each
 * poll, so several {@code gavel serve} nodes share the watches and a dead node's watches are taken over
 * once its leases lapse. The value carries a token that grows with every acquisition. Thread-safe.
 */
public final class WatchLeases {
    private final RedisLeases leases;

    public WatchLeases(Redis redis, String node, Duration ttl) {
        this.leases = new RedisLeases(redis, node, ttl);
    }

    /** A held lease. */
    public record Lease(long watchId, long token, String holder) {}

    static String key(long watchId) {
        return "lease:watch:" + watchId;
    }

    /** Takes or renews the lease; empty when another node holds it. */
    public Optional<Lease> acquire(long watchId) {
        Optional<RedisLeases.Held> own = leases.heldHere(key(watchId));
        if (own.isPresent() && leases.renew(own.get())) {
            return own.map(h -> new Lease(watchId, h.token(), h.holder()));
        }
        return leases.take(key(watchId), key(watchId) + ":token").map(h -> new Lease(watchId, h.token(), h.holder()));
    }

    /** Gives the lease up (a stopped watch, a node shutting down). */
    public void release(long watchId) {
        leases.heldHere(key(watchId)).ifPresent(leases::release);
    }

    public Duration ttl() {
        return leases.ttl();
    }
}
