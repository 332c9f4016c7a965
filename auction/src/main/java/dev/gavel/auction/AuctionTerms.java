package dev.gavel.auction;

import dev.gavel.core.money.Wei;
import java.time.Duration;

/** The rules one auction runs by (AUCTIONS.md), fixed when it is created. */
public record AuctionTerms(
        Wei startingPrice,
        Wei reservePrice,
        MinIncrement minIncrement,
        AntiSnipe antiSnipe,
        Duration grace,
        boolean requireFunds) {
    public AuctionTerms {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace window cannot be negative");
        }
    }

    /** AUCTIONS.md's defaults: 5 % increment, 5-minute anti-snipe, 20 s grace, funds required. */
    public static AuctionTerms defaults(Wei startingPrice, Wei reservePrice) {
        return new AuctionTerms(
                startingPrice,
                reservePrice,
                MinIncrement.fivePercent(),
                AntiSnipe.defaults(),
                Duration.ofSeconds(20),
                true);
    }
}
