package dev.gavel.social;

import dev.gavel.core.money.Wei;
import java.util.Optional;

/** What a post in an auction's conversation says, as far as bidding goes. */
public sealed interface BidPost {

    /**
     * A bid: the auction's hashtag (as written, with its {@code #}), the amount, and the payment's tx hash
     * when the bidder paid directly.
     */
    record Bid(String hashtag, Wei amount, Optional<String> txHash) implements BidPost {}

    /**
     * It looks like a bid — a hashtag and a number — but is not one; {@code reason} is what the helpful
     * reply tells the bidder.
     */
    record Malformed(String hashtag, String reason) implements BidPost {}

    /** Conversation, not a bid: left alone, no reply. */
    record NotABid() implements BidPost {}
}
