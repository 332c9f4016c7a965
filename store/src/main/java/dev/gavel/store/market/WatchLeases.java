package dev.gavel.store.market;

import dev.gavel.store.Redis;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Optional;

/**
 * Which node polls a watch: a lease in Redis ({@code lease:watch:{id}}) held by one node and renewed at each
 * poll, so several {@code gavel serve} nodes share the watches and a dead node's watches are taken over
 * once its leases lapse. The value carries a token that grows with every acquisition. Thread-safe.
 */
public final class WatchLeases {
    private static final String RENEW = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end""";
    private static final String RELEASE = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end""";

    private final Redis redis;
    private final String node;
    private final Duration ttl;

    public WatchLeases(Redis redis, String node, Duration ttl) {
        this.redis = redis;
        this.node = node;
        this.ttl = ttl;
    }

    /** A held lease. */
    public record Lease(long watchId, long token, String holder) {}

    static String key(long watchId) {
        return "lease:watch:" + watchId;
    }

    /** Takes or renews the lease; empty when another node holds it. */
    public Optional<Lease> acquire(long watchId) {
        var sync = redis.sync();
        String current = sync.get(key(watchId));
        if (current != null && current.startsWith(node + "|")) {
            var held = new Lease(watchId, Long.parseLong(current.substring(current.lastIndexOf('|') + 1)), current);
            return renew(held) ? Optional.of(held) : acquire(watchId);
        }
        long token = sync.incr(key(watchId) + ":token");
        String holder = node + "|" + token;
        String ok = sync.set(key(watchId), holder, SetArgs.Builder.nx().px(ttl.toMillis()));
        return "OK".equals(ok) ? Optional.of(new Lease(watchId, token, holder)) : Optional.empty();
    }

    private boolean renew(Lease lease) {
        Long ok = redis.sync()
                .eval(
                        RENEW,
                        ScriptOutputType.INTEGER,
                        new String[] {key(lease.watchId())},
                        lease.holder(),
                        Long.toString(ttl.toMillis()));
        return ok != null && ok == 1L;
    }

    /** Gives the lease up (a stopped watch, a node shutting down). */
    public void release(long watchId) {
        String current = redis.sync().get(key(watchId));
        if (current != null && current.startsWith(node + "|")) {
            redis.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(watchId)}, current);
        }
    }

    public Duration ttl() {
        return ttl;
    }
}
