package dev.gavel.store.live;

import dev.gavel.store.Redis;
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
    private final RedisLeases leases;

    public AuctionLeases(Redis redis, String node, Duration ttl) {
        this.leases = new RedisLeases(redis, node, ttl);
    }

    /** A held lease; its token fences every write made under it. */
    public record Lease(UUID auctionId, long token, String holder) {}

    /** Takes the lease when nobody holds it (or this node already does); empty when another node does. */
    public Optional<Lease> acquire(UUID auctionId) {
        Optional<RedisLeases.Held> own = leases.heldHere(Keys.lease(auctionId));
        if (own.isPresent()) {
            return leases.renew(own.get()) ? own.map(h -> lease(auctionId, h)) : Optional.empty();
        }
        return leases.take(Keys.lease(auctionId), Keys.leaseCounter(auctionId)).map(h -> lease(auctionId, h));
    }

    /** Extends the lease; false when it expired and someone else may hold it now. */
    public boolean renew(Lease lease) {
        return leases.renew(held(lease));
    }

    public void release(Lease lease) {
        leases.release(held(lease));
    }

    public Duration ttl() {
        return leases.ttl();
    }

    private static Lease lease(UUID auctionId, RedisLeases.Held h) {
        return new Lease(auctionId, h.token(), h.holder());
    }

    private static RedisLeases.Held held(Lease lease) {
        return new RedisLeases.Held(Keys.lease(lease.auctionId()), lease.token(), lease.holder());
    }
}
