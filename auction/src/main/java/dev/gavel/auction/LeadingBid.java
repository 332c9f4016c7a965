package dev.gavel.auction;

import dev.gavel.core.money.Wei;
import java.time.Instant;
import java.util.UUID;

/** The highest accepted bid so far. */
public record LeadingBid(UUID bidId, UUID bidderId, Wei amount, Instant eventTime) {}
