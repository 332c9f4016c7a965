package dev.gavel.auction;

import dev.gavel.core.money.Wei;
import java.time.Instant;
import java.util.UUID;

/**
 * A bid as every channel hands it in: who, how much, on which auction, when it was made (event time: it
 * decides) and when Gavel received it (processing time: it reports).
 */
public record BidCommand(
        BidKey key, UUID auctionId, UUID bidderId, Wei amount, Instant eventTime, Instant receivedAt) {}
