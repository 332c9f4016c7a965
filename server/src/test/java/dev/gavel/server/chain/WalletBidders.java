package dev.gavel.server.chain;

import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Bidders for the chain tests: a fresh handle and a linked wallet, saved. */
final class WalletBidders {
    private WalletBidders() {}

    static Bidder create(BidderStore bidders, String wallet, Instant at) {
        var b = new Bidder(
                UUID.randomUUID(),
                "w" + UUID.randomUUID().toString().substring(0, 8),
                Optional.empty(),
                Optional.empty(),
                Optional.of(wallet),
                at,
                Optional.empty(),
                Optional.empty());
        bidders.create(b);
        return b;
    }
}
