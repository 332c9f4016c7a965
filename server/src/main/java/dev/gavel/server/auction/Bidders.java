package dev.gavel.server.auction;

import dev.gavel.server.auth.Principal;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderCreation;
import dev.gavel.store.auction.BidderStore;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Bidders as the API sees them: an account that bids through the API gets a bidder the first time it bids,
 * named after its e-mail address. Thread-safe.
 */
public final class Bidders {
    private final BidderStore store;
    private final Clock clock;
    private final java.util.Map<UUID, String> handles = new java.util.concurrent.ConcurrentHashMap<>();

    public Bidders(BidderStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<Bidder> find(UUID id) {
        return store.find(id);
    }

    /** A bidder's handle for display (cached: handles do not change), or null for an unknown id. */
    public String handleOf(UUID bidderId) {
        if (bidderId == null) {
            return null;
        }
        var cached = handles.get(bidderId);
        if (cached != null) {
            return cached;
        }
        var found = store.find(bidderId).map(Bidder::handle).orElse(null);
        if (found != null && handles.size() < 100_000) {
            handles.put(bidderId, found);
        }
        return found;
    }

    public BidderCreation create(
            String handle, Optional<String> xUserId, Optional<String> wallet, Optional<UUID> userId) {
        return store.create(
                new Bidder(UUID.randomUUID(), handle, userId, xUserId, wallet, clock.instant(), Optional.empty()));
    }

    /** The caller's own bidder, made on first use. */
    public Bidder forUser(Principal caller) {
        var existing = store.findByUser(caller.userId());
        if (existing.isPresent()) {
            return existing.get();
        }
        String base = caller.email().split("@", 2)[0].replaceAll("[^A-Za-z0-9_]", "_");
        base = base.isEmpty()
                ? "bidder"
                : base.substring(0, Math.min(base.length(), 40)).toLowerCase(Locale.ROOT);
        for (int attempt = 0; attempt < 20; attempt++) {
            String handle = attempt == 0 ? base : base + "_" + (attempt + 1);
            var created = create(handle, Optional.empty(), Optional.empty(), Optional.of(caller.userId()));
            if (created instanceof BidderCreation.Created c) {
                return c.bidder();
            }
            var raced = store.findByUser(caller.userId());
            if (raced.isPresent()) {
                return raced.get(); // the same account's other request made it first
            }
        }
        throw new IllegalStateException("could not find a free bidder handle for " + caller.email());
    }
}
