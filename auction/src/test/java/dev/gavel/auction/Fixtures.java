package dev.gavel.auction;

import dev.gavel.core.money.Wei;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.UUID;

/** Small builders shared by the auction tests. */
final class Fixtures {
    static final Instant START = Instant.parse("2026-11-21T19:00:00Z");
    static final Instant END = Instant.parse("2026-11-21T21:00:00Z");
    static final UUID AUCTION = UUID.fromString("00000000-0000-0000-0000-0000000000a1");

    private Fixtures() {}

    static Wei eth(String eth) {
        return Wei.ofEth(eth);
    }

    static AuctionTerms terms() {
        return new AuctionTerms(
                eth("1"),
                eth("1"),
                MinIncrement.fivePercent(),
                new AntiSnipe(Duration.ofMinutes(5), Duration.ofMinutes(5), OptionalInt.empty()),
                Duration.ofSeconds(20),
                true);
    }

    static AuctionState active(AuctionTerms terms) {
        return AuctionState.planned(AUCTION, START, END, terms).withStatus(AuctionStatus.ACTIVE);
    }

    static AuctionState active() {
        return active(terms());
    }

    static int counter = 0;

    static BidCommand bid(UUID bidder, String eth, Instant eventTime) {
        return new BidCommand(
                new BidKey(BidSource.API, "k" + (++counter)),
                AUCTION,
                bidder,
                Wei.ofEth(eth),
                eventTime,
                eventTime.plusMillis(300));
    }

    static UUID bidder(int n) {
        return new UUID(0xB1DDE5L, n);
    }
}
