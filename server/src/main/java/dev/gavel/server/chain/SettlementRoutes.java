package dev.gavel.server.chain;

import dev.gavel.chain.Hex;
import dev.gavel.core.money.Wei;
import dev.gavel.server.auction.AuctionHouse;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.server.http.Bodies;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.chain.SettlementStore;
import dev.gavel.store.chain.SettlementTransfer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Settlement and refunds over HTTP (ADMIN):
 *
 * <ul>
 *   <li>{@code GET /api/auctions/{id}/settlement}: the status and each planned transaction, with what to
 *       sign when it is executed by hand;
 *   <li>{@code POST /api/auctions/{id}/settlement/{transferId}/done {txHash}}: marks a transfer executed by
 *       hand, after checking that transaction on chain;
 *   <li>{@code POST /api/bidders/{id}/refunds {amount}}: sends released funds back to the bidder's wallet.
 * </ul>
 */
public final class SettlementRoutes {
    private final Optional<ChainRuntime> chain;
    private final SettlementStore store;
    private final BidderStore bidders;
    private final AuctionHouse house;
    private final Bodies bodies;

    public SettlementRoutes(
            Optional<ChainRuntime> chain,
            SettlementStore store,
            BidderStore bidders,
            AuctionHouse house,
            Bodies bodies) {
        this.chain = chain;
        this.store = store;
        this.bidders = bidders;
        this.house = house;
        this.bodies = bodies;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/auctions/{id}/settlement", this::view, Access.ADMIN);
        routes.post("/api/auctions/{id}/settlement/{transferId}/done", this::done, Access.ADMIN);
        routes.post("/api/bidders/{id}/refunds", this::refund, Access.ADMIN);
    }

    record Done(String txHash) {}

    record Refund(String amount) {}

    /** One transfer as the API shows it; {@code plan} is what to sign when executing it by hand. */
    public static Map<String, Object> summary(SettlementTransfer t) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", t.id());
        m.put("kind", t.kind().name());
        m.put("status", t.status().name());
        m.put("recipient", t.recipient());
        t.contract().ifPresent(c -> m.put("contract", c));
        t.tokenId().ifPresent(id -> m.put("tokenId", id.toString()));
        m.put("value", t.value().toEth());
        t.txHash().ifPresent(h -> m.put("txHash", h));
        if (t.txHashes().size() > 1) {
            m.put("txHashes", t.txHashes());
        }
        t.nonce().ifPresent(n -> m.put("nonce", n));
        m.put("attempts", t.attempts());
        t.reason().ifPresent(r -> m.put("reason", r));
        var plan = new LinkedHashMap<String, Object>();
        plan.put("chainId", t.chainId());
        plan.put("from", t.sender());
        plan.put("to", t.to());
        plan.put("valueWei", t.value().value().toString());
        plan.put("data", t.data());
        m.put("plan", plan);
        m.put("updatedAt", t.updatedAt());
        return m;
    }

    private void view(Context ctx) {
        UUID id = uuid(ctx.pathParam("id"), "auction");
        var transfers = store.ofAuction(id);
        var out = new LinkedHashMap<String, Object>();
        out.put("auctionId", id);
        out.put("status", Settlement.statusOf(transfers).map(Enum::name).orElse(null));
        out.put(
                "signs",
                chain.flatMap(ChainRuntime::settlement).map(Settlement::signs).orElse(false));
        out.put("transfers", transfers.stream().map(SettlementRoutes::summary).toList());
        ctx.json(out);
    }

    private void done(Context ctx) {
        UUID auction = uuid(ctx.pathParam("id"), "auction");
        UUID transferId = uuid(ctx.pathParam("transferId"), "transfer");
        var body = bodies.read(ctx, Done.class);
        var problem = Hex.hashProblem(body.txHash());
        if (problem.isPresent()) {
            throw ApiError.badRequest("invalid_tx_hash", "txHash " + problem.get(), Map.of("txHash", problem.get()));
        }
        var transfer = store.find(transferId)
                .filter(t -> t.auctionId().map(auction::equals).orElse(false))
                .orElseThrow(
                        () -> ApiError.notFound("no settlement transfer " + transferId + " in auction " + auction));
        var settlement = settlement();
        switch (settlement.markDone(transfer, Hex.lower(body.txHash()))) {
            case Settlement.MarkOutcome.Done d -> ctx.json(summary(d.transfer()));
            case Settlement.MarkOutcome.Refused r -> throw ApiError.conflict("not_that_transfer", r.reason());
        }
    }

    private void refund(Context ctx) {
        UUID bidderId = uuid(ctx.pathParam("id"), "bidder");
        var body = bodies.read(ctx, Refund.class);
        Wei amount;
        try {
            amount = Wei.ofEth(body.amount());
        } catch (RuntimeException e) {
            throw ApiError.badRequest(
                    "invalid_amount",
                    "amount must be ETH as a decimal string, such as \"0.5\"",
                    Map.of("amount", "must be a decimal string of ETH, at most 18 decimals"));
        }
        if (amount.isZero()) {
            throw ApiError.badRequest(
                    "invalid_amount", "amount must be more than 0", Map.of("amount", "must be more than 0"));
        }
        var bidder = bidders.find(bidderId).orElseThrow(() -> ApiError.notFound("no bidder " + bidderId));
        if (bidder.wallet().isEmpty()) {
            throw ApiError.conflict("no_wallet", "the bidder has no linked wallet to refund to");
        }
        var planned = settlement().refund(bidderId, bidder.wallet().get(), amount);
        if (planned.isEmpty()) {
            throw ApiError.conflict(
                    "insufficient_funds",
                    "the bidder has " + bidders.fundsOf(bidderId).available().toEth() + " ETH available, less than "
                            + amount.toEth());
        }
        house.fundsChanged(bidderId);
        ctx.status(201).json(summary(planned.get()));
    }

    private Settlement settlement() {
        return chain.flatMap(ChainRuntime::settlement)
                .orElseThrow(
                        () -> ApiError.conflict(
                                "chain_off",
                                "settlement needs the chain: set GAVEL_CHAIN_RPC_URLS and GAVEL_SIGNER_KEY or GAVEL_CHAIN_ESCROW"));
    }

    private static UUID uuid(String raw, String what) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound("no " + what + " " + raw);
        }
    }
}
