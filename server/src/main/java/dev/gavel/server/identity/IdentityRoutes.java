package dev.gavel.server.identity;

import dev.gavel.core.Role;
import dev.gavel.server.auction.Bidders;
import dev.gavel.server.auth.Authenticator;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.server.http.Bodies;
import dev.gavel.server.http.Validation;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.identity.IdentityStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * {@code /api/identity}: wallet linking by SIWE (API.md). Asking for a nonce needs an account that owns the
 * bidder (or ADMIN); a bidder on X gets theirs by replying {@code link 0x…} to the host. Submitting the signed
 * message needs no login: the single-use nonce inside it was issued to one bidder for one address, and the
 * signature proves the wallet.
 */
public final class IdentityRoutes {
    private final WalletLinking linking;
    private final IdentityStore identities;
    private final BidderStore bidderStore;
    private final Bidders bidders;
    private final Bodies bodies;

    public IdentityRoutes(
            WalletLinking linking, IdentityStore identities, BidderStore bidderStore, Bidders bidders, Bodies bodies) {
        this.linking = linking;
        this.identities = identities;
        this.bidderStore = bidderStore;
        this.bidders = bidders;
        this.bodies = bodies;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/identity/nonce", this::nonce, Access.BIDDER);
        routes.get("/api/identity/nonces/{nonce}", this::show, Access.ANYONE);
        routes.post("/api/identity/link", this::link, Access.ANYONE);
    }

    record NonceRequest(String handle, String address) {}

    record NonceView(String nonce, String handle, String address, String message, Instant expiresAt, boolean used) {}

    record LinkRequest(String handle, String message, String signature, Boolean relink) {}

    record Linked(String handle, String wallet, String previousWallet) {}

    private void nonce(Context ctx) {
        var body = bodies.read(ctx, NonceRequest.class);
        var caller = Authenticator.principal(ctx);
        var v = new Validation();
        v.require(
                body.address() != null && !body.address().isBlank(),
                "address",
                "is required: the wallet you will sign with");
        v.orFail();
        Bidder bidder = body.handle() == null || body.handle().isBlank()
                ? bidders.forUser(caller)
                : bidderStore
                        .findByHandle(body.handle().strip())
                        .orElseThrow(() ->
                                ApiError.notFound("no bidder @" + body.handle().strip()));
        if (!caller.has(Role.ADMIN)
                && !bidder.userId().map(caller.userId()::equals).orElse(false)) {
            throw ApiError.forbidden("you may link a wallet to your own bidder, not @" + bidder.handle());
        }
        switch (linking.issue(bidder, body.address().strip(), "web")) {
            case WalletLinking.Issue.Issued issued ->
                ctx.status(201)
                        .json(new NonceView(
                                issued.nonce().nonce(),
                                bidder.handle(),
                                issued.nonce().address(),
                                issued.nonce().message(),
                                issued.nonce().expiresAt(),
                                false));
            case WalletLinking.Issue.BadAddress bad ->
                throw ApiError.badRequest(
                        "invalid_request", "address: " + bad.reason(), java.util.Map.of("address", bad.reason()));
        }
    }

    private void show(Context ctx) {
        String nonce = ctx.pathParam("nonce");
        var issued = identities.find(nonce).orElseThrow(() -> ApiError.notFound("no such nonce"));
        String handle = bidderStore.find(issued.bidderId()).map(Bidder::handle).orElse(null);
        ctx.json(new NonceView(
                issued.nonce(),
                handle,
                issued.address(),
                issued.message(),
                issued.expiresAt(),
                issued.usedAt().isPresent()));
    }

    private void link(Context ctx) {
        var body = bodies.read(ctx, LinkRequest.class);
        var v = new Validation();
        v.require(body.handle() != null && !body.handle().isBlank(), "handle", "is required");
        v.require(
                body.message() != null && !body.message().isBlank(),
                "message",
                "is required: the SIWE message you signed");
        v.require(
                body.signature() != null && !body.signature().isBlank(),
                "signature",
                "is required: 0x and 130 hex digits");
        v.orFail();
        var bidder = bidderStore
                .findByHandle(body.handle().strip())
                .orElseThrow(
                        () -> ApiError.notFound("no bidder @" + body.handle().strip()));
        var result = linking.link(
                bidder,
                body.message(),
                body.signature().strip(),
                Boolean.TRUE.equals(body.relink()),
                "web",
                "bidder:" + bidder.id());
        switch (result) {
            case WalletLinking.Result.Linked l ->
                ctx.json(new Linked(
                        bidder.handle(), l.wallet(), l.previousWallet().orElse(null)));
            case WalletLinking.Result.Refused r -> throw refusal(r);
        }
    }

    private static ApiError refusal(WalletLinking.Result.Refused r) {
        String code = r.refusal().name().toLowerCase(java.util.Locale.ROOT);
        int status =
                switch (r.refusal()) {
                    case BAD_MESSAGE, BAD_SIGNATURE -> 400;
                    case WRONG_DOMAIN, WRONG_CHAIN, WRONG_ADDRESS, NOT_YET_VALID -> 422;
                    case EXPIRED -> 410;
                    case UNKNOWN_NONCE -> 404;
                    case NOT_YOUR_NONCE -> 403;
                    case NONCE_USED, RELINK_REQUIRED, WALLET_TAKEN -> 409;
                };
        return new ApiError(status, code, r.message());
    }
}
