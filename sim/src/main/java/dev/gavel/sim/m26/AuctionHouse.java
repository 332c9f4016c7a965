package dev.gavel.sim.m26;

import dev.gavel.sim.m26.Auction.Status;
import dev.gavel.sim.m26.CardCatalogue.Card;
import dev.gavel.sim.m26.M26Simulator.MarketEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The simulated market: listings that appear, draw bids, get bought out, end, expire or are cancelled, all
 * from one seeded random stream advanced one whole second of clock time at a time, so the same seed and the
 * same clock give the same market however often (or seldom) it is looked at. Ended listings stay visible
 * for {@link #ENDED_VISIBLE_SECONDS} and then vanish. Thread-safe: every method holds the house's lock; the
 * visible listings are snapshotted once a second, so many pollers share one sorted list.
 */
final class AuctionHouse {
    static final int ENDED_VISIBLE_SECONDS = 120;
    static final int INITIAL_LISTINGS = 200;
    /** New listings a second, on average (20 a minute). */
    private static final double NEW_PER_SECOND = 20.0 / 60.0;
    /** The chance an active listing draws a bid in a given second: one every two minutes on average. */
    private static final double BID_PER_SECOND = 1.0 / 120.0;

    private static final double BUYOUT_PER_SECOND = 1.0 / 3_000.0;
    private static final double CANCEL_PER_SECOND = 1.0 / 40_000.0;
    private static final int SELLERS = 400;
    private static final int BIDDERS = 1_000;

    private static final Comparator<Auction> SEARCH_ORDER =
            Comparator.comparingInt(Auction::secondsRemaining).thenComparingLong(Auction::auctionId);

    /** A listing's moving parts. */
    private static final class Listing {
        final long auctionId;
        final Card card;
        final long cardInstanceId;
        final long sellerId;
        final int openingPrice;
        final int buyoutPrice;
        final long postingSecond;
        final long endSecond;
        Status status = Status.ACTIVE;
        int currentBid;
        int numberOfBids;
        long topBidder;
        long buyerId;
        long endedSecond;

        Listing(
                long auctionId,
                Card card,
                long cardInstanceId,
                long sellerId,
                int openingPrice,
                int buyoutPrice,
                long postingSecond,
                long endSecond) {
            this.auctionId = auctionId;
            this.card = card;
            this.cardInstanceId = cardInstanceId;
            this.sellerId = sellerId;
            this.openingPrice = openingPrice;
            this.buyoutPrice = buyoutPrice;
            this.postingSecond = postingSecond;
            this.endSecond = endSecond;
        }

        Auction at(long second) {
            int remaining = status == Status.ACTIVE ? (int) Math.max(0, endSecond - second) : 0;
            int next = numberOfBids == 0 ? openingPrice : Coins.nextAbove(currentBid);
            return new Auction(
                    auctionId,
                    status,
                    openingPrice,
                    buyoutPrice,
                    currentBid,
                    next,
                    numberOfBids,
                    postingSecond,
                    remaining,
                    sellerId,
                    buyerId,
                    cardInstanceId,
                    card);
        }
    }

    private final SplittableRandom random;
    private final long[] sellers = new long[SELLERS];
    private final long[] bidders = new long[BIDDERS];
    /** In auction id order, which is listing order. */
    private final Map<Long, Listing> listings = new LinkedHashMap<>();

    private final List<MarketEvent> events = new ArrayList<>();
    private long second;
    private long nextAuctionId;
    private long nextInstanceId;
    private List<Auction> visible;

    AuctionHouse(long seed, Instant start) {
        this.random = new SplittableRandom(seed);
        this.second = start.getEpochSecond();
        for (int i = 0; i < SELLERS; i++) {
            sellers[i] = 1_000_000_000L + random.nextLong(9_000_000_000L);
        }
        for (int i = 0; i < BIDDERS; i++) {
            bidders[i] = 1_000_000_000L + random.nextLong(9_000_000_000L);
        }
        this.nextAuctionId = 380_000_000L + random.nextLong(10_000_000L);
        this.nextInstanceId = 7_200_000_000L + random.nextLong(100_000_000L);
        for (int i = 0; i < INITIAL_LISTINGS; i++) {
            int duration = 60 * (1 + random.nextInt(60));
            list(second - random.nextInt(duration), duration);
        }
    }

    /** Runs the market on to {@code now}, one second at a time; a moment in the past changes nothing. */
    synchronized void advanceTo(Instant now) {
        long target = now.getEpochSecond();
        while (second < target) {
            step(++second);
        }
    }

    /** What a search sees now: the active and the recently ended listings, soonest to end first, then by id. */
    synchronized List<Auction> visible() {
        if (visible == null) {
            visible = listings.values().stream()
                    .map(l -> l.at(second))
                    .sorted(SEARCH_ORDER)
                    .toList();
        }
        return visible;
    }

    /** The listing with {@code auctionId} while it is visible. */
    synchronized Optional<Auction> find(long auctionId) {
        return Optional.ofNullable(listings.get(auctionId)).map(l -> l.at(second));
    }

    /** Every change since the start, oldest first, from position {@code since}. */
    synchronized List<MarketEvent> events(int since) {
        return List.copyOf(events.subList(Math.min(Math.max(0, since), events.size()), events.size()));
    }

    synchronized int eventCount() {
        return events.size();
    }

    synchronized Instant now() {
        return Instant.ofEpochSecond(second);
    }

    private void step(long t) {
        visible = null;
        var it = listings.values().iterator();
        while (it.hasNext()) {
            Listing l = it.next();
            if (l.status != Status.ACTIVE) {
                if (t - l.endedSecond > ENDED_VISIBLE_SECONDS) {
                    it.remove();
                }
            } else if (t >= l.endSecond) {
                if (l.numberOfBids > 0) {
                    end(l, t, Status.ENDED, l.topBidder, "SOLD", l.currentBid);
                } else {
                    end(l, t, Status.EXPIRED, 0, "EXPIRED", l.openingPrice);
                }
            } else {
                double u = random.nextDouble();
                if (u < BID_PER_SECOND) {
                    bid(l, t);
                } else if (u < BID_PER_SECOND + BUYOUT_PER_SECOND) {
                    buyout(l, t);
                } else if (u < BID_PER_SECOND + BUYOUT_PER_SECOND + CANCEL_PER_SECOND && l.numberOfBids == 0) {
                    end(l, t, Status.CANCELLED, 0, "CANCELLED", l.openingPrice);
                }
            }
        }
        for (int n = arrivals(); n > 0; n--) {
            list(t, 60 * (1 + random.nextInt(60)));
        }
    }

    private void bid(Listing l, long t) {
        int bid = l.numberOfBids == 0 ? l.openingPrice : Coins.nextAbove(l.currentBid);
        if (bid >= l.buyoutPrice) {
            buyout(l, t);
            return;
        }
        l.currentBid = bid;
        l.numberOfBids++;
        l.topBidder = bidders[random.nextInt(BIDDERS)];
        events.add(new MarketEvent(Instant.ofEpochSecond(t), l.auctionId, "BID", bid));
    }

    private void buyout(Listing l, long t) {
        l.currentBid = l.buyoutPrice;
        end(l, t, Status.ENDED, bidders[random.nextInt(BIDDERS)], "SOLD", l.buyoutPrice);
    }

    private void end(Listing l, long t, Status status, long buyer, String kind, int price) {
        l.status = status;
        l.buyerId = buyer;
        l.endedSecond = t;
        events.add(new MarketEvent(Instant.ofEpochSecond(t), l.auctionId, kind, price));
    }

    /** A new listing posted at {@code postedAt} for {@code duration} seconds; announced at the house's now. */
    private void list(long postedAt, int duration) {
        Card card = CardCatalogue.CARDS.get(random.nextInt(CardCatalogue.CARDS.size()));
        int opening = Coins.round((int) (card.value() * (0.55 + 0.4 * random.nextDouble())));
        int buyout = Coins.round((int) (card.value() * (1.05 + 0.55 * random.nextDouble())));
        if (buyout < Coins.nextAbove(opening)) {
            buyout = Coins.nextAbove(opening);
        }
        nextAuctionId += 1 + random.nextInt(7);
        nextInstanceId += 1 + random.nextInt(40);
        var l = new Listing(
                nextAuctionId,
                card,
                nextInstanceId,
                sellers[random.nextInt(SELLERS)],
                opening,
                buyout,
                postedAt,
                postedAt + duration);
        listings.put(l.auctionId, l);
        events.add(new MarketEvent(Instant.ofEpochSecond(second), l.auctionId, "NEW", opening));
        visible = null;
    }

    /** How many listings appear this second: Poisson with {@link #NEW_PER_SECOND} (Knuth's method). */
    private int arrivals() {
        double limit = Math.exp(-NEW_PER_SECOND);
        double p = random.nextDouble();
        int k = 0;
        while (p > limit) {
            k++;
            p *= random.nextDouble();
        }
        return k;
    }
}
