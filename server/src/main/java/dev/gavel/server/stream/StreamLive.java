package dev.gavel.server.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.BidRecord;
import dev.gavel.server.auction.AuctionEvent;
import dev.gavel.server.auction.AuctionHouse;
import dev.gavel.server.auction.AuctionListener;
import dev.gavel.server.auction.Bidders;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.stream.render.LiveState;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the stream shows, kept current: the live auction (the one ACTIVE, PAUSED or PROCESSING, else the next
 * to start, else the one that ended last), its bids and extensions as the auction house commits them, and the
 * host's latest words. Events from the house update it at once (so a bid reaches the next frame); a check
 * every second picks up a change of live auction. The compositor reads {@link #current()} once per frame.
 * Thread-safe.
 */
public final class StreamLive implements AuctionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamLive.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TICKER = 8;

    private final AuctionStore auctions;
    private final AuctionHouse house;
    private final Bidders bidders;
    private final Function<UUID, Optional<String>> hostWords;
    private final Clock clock;
    private final ScheduledExecutorService schedule;
    private final Deque<LiveState.TickerBid> recent = new ArrayDeque<>();

    private volatile LiveState current = LiveState.EMPTY;
    private StoredAuction live; // under this
    private Instant lastExtendedAt; // under this
    private Optional<String> hostSays = Optional.empty(); // under this

    /**
     * @param hostWords the host's newest words about an auction (its latest post on X), when there are any
     */
    public StreamLive(
            AuctionStore auctions,
            AuctionHouse house,
            Bidders bidders,
            Function<UUID, Optional<String>> hostWords,
            Clock clock) {
        this.auctions = auctions;
        this.house = house;
        this.bidders = bidders;
        this.hostWords = hostWords;
        this.clock = clock;
        this.schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "gavel-stream-live");
            t.setDaemon(true);
            return t;
        });
        refresh();
        schedule.scheduleWithFixedDelay(this::refreshSafely, 1, 1, TimeUnit.SECONDS);
    }

    public LiveState current() {
        return current;
    }

    @Override
    public void on(AuctionEvent event) {
        synchronized (this) {
            if (live == null || !live.state().id().equals(event.state().id())) {
                return;
            }
            if (event instanceof AuctionEvent.BidDecided decided) {
                push(decided.bid());
            }
            if (event instanceof AuctionEvent.Extended) {
                lastExtendedAt = clock.instant();
            }
            current = build(live, event.state());
        }
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.debug("stream: live state not refreshed: {}", e.getMessage());
        }
    }

    /**
     * Picks the live auction again and rebuilds the state from the house. The database is asked outside the
     * lock, which the house's listener calls take on the sequencer's thread: a bid is never held up by this.
     */
    void refresh() {
        var pick = pick();
        Optional<UUID> liveId;
        synchronized (this) {
            liveId = Optional.ofNullable(live).map(l -> l.state().id());
        }
        var bids = pick.filter(p -> liveId.map(id -> !id.equals(p.state().id())).orElse(true))
                .map(p -> auctions.page(p.state().id(), TICKER, Optional.empty()));
        Optional<String> words = pick.flatMap(p -> {
            try {
                return hostWords.apply(p.state().id());
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
        synchronized (this) {
            hostSays = words;
            if (pick.isEmpty()) {
                live = null;
                recent.clear();
                current = LiveState.EMPTY;
                return;
            }
            if (bids.isPresent()) {
                live = pick.get();
                lastExtendedAt = null;
                recent.clear();
                var page = bids.get();
                for (int i = page.size() - 1; i >= 0; i--) {
                    if (page.get(i).voidedAt().isEmpty()) {
                        push(page.get(i).record());
                    }
                }
            }
            var state = house.state(live.state().id()).orElse(live.state());
            current = build(live, state);
        }
    }

    private Optional<StoredAuction> pick() {
        var all = auctions.recent(50);
        var running = all.stream()
                .filter(a -> switch (a.state().status()) {
                    case ACTIVE, PAUSED, PROCESSING -> true;
                    default -> false;
                })
                .min(Comparator.comparing(a -> a.state().startsAt()));
        if (running.isPresent()) {
            return running;
        }
        var next = all.stream()
                .filter(a -> a.state().status() == AuctionStatus.PENDING)
                .min(Comparator.comparing(a -> a.state().startsAt()));
        if (next.isPresent()) {
            return next;
        }
        return all.stream()
                .filter(a -> a.state().status() == AuctionStatus.COMPLETED)
                .max(Comparator.comparing(a -> a.state().endsAt()));
    }

    private void push(BidRecord bid) {
        String who = Optional.ofNullable(bidders.handleOf(bid.command().bidderId()))
                .map(h -> h.startsWith("@") ? h : "@" + h)
                .orElse(bid.command().bidderId().toString().substring(0, 8));
        recent.addFirst(new LiveState.TickerBid(who, bid.command().amount().toEth(), bid.accepted()));
        while (recent.size() > TICKER) {
            recent.removeLast();
        }
    }

    private LiveState build(StoredAuction meta, AuctionState s) {
        JsonNode artwork = artwork(meta);
        String name = artwork.path("name").isTextual() ? artwork.path("name").asText() : meta.name();
        Optional<String> image =
                Optional.of(artwork.path("assetId").asText("")).filter(id -> id.matches("[0-9a-f]{64}"));
        var top = s.highest().map(h -> Optional.ofNullable(bidders.handleOf(h.bidderId()))
                .map(x -> x.startsWith("@") ? x : "@" + x)
                .orElse(h.bidderId().toString().substring(0, 8)));
        var auction = new LiveState.Auction(
                name,
                meta.hashtag().orElse(""),
                s.status().name(),
                s.highest().map(h -> h.amount().toEth()),
                top,
                s.bidCount(),
                s.minimumNextBid().toEth(),
                s.endsAt(),
                Optional.ofNullable(lastExtendedAt),
                List.copyOf(recent),
                image);
        return new LiveState(Optional.of(auction), hostSays);
    }

    private static JsonNode artwork(StoredAuction meta) {
        try {
            var node = JSON.readTree(meta.artworkJson() == null ? "{}" : meta.artworkJson());
            return node == null ? JSON.createObjectNode() : node;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
