package dev.gavel.social.notice;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.BidRecord;
import dev.gavel.auction.RejectionReason;
import dev.gavel.core.money.Wei;
import dev.gavel.core.time.Eastern;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Composes the host's posts from Gavel's state: every fact in them (amounts, handles, times) comes from the
 * arguments, never from anywhere else. Keys make each notice unique, so composing one again is harmless.
 * Stateless and thread-safe.
 */
public final class Notices {
    /** The warnings before the end (AUCTIONS.md: 30, 10 and 1 minute). */
    public static final List<Duration> WARNINGS =
            List.of(Duration.ofMinutes(30), Duration.ofMinutes(10), Duration.ofMinutes(1));

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

    private Notices() {}

    /** The reply to a bid post: accepted (with the new minimum next bid) or rejected with the reason. */
    public static Notice decision(AuctionInfo auction, BidRecord bid, AuctionState after) {
        String postId = bid.command().key().externalId();
        String amount = eth(bid.command().amount());
        String text = bid.rejection()
                .map(reason -> "Your bid of " + amount + " on " + auction.hashtag() + " was not accepted: "
                        + reason.words() + hint(reason, auction, after))
                .orElseGet(() -> "Bid accepted: " + amount + " leads on " + auction.hashtag()
                        + ". The next bid must be at least " + eth(after.minimumNextBid()) + ".");
        return new Notice(
                decisionKey(bid.bidId()),
                Notice.Kind.DECISION,
                Optional.of(auction.id()),
                Optional.of(postId),
                Optional.empty(),
                fit(text),
                Optional.empty());
    }

    /** The key of a bid's decision reply, which outbid and won notices answer. */
    public static String decisionKey(UUID bidId) {
        return "decision:" + bidId;
    }

    /** To the previous leader, under the reply that told them they led. */
    public static Notice outbid(AuctionInfo auction, UUID outbidBidId, String outbidHandle, AuctionState after) {
        var leader = after.highest().orElseThrow(() -> new IllegalArgumentException("outbid, but nobody leads"));
        String text = "@" + outbidHandle + " you were outbid on " + auction.hashtag() + ": " + eth(leader.amount())
                + " leads now. Bid at least " + eth(after.minimumNextBid()) + " to lead again.";
        return new Notice(
                "outbid:" + outbidBidId,
                Notice.Kind.OUTBID,
                Optional.of(auction.id()),
                Optional.empty(),
                Optional.of(decisionKey(outbidBidId)),
                fit(text),
                Optional.empty());
    }

    /** To the winner, under the reply that accepted the winning bid. */
    public static Notice won(AuctionInfo auction, BidRecord winning, String handle) {
        String text = "@" + handle + " you won " + auction.hashtag() + " (" + name(auction) + ") with "
                + eth(winning.command().amount()) + ". Congratulations! Settlement follows from the escrow.";
        return new Notice(
                "won:" + winning.bidId(),
                Notice.Kind.WON,
                Optional.of(auction.id()),
                Optional.empty(),
                Optional.of(decisionKey(winning.bidId())),
                fit(text),
                Optional.empty());
    }

    /** A post that looks like a bid but is not one gets one reply saying why and how. */
    public static Notice malformed(Optional<UUID> auctionId, String postId, String hashtag, String reason) {
        String text = "That looks like a bid on " + hashtag + ", but " + reason + ". Bids look like: bid 2.5 ETH "
                + hashtag + " (a plain number with a dot, then ETH).";
        return new Notice(
                "post:" + postId,
                Notice.Kind.MALFORMED,
                auctionId,
                Optional.of(postId),
                Optional.empty(),
                fit(text),
                Optional.empty());
    }

    /** An answer to a post in the link flow (a link request, a signature). */
    public static Notice linkReply(String postId, String text) {
        return new Notice(
                "post:" + postId,
                Notice.Kind.LINK,
                Optional.empty(),
                Optional.of(postId),
                Optional.empty(),
                fit(text),
                Optional.empty());
    }

    /** The auction started. */
    public static Notice started(AuctionInfo auction, AuctionState state) {
        String text = name(auction) + " is live! Reply to this post with: bid " + eth(state.minimumNextBid()) + " "
                + auction.hashtag() + " — bidding ends at " + time(state.endsAt()) + " ET. Starting price "
                + eth(state.terms().startingPrice()) + ".";
        return announcement(auction, "start", Notice.Kind.START, text, Optional.of(state.endsAt()));
    }

    /** A bid in the last minutes moved the end (or an admin extended it). */
    public static Notice extended(AuctionInfo auction, AuctionState state) {
        String text = "Extended! A late bid moved the end of " + auction.hashtag() + " to " + time(state.endsAt())
                + " ET."
                + state.highest()
                        .map(h -> " " + eth(h.amount()) + " leads; the next bid must be at least "
                                + eth(state.minimumNextBid()) + ".")
                        .orElse("");
        return announcement(
                auction,
                "extended:" + state.extensions() + ":" + state.endsAt().getEpochSecond(),
                Notice.Kind.EXTENDED,
                text,
                Optional.of(state.endsAt()));
    }

