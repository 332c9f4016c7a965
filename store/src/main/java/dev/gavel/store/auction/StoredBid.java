package dev.gavel.store.auction;

import dev.gavel.auction.BidRecord;
import java.time.Instant;
import java.util.Optional;

/** A row of the bid log, with whether an admin voided it since. */
public record StoredBid(BidRecord record, Optional<Instant> voidedAt, Optional<String> voidReason) {}
