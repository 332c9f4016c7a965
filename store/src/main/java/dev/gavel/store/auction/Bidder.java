package dev.gavel.store.auction;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A bidder: an X account, a Gavel user, or both; with a wallet once linked. */
public record Bidder(
        UUID id,
        String handle,
        Optional<UUID> userId,
        Optional<String> xUserId,
        Optional<String> wallet,
        Instant createdAt,
        Optional<Instant> bannedAt) {}
