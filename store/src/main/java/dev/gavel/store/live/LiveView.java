package dev.gavel.store.live;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.BidRecord;
import dev.gavel.auction.LeadingBid;
import dev.gavel.store.Redis;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The live view of auctions in Redis, in the Auction Manager key schema: {@code auction:{campaign}:current}
 * and {@code auction:{campaign}:day:{n}} hashes, {@code auction:bids:{auctionId}} (accepted bids by amount)
 * and {@code users:{bidderId}:bids} (a bidder's bids by time). A standalone auction is its own campaign.
 * Written only after the decisions are committed; {@link #rebuild} recomputes it from PostgreSQL.
 */
public final class LiveView {
    private final Redis redis;

    public LiveView(Redis redis) {
        this.redis = redis;
    }

    /** Where an auction belongs in the key schema. */
    public record Place(UUID auctionId, Optional<UUID> campaignId, Optional<Integer> day) {
        String campaign() {
            return campaignId.map(UUID::toString).orElse(auctionId.toString());
        }
    }

    /**
     * Writes the auction's state and its newly decided bids: a handful of pipelined commands per batch (one
     * multi-member ZADD per key, at most 1000 members each), however many bids the batch holds.
     */
    public void update(Place place, AuctionState state, List<BidRecord> newBids) {
        var async = redis.async();
        var pending = new ArrayList<RedisFuture<?>>();
        Map<String, String> view = view(state);
        pending.add(async.hset(Keys.current(place.campaign()), view));
        place.day().ifPresent(day -> pending.add(async.hset(Keys.day(place.campaign(), day), view)));
        var accepted = new ArrayList<ScoredValue<String>>();
        var byBidder = new LinkedHashMap<UUID, List<ScoredValue<String>>>();
        for (BidRecord bid : newBids) {
            if (bid.accepted()) {
                accepted.add(ScoredValue.just(
                        bid.command().amount().value().doubleValue() / 1e18,
                        bid.bidId().toString()));
            }
            byBidder.computeIfAbsent(bid.command().bidderId(), k -> new ArrayList<>())
                    .add(ScoredValue.just(bid.decidedAt().toEpochMilli(), bid.bidId() + ":" + state.id()));
        }
        if (!accepted.isEmpty()) {
            zaddChunked(async, Keys.bids(state.id()), accepted, pending);
        }
        byBidder.forEach((bidder, values) -> zaddChunked(async, Keys.userBids(bidder), values, pending));
        for (var f : pending) {
            try {
                f.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                throw new IllegalStateException(
                        "could not update the live view of " + state.id() + ": " + e.getMessage(), e);
            }
        }
    }

    /** At most 1000 members per ZADD, so rebuilding a long bid log never sends one giant command. */
    private static void zaddChunked(
            io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String> async,
            String key,
            List<ScoredValue<String>> values,
            List<RedisFuture<?>> pending) {
        for (int from = 0; from < values.size(); from += 1000) {
            pending.add(zadd(async, key, values.subList(from, Math.min(values.size(), from + 1000))));
        }
    }

    @SuppressWarnings("unchecked") // Lettuce's zadd takes generic varargs of scored values
    private static RedisFuture<Long> zadd(
            io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String> async,
            String key,
            List<ScoredValue<String>> values) {
        return async.zadd(key, values.toArray(ScoredValue[]::new));
    }

    /** Drops and rewrites one auction's keys from its committed state and bid log. */
    public void rebuild(Place place, AuctionState state, List<BidRecord> log) {
        redis.sync().del(Keys.bids(state.id()));
        update(place, state, log);
    }

    /** The live hash of an auction's campaign ("current"), as stored. */
    public Map<String, String> current(Place place) {
        return redis.sync().hgetall(Keys.current(place.campaign()));
    }

    static Map<String, String> view(AuctionState s) {
        var m = new LinkedHashMap<String, String>();
        m.put("auctionId", s.id().toString());
        m.put("status", s.status().name());
        m.put("startsAt", s.startsAt().toString());
        m.put("endsAt", s.endsAt().toString());
        m.put("extensions", Integer.toString(s.extensions()));
        m.put("bidCount", Integer.toString(s.bidCount()));
        m.put("minNextBid", s.minimumNextBid().toEth());
        m.put("highestAmount", s.highest().map(h -> h.amount().toEth()).orElse(""));
        m.put(
                "highestBidder",
                s.highest().map(LeadingBid::bidderId).map(UUID::toString).orElse(""));
        m.put(
                "highestBidId",
                s.highest().map(LeadingBid::bidId).map(UUID::toString).orElse(""));
        m.put("version", Long.toString(s.version()));
        return m;
    }
}
