package dev.gavel.store.auction;

import dev.gavel.auction.AuctionState;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** An auction row: the sequencer's state plus what people call it and where it belongs. */
public record StoredAuction(
        AuctionState state,
        String name,
        Optional<String> hashtag,
        String artworkJson,
        Optional<UUID> campaignId,
        Optional<Integer> dayNumber,
        Instant createdAt) {}
