package dev.gavel.server.auction;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.BidRecord;
import dev.gavel.auction.LeadingBid;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.auction.StoredBid;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The JSON shapes of API.md for auctions and bids: ETH as decimal strings, times as ISO-8601. */
final class AuctionViews {
    private AuctionViews() {}

    /** Resolves a bidder id to the handle people see. */
    interface Handles extends java.util.function.Function<UUID, String> {}

    record HighestBid(UUID bidId, String amount, UUID bidderId, String handle, Instant eventTime) {
        static HighestBid of(LeadingBid l, Handles handles) {
            return new HighestBid(
                    l.bidId(), l.amount().toEth(), l.bidderId(), handles.apply(l.bidderId()), l.eventTime());
        }
    }

    record Auction(
            UUID id,
            String name,
            String hashtag,
            Object artwork,
            UUID campaignId,
            Integer dayNumber,
            AuctionStatus status,
            Instant startsAt,
            Instant endsAt,
            Instant originalEndsAt,
            int extensions,
            String startingPrice,
            String reservePrice,
            String currentPrice,
            String minNextBid,
            HighestBid highestBid,
            int bidCount,
            HighestBid winner,
            Map<String, Object> rules,
            Map<String, Object> onChain) {}

    static Auction of(StoredAuction meta, AuctionState s, Object artwork, Handles handles) {
        return of(meta, s, artwork, handles, null);
    }

    /** @param onChain the artwork's custody and the settlement, when the chain side knows them (else null) */
    static Auction of(
            StoredAuction meta, AuctionState s, Object artwork, Handles handles, Map<String, Object> onChain) {
        var t = s.terms();
        var highest = s.highest().map(h -> HighestBid.of(h, handles)).orElse(null);
        var rules = new java.util.LinkedHashMap<String, Object>();
        t.minIncrement().percent().ifPresent(p -> rules.put("minIncrementPercent", p.toPlainString()));
        t.minIncrement().amount().ifPresent(a -> rules.put("minIncrementAmount", a.toEth()));
        rules.put("antiSnipeWindowSeconds", t.antiSnipe().window().toSeconds());
        rules.put("antiSnipeExtensionSeconds", t.antiSnipe().extension().toSeconds());
        rules.put(
                "maxExtensions",
                t.antiSnipe().maxExtensions().isPresent()
                        ? t.antiSnipe().maxExtensions().getAsInt()
                        : null);
        rules.put("graceSeconds", t.grace().toSeconds());
        rules.put("requireFunds", t.requireFunds());
        return new Auction(
                s.id(),
                meta.name(),
                meta.hashtag().orElse(null),
                artwork,
                meta.campaignId().orElse(null),
                meta.dayNumber().orElse(null),
                s.status(),
                s.startsAt(),
                s.endsAt(),
                s.originalEndsAt(),
                s.extensions(),
                t.startingPrice().toEth(),
                t.reservePrice().toEth(),
                s.highest()
                        .map(h -> h.amount().toEth())
                        .orElse(t.startingPrice().toEth()),
                s.minimumNextBid().toEth(),
                highest,
                s.bidCount(),
                s.status() == AuctionStatus.COMPLETED ? highest : null,
                rules,
                onChain);
    }

    record Bid(
            UUID bidId,
            String status,
            String reason,
            String reasonText,
            String amount,
            UUID bidderId,
            String handle,
            String source,
            Instant eventTime,
            Instant decidedAt,
            long sequence,
            Instant voidedAt) {}

    static Bid of(BidRecord r, Instant voidedAt, Handles handles) {
        return new Bid(
                r.bidId(),
                r.accepted() ? "ACCEPTED" : "REJECTED",
                r.rejection().map(Enum::name).orElse(null),
                r.rejection().map(x -> x.words()).orElse(null),
                r.command().amount().toEth(),
                r.command().bidderId(),
                handles.apply(r.command().bidderId()),
                r.command().key().source().name(),
                r.command().eventTime(),
                r.decidedAt(),
                r.sequence(),
                voidedAt);
    }

    static Bid of(StoredBid b, Handles handles) {
        return of(b.record(), b.voidedAt().orElse(null), handles);
    }
}
