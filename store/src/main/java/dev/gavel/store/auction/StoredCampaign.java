package dev.gavel.store.auction;

import dev.gavel.auction.CampaignPlan;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A campaign row: its calendar and where its money goes. */
public record StoredCampaign(
        UUID id,
        String name,
        Optional<String> project,
        Optional<String> collection,
        CampaignPlan plan,
        Optional<String> escrowAddress,
        Optional<Long> chainId,
        Instant createdAt) {}