    /** The auction is over: sold (with the winner's handle) or not. */
    public static Notice result(AuctionInfo auction, AuctionState state, Optional<String> winnerHandle) {
        String text;
        if (state.status() == AuctionStatus.CANCELLED) {
            text = auction.hashtag() + " (" + name(auction)
                    + ") was cancelled. Any funds reserved for it are released.";
        } else if (state.highest().isPresent() && winnerHandle.isPresent()) {
            text = "Sold! " + name(auction) + " " + auction.hashtag() + " goes to @" + winnerHandle.get() + " for "
                    + eth(state.highest().get().amount()) + " after " + state.bidCount() + " bid"
                    + (state.bidCount() == 1 ? "" : "s") + ". Thank you all for bidding!";
        } else if (state.highest().isPresent()) {
            text = "Sold! " + name(auction) + " " + auction.hashtag() + " goes for "
                    + eth(state.highest().get().amount()) + ". Thank you all for bidding!";
        } else {
            text = name(auction) + " " + auction.hashtag() + " ended without a sale: no bid reached the reserve.";
        }
        return announcement(auction, "result", Notice.Kind.RESULT, text, Optional.empty());
    }

    /**
     * The time-driven announcements due at {@code now}: the teaser once the auction is within {@code teaserLead}
     * of its start, and the tightest warning whose threshold the time left has crossed. After an extension only
     * the one-minute warning is repeated, so a bidding war does not flood the timeline.
     */
    public static List<Notice> due(AuctionInfo auction, AuctionState state, Instant now, Duration teaserLead) {
        if (state.status() == AuctionStatus.PENDING) {
            if (!now.isBefore(state.startsAt().minus(teaserLead)) && now.isBefore(state.startsAt())) {
                String text = "Coming up at " + time(state.startsAt()) + " ET: " + name(auction)
                        + " goes up for auction. Bid by replying to the auction post with: bid "
                        + eth(state.minimumNextBid()) + " " + auction.hashtag() + ". Link your wallet first.";
                return List.of(
                        announcement(auction, "teaser", Notice.Kind.TEASER, text, Optional.of(state.startsAt())));
            }
            return List.of();
        }
        if (state.status() != AuctionStatus.ACTIVE || !now.isBefore(state.endsAt())) {
            return List.of();
        }
        Duration left = Duration.between(now, state.endsAt());
        var thresholds = state.extensions() == 0 ? WARNINGS : List.of(Duration.ofMinutes(1));
        Optional<Duration> crossed =
                thresholds.stream().filter(t -> left.compareTo(t) <= 0).min(Duration::compareTo);
        if (crossed.isEmpty()) {
            return List.of();
        }
        long minutes = Math.max(1, (left.toSeconds() + 59) / 60);
        String text = (minutes == 1 ? "One minute" : minutes + " minutes") + " left on " + auction.hashtag() + " (ends "
                + time(state.endsAt()) + " ET). "
                + state.highest()
                        .map(h -> eth(h.amount()) + " leads; the next bid must be at least "
                                + eth(state.minimumNextBid()) + ".")
                        .orElse("No bids yet: start at " + eth(state.minimumNextBid()) + ".");
        return List.of(announcement(
                auction,
                "warn:" + crossed.get().toMinutes() + "m:" + state.extensions(),
                Notice.Kind.WARNING,
                text,
                Optional.of(state.endsAt())));
    }

    private static Notice announcement(
            AuctionInfo auction, String what, Notice.Kind kind, String text, Optional<Instant> notAfter) {
        return new Notice(
                "announce:" + auction.id() + ":" + what,
                kind,
                Optional.of(auction.id()),
                Optional.empty(),
                Optional.empty(),
                fit(text),
                notAfter);
    }

    private static String hint(RejectionReason reason, AuctionInfo auction, AuctionState after) {
        return switch (reason) {
            case BELOW_MIN_INCREMENT, BELOW_RESERVE, INSUFFICIENT_FUNDS ->
                ". The next bid must be at least " + eth(after.minimumNextBid()) + ".";
            case WALLET_NOT_LINKED -> ". Reply to the host with: link 0xYourWalletAddress.";
            case AUCTION_NOT_STARTED -> ". It starts at " + time(after.startsAt()) + " ET.";
            default -> ".";
        };
    }

    /** Auction names have no length limit; in a post they give way, so handles and amounts always fit. */
    private static String name(AuctionInfo auction) {
        String name = auction.name();
        int max = 60;
        return name.codePointCount(0, name.length()) <= max
                ? name
                : name.substring(0, name.offsetByCodePoints(0, max - 1)) + "…";
    }

    static String eth(Wei amount) {
        return amount.toEth() + " ETH";
    }

    private static String time(Instant at) {
        return TIME.format(at.atZone(Eastern.ZONE));
    }

    /** Shortens to X's limit (by code points, never splitting a surrogate pair). */
    static String fit(String text) {
        if (text.codePointCount(0, text.length()) <= Notice.MAX_LENGTH) {
            return text;
        }
        int end = text.offsetByCodePoints(0, Notice.MAX_LENGTH - 1);
        return text.substring(0, end) + "…";
    }
}
