package dev.gavel.server.auction;

import dev.gavel.auction.AuctionState;
import java.util.LinkedHashMap;
import java.util.Map;

/** The compact JSON-ready form of an auction event, shared by the event stream and WebSocket clients. */
public final class EventJson {
    private final AuctionViews.Handles handles;

    public EventJson(Bidders bidders) {
        this.handles = bidders::handleOf;
    }

    public static String type(AuctionEvent event) {
        return switch (event) {
            case AuctionEvent.BidDecided b -> "bid";
            case AuctionEvent.Extended e -> "extended";
            case AuctionEvent.StatusChanged s -> "status";
            case AuctionEvent.Finalized f -> "winner";
        };
    }

    public Map<String, Object> body(AuctionEvent event) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", type(event));
        m.put("auctionId", event.state().id().toString());
        m.put("state", state(event.state()));
        switch (event) {
            case AuctionEvent.BidDecided b -> m.put("bid", AuctionViews.of(b.bid(), null, handles));
            case AuctionEvent.StatusChanged s -> m.put("reason", s.reason());
            case AuctionEvent.Finalized f ->
                m.put(
                        "winningBid",
                        f.winningBid()
                                .map(w -> AuctionViews.of(w, null, handles))
                                .orElse(null));
            case AuctionEvent.Extended e -> m.put("endsAt", e.state().endsAt().toString());
        }
        return m;
    }

    Map<String, Object> state(AuctionState s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("status", s.status().name());
        m.put("startsAt", s.startsAt().toString());
        m.put("endsAt", s.endsAt().toString());
        m.put("extensions", s.extensions());
        m.put("bidCount", s.bidCount());
        m.put("minNextBid", s.minimumNextBid().toEth());
        m.put(
                "highestBid",
                s.highest().map(h -> AuctionViews.HighestBid.of(h, handles)).orElse(null));
        m.put("version", s.version());
        return m;
    }
}
