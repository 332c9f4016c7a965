package dev.gavel.stream.render;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * What the stream shows of the world at one moment: the live auction (if any) and what the host is saying.
 * Amounts are display strings ("2.5 ETH" is written by whoever builds this), so this module needs no
 * auction types. Immutable.
 */
public record LiveState(Optional<Auction> auction, Optional<String> hostCaption) {
    public static final LiveState EMPTY = new LiveState(Optional.empty(), Optional.empty());

    public LiveState {
        auction = auction == null ? Optional.empty() : auction;
        hostCaption = hostCaption == null ? Optional.empty() : hostCaption;
    }

    /**
     * @param currentBid the highest bid in ETH ("2.5"), empty with no bids
     * @param lastExtendedAt when the end last moved (anti-snipe or an admin), for the countdown's flash
     * @param artwork the artwork's image asset id, when it has one
     */
    public record Auction(
            String name,
            String hashtag,
            String status,
            Optional<String> currentBid,
            Optional<String> topBidder,
            int bidCount,
            String minNextBid,
            Instant endsAt,
            Optional<Instant> lastExtendedAt,
            List<TickerBid> recentBids,
            Optional<String> artwork) {
        public Auction {
            recentBids = List.copyOf(recentBids);
        }
    }

    /** One line of the bid ticker. */
    public record TickerBid(String bidder, String amount, boolean accepted) {}

    public LiveState withHostCaption(Optional<String> caption) {
        return new LiveState(auction, caption);
    }

    /** The value of a binding name (see {@code scene.Bindings}) at {@code now}; empty text when there is none. */
    public String value(String name, Instant now) {
        return switch (name) {
            case "auction.name" -> auction.map(Auction::name).orElse("");
            case "auction.hashtag" -> auction.map(Auction::hashtag).orElse("");
            case "auction.status" -> auction.map(Auction::status).orElse("");
            case "auction.currentBid" ->
                auction.flatMap(Auction::currentBid).map(b -> b + " ETH").orElse("no bids yet");
            case "auction.topBidder" -> auction.flatMap(Auction::topBidder).orElse("nobody yet");
            case "auction.bidCount" ->
                auction.map(a -> Integer.toString(a.bidCount())).orElse("0");
            case "auction.minNextBid" ->
                auction.map(a -> a.minNextBid() + " ETH").orElse("");
            case "auction.timeLeft" -> auction.map(a -> timeLeft(a, now)).orElse("");
            case "auction.endsAt" -> auction.map(a -> CLOCK.format(a.endsAt())).orElse("");
            case "host.caption" -> hostCaption.orElse("");
            case "time" -> CLOCK.format(now);
            default -> "";
        };
    }

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("America/New_York"));

    /** {@code h:mm:ss} or {@code m:ss} until the end; {@code 0:00} after it. */
    public static String timeLeft(Auction a, Instant now) {
        long s = Math.max(0, Duration.between(now, a.endsAt()).toSeconds());
        // a partial second still to go counts as a second, so the clock shows 0:00 only at the end
        if (now.isBefore(a.endsAt()) && Duration.between(now, a.endsAt()).toMillis() % 1000 != 0) {
            s++;
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, sec) : String.format("%d:%02d", m, sec);
    }
}
