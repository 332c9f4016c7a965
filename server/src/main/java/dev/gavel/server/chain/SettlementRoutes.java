package dev.gavel.server.chain;

import dev.gavel.chain.Hex;
import dev.gavel.core.money.Wei;
import dev.gavel.server.auction.AuctionHouse;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.server.http.Bodies;
import dev.gavel.server.http.PathIds;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.chain.SettlementStore;
import dev.gavel.store.chain.SettlementTransfer;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Settlement and refunds over HTTP (ADMIN):
 *
 * <ul>
 *   <li>{@code GET /api/auctions/{id}/settlement}: the status and each planned transaction, with what to
 *       sign when it is executed by hand;
 *   <li>{@code POST /api/auctions/{id}/settlement/{transferId}/done {txHash}}: marks a transfer executed by
 *       hand, after checking that transaction on chain;
 *   <li>{@code POST /api/bidders/{id}/refunds {amount}}: sends released funds back to the bidder's wallet
 *       (an {@code Idempotency-Key} header makes a retried request the same refund);
 *   <li>{@code GET /api/bidders/{id}/refunds}: the bidder's refunds, each with its plan;
 *   <li>{@code POST /api/bidders/{id}/refunds/{transferId}/done {txHash}}: a refund executed by hand.
 * </ul>
 */
public final class SettlementRoutes {
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,100}");
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
        routes.get("/api/bidders/{id}/refunds", this::refunds, Access.ADMIN);
        routes.post("/api/bidders/{id}/refunds/{transferId}/done", this::refundDone, Access.ADMIN);
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
        UUID id = PathIds.uuid(ctx, "id", "no auction");
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
        UUID auction = PathIds.uuid(ctx, "id", "no auction");
        UUID transferId = PathIds.uuid(ctx, "transferId", "no transfer");
        String txHash = txHash(ctx);
        var transfer = store.find(transferId)
                .filter(t -> t.auctionId().map(auction::equals).orElse(false))
                .orElseThrow(
                        () -> ApiError.notFound("no settlement transfer " + transferId + " in auction " + auction));
        markDone(ctx, transfer, txHash);
    }

    private void refundDone(Context ctx) {
        UUID bidder = PathIds.uuid(ctx, "id", "no bidder");
        UUID transferId = PathIds.uuid(ctx, "transferId", "no refund");
        String txHash = txHash(ctx);
        var transfer = store.find(transferId)
                .filter(t -> t.kind() == SettlementTransfer.Kind.REFUND
                        && t.bidderId().map(bidder::equals).orElse(false))
                .orElseThrow(() -> ApiError.notFound("no refund " + transferId + " of bidder " + bidder));
        markDone(ctx, transfer, txHash);
    }

    private String txHash(Context ctx) {
        var body = bodies.read(ctx, Done.class);
        if (body.txHash() == null) {
            throw ApiError.badRequest("invalid_tx_hash", "txHash is required", Map.of("txHash", "is required"));
        }
        var problem = Hex.hashProblem(body.txHash());
        if (problem.isPresent()) {
            throw ApiError.badRequest("invalid_tx_hash", "txHash " + problem.get(), Map.of("txHash", problem.get()));
        }
        return Hex.lower(body.txHash());
    }

    private void markDone(Context ctx, SettlementTransfer transfer, String txHash) {
        switch (settlement().markDone(transfer, txHash)) {
            case Settlement.MarkOutcome.Done d -> ctx.json(summary(d.transfer()));
            case Settlement.MarkOutcome.Refused r -> throw ApiError.conflict("not_that_transfer", r.reason());
        }
    }

    private void refunds(Context ctx) {
        UUID bidderId = PathIds.uuid(ctx, "id", "no bidder");
        bidders.find(bidderId).orElseThrow(() -> ApiError.notFound("no bidder " + bidderId));
        ctx.json(Map.of(
                "items",
                store.refundsOf(bidderId).stream()
                        .map(SettlementRoutes::summary)
                        .toList()));
    }

    private void refund(Context ctx) {
        UUID bidderId = PathIds.uuid(ctx, "id", "no bidder");
        Optional<String> key = Optional.ofNullable(ctx.header("Idempotency-Key"));
        if (key.isPresent() && !IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
            throw ApiError.badRequest(
                    "invalid_idempotency_key", "Idempotency-Key must be 1 to 100 visible characters", Map.of());
        }
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
        switch (settlement().refund(bidderId, bidder.wallet().get(), amount, key)) {
            case SettlementStore.RefundOutcome.Planned p -> {
                house.fundsChanged(bidderId);
                ctx.status(201).json(summary(p.transfer()));
            }
            case SettlementStore.RefundOutcome.Repeated r -> {
                if (!r.transfer().value().equals(amount)) {
                    throw ApiError.conflict(
                            "idempotency_key_reused",
                            "this Idempotency-Key was already used for a refund of "
                                    + r.transfer().value().toEth() + " ETH");
                }
                ctx.status(200).json(summary(r.transfer()));
            }
            case SettlementStore.RefundOutcome.Short s ->
                throw ApiError.conflict(
                        "insufficient_funds",
                        "the bidder has "
                                + bidders.fundsOf(bidderId).available().toEth() + " ETH available, less than "
                                + amount.toEth());
        }
    }

    private Settlement settlement() {
        return chain.flatMap(ChainRuntime::settlement)
                .orElseThrow(
                        () -> ApiError.conflict(
                                "chain_off",
                                "settlement needs the chain: set GAVEL_CHAIN_RPC_URLS and GAVEL_SIGNER_KEY or GAVEL_CHAIN_ESCROW"));
    }
}
