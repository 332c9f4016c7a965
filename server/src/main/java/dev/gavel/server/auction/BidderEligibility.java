package dev.gavel.server.auction;

import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidSource;
import dev.gavel.auction.Eligibility;
import dev.gavel.auction.RejectionReason;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may bid: a banned bidder may not; a bid from X needs a linked wallet and an X account at least
 * {@code minXAccountAge} old when the post was made (an age X never told us is not held against the bidder);
 * a bidder on X may place only so many bids in a while (the rate limit); an API or admin bid comes from an
 * authenticated account and counts as identified. Bidder rows are cached
 * for a few seconds so the intake path does not query per bid.
 * Thread-safe.
 */
public final class BidderEligibility implements EligibilityCheck {
    private static final Duration TTL = Duration.ofSeconds(5);

    private record Cached(Optional<Bidder> bidder, Instant at) {}

    private final BidderStore bidders;
    private final Clock clock;
    private final Duration minXAccountAge;
    private final java.util.function.Predicate<UUID> withinRate;
    private final ConcurrentHashMap<UUID, Cached> cache = new ConcurrentHashMap<>();

    public BidderEligibility(BidderStore bidders, Clock clock) {
        this(bidders, clock, Duration.ofDays(30));
    }

    /** @param minXAccountAge an X account younger than this may not bid (AUCTIONS.md: 30 days) */
    public BidderEligibility(BidderStore bidders, Clock clock, Duration minXAccountAge) {
        this(bidders, clock, minXAccountAge, bidder -> true);
    }

    /**
     * @param withinRate takes one bid from a bidder's allowance (a Redis token bucket); false when it is spent.
     *     Consulted for X bids that pass every other check, so a refused bid does not also use up allowance.
     */
    public BidderEligibility(
            BidderStore bidders, Clock clock, Duration minXAccountAge, java.util.function.Predicate<UUID> withinRate) {
        this.bidders = bidders;
        this.clock = clock;
        this.minXAccountAge = minXAccountAge;
        this.withinRate = withinRate;
    }

    @Override
    public Eligibility of(BidCommand bid) {
        Instant now = clock.instant();
        var cached = cache.compute(
                bid.bidderId(),
                (id, old) -> old != null && old.at().plus(TTL).isAfter(now) ? old : new Cached(bidders.find(id), now));
        var bidder = cached.bidder();
        if (bidder.isEmpty()) {
            return Eligibility.notLinked();
        }
        if (bidder.get().bannedAt().isPresent()) {
            return Eligibility.refused(RejectionReason.BIDDER_BANNED);
        }
        if (bid.key().source() == BidSource.X) {
            if (bidder.get().wallet().isEmpty()) {
                return Eligibility.notLinked();
            }
            var madeAt = bidder.get().xAccountCreatedAt();
            if (madeAt.isPresent() && madeAt.get().plus(minXAccountAge).isAfter(bid.eventTime())) {
                return Eligibility.refused(RejectionReason.ACCOUNT_TOO_NEW);
            }
            if (!withinRate.test(bid.bidderId())) {
                return Eligibility.refused(RejectionReason.RATE_LIMITED);
            }
        }
        return Eligibility.OK;
    }
}
