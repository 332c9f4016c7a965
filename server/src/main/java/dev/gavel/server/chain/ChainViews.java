package dev.gavel.server.chain;

import dev.gavel.store.chain.NftStore;
import dev.gavel.store.chain.SettlementStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** What an auction shows of the chain: whether Gavel can transfer its artwork, and how settlement stands. */
public final class ChainViews {
    private final NftStore nfts;
    private final SettlementStore settlements;

    public ChainViews(NftStore nfts, SettlementStore settlements) {
        this.nfts = nfts;
        this.settlements = settlements;
    }

    /** The auction's on-chain facts, or null when there are none (no artwork on chain, chain not followed). */
    public Map<String, Object> of(UUID auctionId) {
        var out = new LinkedHashMap<String, Object>();
        nfts.custody(auctionId).ifPresent(c -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("contract", c.contract());
            m.put("tokenId", c.tokenId().toString());
            m.put("owner", c.owner().orElse(null));
            m.put("operator", c.operator());
            m.put("transferable", c.transferable());
            m.put("reason", c.reason());
            m.put("checkedAt", c.checkedAt());
            out.put("custody", m);
        });
        var transfers = settlements.ofAuction(auctionId);
        Settlement.statusOf(transfers).ifPresent(status -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("status", status.name());
            m.put("transfers", transfers.stream().map(SettlementRoutes::summary).toList());
            out.put("settlement", m);
        });
        return out.isEmpty() ? null : out;
    }
}
