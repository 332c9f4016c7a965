package dev.gavel.store.live;

import dev.gavel.store.Redis;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may run an auction's sequencer: a lease in Redis ({@code lease:auction:{id}}) held by one node, with a
 * fencing token that grows on every acquisition. The token goes into every commit, so a node that lost its
 * lease (paused, partitioned) cannot overwrite a newer owner's work even if it thinks it still owns it.
 * Thread-safe.
 */
public final class AuctionLeases {
    private static final String RENEW = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end""";
    private static final String RELEASE = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end""";

    private final Redis redis;
    private final String node;
    private final Duration ttl;

    public AuctionLeases(Redis redis, String node, Duration ttl) {
        this.redis = redis;
        this.node = node;
        this.ttl = ttl;
    }

    /** A held lease; its token fences every write made under it. */
    public record Lease(UUID auctionId, long token, String holder) {}

    /** Takes the lease when nobody holds it (or this node already does); empty when another node does. */
    public Optional<Lease> acquire(UUID auctionId) {
        var sync = redis.sync();
        String current = sync.get(Keys.lease(auctionId));
        if (current != null && current.startsWith(node + "|")) {
            long token = Long.parseLong(current.substring(current.indexOf('|') + 1));
            return renew(new Lease(auctionId, token, current))
                    ? Optional.of(new Lease(auctionId, token, current))
                    : Optional.empty();
        }
        long token = sync.incr(Keys.leaseCounter(auctionId));
        String holder = node + "|" + token;
        String ok = sync.set(Keys.lease(auctionId), holder, SetArgs.Builder.nx().px(ttl.toMillis()));
        return "OK".equals(ok) ? Optional.of(new Lease(auctionId, token, holder)) : Optional.empty();
    }

    /** Extends the lease; false when it expired and someone else may hold it now. */
    public boolean renew(Lease lease) {
        Long ok = redis.sync()
                .eval(
                        RENEW,
                        ScriptOutputType.INTEGER,
                        new String[] {Keys.lease(lease.auctionId())},
                        lease.holder(),
                        Long.toString(ttl.toMillis()));
        return ok != null && ok == 1L;
    }

    public void release(Lease lease) {
        redis.sync()
                .eval(RELEASE, ScriptOutputType.INTEGER, new String[] {Keys.lease(lease.auctionId())}, lease.holder());
    }

    public Duration ttl() {
        return ttl;
    }
}
