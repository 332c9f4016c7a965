package dev.gavel.store.live;

import dev.gavel.store.Redis;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Optional;

/**
 * Leases in Redis, the mechanism under {@link AuctionLeases} and the watch leases: a key holding {@code
 * node|token}, set only when absent and with a TTL, renewed and released only by its holder (Lua compare
 * and act), the token taken from a counter that grows with every acquisition. Thread-safe.
 */
public final class RedisLeases {
    private static final String RENEW = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end""";
    private static final String RELEASE = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end""";

    /** A lease as held: its key, its token and the value that proves the holder. */
    public record Held(String key, long token, String holder) {}

    private final Redis redis;
    private final String node;
    private final Duration ttl;

    public RedisLeases(Redis redis, String node, Duration ttl) {
        this.redis = redis;
        this.node = node;
        this.ttl = ttl;
    }

    /** The lease at {@code key} when this node holds it now. */
    public Optional<Held> heldHere(String key) {
        String current = redis.sync().get(key);
        if (current == null || !current.startsWith(node + "|")) {
            return Optional.empty();
        }
        return Optional.of(new Held(key, Long.parseLong(current.substring(current.lastIndexOf('|') + 1)), current));
    }

    /** Takes the lease at {@code key} when nobody holds it, with a new token from {@code counterKey}. */
    public Optional<Held> take(String key, String counterKey) {
        var sync = redis.sync();
        long token = sync.incr(counterKey);
        String holder = node + "|" + token;
        String ok = sync.set(key, holder, SetArgs.Builder.nx().px(ttl.toMillis()));
        return "OK".equals(ok) ? Optional.of(new Held(key, token, holder)) : Optional.empty();
    }

    /** Extends the lease; false when it lapsed and someone else may hold it now. */
    public boolean renew(Held lease) {
        Long ok = redis.sync()
                .eval(
                        RENEW,
                        ScriptOutputType.INTEGER,
                        new String[] {lease.key()},
                        lease.holder(),
                        Long.toString(ttl.toMillis()));
        return ok != null && ok == 1L;
    }

    public void release(Held lease) {
        redis.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {lease.key()}, lease.holder());
    }

    public Duration ttl() {
        return ttl;
    }
}
