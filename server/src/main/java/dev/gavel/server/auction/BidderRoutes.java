package dev.gavel.server.auction;

import dev.gavel.auction.DepositPort;
import dev.gavel.chain.AddressCheck;
import dev.gavel.chain.Wallets;
import dev.gavel.core.Role;
import dev.gavel.server.auth.Authenticator;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.server.http.Bodies;
import dev.gavel.server.http.PathIds;
import dev.gavel.server.http.Validation;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderCreation;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.audit.AuditLog;
import dev.gavel.store.chain.ChainDeposit;
import dev.gavel.store.chain.ChainStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** {@code /api/bidders}: bidders, their funds and bid history, and manual deposit credits. */
public final class BidderRoutes {
    private static final Pattern HANDLE = Pattern.compile("^[A-Za-z0-9_]{1,64}$");

    private final Bidders bidders;
    private final BidderStore store;
    private final AuctionStore auctions;
    private final AuctionHouse house;
    private final Bodies bodies;
    private final AuditLog audit;
    private final Clock clock;
    private final ChainStore chain;
    private final Supplier<OptionalLong> chainHead;

    public BidderRoutes(
            Bidders bidders,
            BidderStore store,
            AuctionStore auctions,
            AuctionHouse house,
            Bodies bodies,
            AuditLog audit,
            Clock clock,
            ChainStore chain,
            Supplier<OptionalLong> chainHead) {
        this.bidders = bidders;
        this.store = store;
        this.auctions = auctions;
        this.house = house;
        this.bodies = bodies;
        this.audit = audit;
        this.clock = clock;
        this.chain = chain;
        this.chainHead = chainHead;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/bidders", this::create, Access.ADMIN);
        routes.get("/api/bidders", this::find, Access.ADMIN);
        routes.get("/api/bidders/me", this::me, Access.BIDDER);
        routes.get("/api/bidders/{id}", this::view, Access.BIDDER);
        routes.post("/api/bidders/{id}/deposits", this::deposit, Access.ADMIN);
        routes.post("/api/bidders/{id}/ban", this::ban, Access.ADMIN);
        routes.delete("/api/bidders/{id}/ban", this::unban, Access.ADMIN);
        routes.get("/api/bidders/{id}/audit", this::audit, Access.ADMIN);
    }

    record NewBidder(String handle, String xUserId, String wallet, UUID userId) {}

    record Deposit(String amount, String reference) {}

    record Ban(String reason) {}

    record Reservation(UUID auctionId, String amount) {}

    record Funds(
            String deposits,
            String reserved,
            String captured,
            String withdrawn,
            String available,
            List<Reservation> reservations) {}

    record View(
            UUID id,
            String handle,
            String xUserId,
            String wallet,
            UUID userId,
            Instant createdAt,
            boolean banned,
            String banReason,
            Funds funds,
            List<DepositView> deposits,
            List<AuctionViews.Bid> bids) {}

    /**
     * A transfer into escrow from the bidder's wallet: PENDING until it has enough confirmations (shown while
     * the chain's head is known), then CREDITED; HELD while no bidder had linked the wallet; REORGED or FAILED
     * when it never counted, with the reason in {@code note}.
     */
    record DepositView(
            String txHash,
            Integer logIndex,
            String token,
            String from,
            String to,
            String amount,
            long blockNumber,
            Long confirmations,
            String status,
            String note,
            Instant seenAt,
            Instant settledAt) {}

    private void create(Context ctx) {
        var body = bodies.read(ctx, NewBidder.class);
        var v = new Validation();
        v.require(
                body.handle() != null && HANDLE.matcher(body.handle()).matches(),
                "handle",
                "must be 1 to 64 letters, digits or _");
        if (body.wallet() != null && Wallets.check(body.wallet()) instanceof AddressCheck.Invalid invalid) {
            v.require(false, "wallet", invalid.reason());
        }
        v.require(
                body.xUserId() == null || body.xUserId().matches("^\\d{1,20}$"),
                "xUserId",
                "must be the numeric X user id");
        v.orFail();
        switch (bidders.create(
                body.handle(),
                Optional.ofNullable(body.xUserId()),
                Optional.ofNullable(body.wallet()),
                Optional.ofNullable(body.userId()))) {
            case BidderCreation.Created c -> ctx.status(201).json(view(c.bidder()));
            case BidderCreation.Taken t ->
                throw ApiError.conflict(t.what() + "_taken", "a bidder with that " + t.what() + " already exists");
        }
    }

    /** {@code ?handle=} or {@code ?xUserId=} or {@code ?wallet=}: the bidder, as a list of zero or one. */
    private void find(Context ctx) {
        String handle = ctx.queryParam("handle");
        String xUserId = ctx.queryParam("xUserId");
        String wallet = ctx.queryParam("wallet");
        Optional<Bidder> found;
        if (handle != null) {
            found = store.findByHandle(handle);
        } else if (xUserId != null) {
            found = store.findByXUser(xUserId);
        } else if (wallet != null) {
            if (Wallets.check(wallet) instanceof AddressCheck.Invalid invalid) {
                throw ApiError.badRequest(
                        "invalid_wallet",
                        "not a wallet address: " + invalid.reason(),
                        Map.of("wallet", invalid.reason()));
            }
            found = store.findByWallet(wallet);
        } else {
            throw ApiError.badRequest(
                    "invalid_request",
                    "say which bidder: ?handle=, ?xUserId= or ?wallet=",
                    Map.of("handle", "or xUserId or wallet is required"));
        }
        ctx.json(Map.of("items", found.map(b -> List.of(view(b))).orElse(List.of())));
    }

    private void me(Context ctx) {
        ctx.json(view(bidders.forUser(Authenticator.principal(ctx))));
    }

    private void view(Context ctx) {
        var bidder = bidder(ctx);
        var caller = Authenticator.principal(ctx);
        if (!caller.has(Role.ADMIN)
                && !bidder.userId().map(caller.userId()::equals).orElse(false)) {
            throw ApiError.forbidden("you may see your own bidder, not others'");
        }
        ctx.json(view(bidder));
    }

    private void deposit(Context ctx) {
        var bidder = bidder(ctx);
        var body = bodies.read(ctx, Deposit.class);
        var v = new Validation();
        var amount = TermsInput.amount(body.amount(), "amount", v, true);
        amount.ifPresent(a -> v.require(!a.isZero(), "amount", "must be more than 0"));
        String reference = body.reference() == null ? "" : body.reference().strip();
        v.require(
                !reference.isEmpty() && reference.length() <= 200,
                "reference",
                "is required (a tx hash or your own note), 1 to 200 characters; it makes the credit idempotent");
        v.orFail();
        switch (house.credit(bidder.id(), amount.get(), "MANUAL", reference)) {
            case DepositPort.DepositCredit.Credited c -> ctx.status(201).json(view(bidder));
            case DepositPort.DepositCredit.AlreadyCredited a -> ctx.status(200).json(view(bidder));
            case DepositPort.DepositCredit.UnknownBidder u -> throw ApiError.notFound("no bidder " + bidder.id());
        }
    }

    /** Puts the bidder on the ban list: their bids are refused ({@code BIDDER_BANNED}) within seconds. */
    private void ban(Context ctx) {
        var bidder = bidder(ctx);
        var body = bodies.read(ctx, Ban.class);
        String reason = body.reason() == null ? "" : body.reason().strip();
        var v = new Validation();
        v.require(!reason.isEmpty() && reason.length() <= 500, "reason", "is required, 1 to 500 characters");
        v.orFail();
        store.setBanned(bidder.id(), Optional.of(reason), actor(ctx), clock.instant());
        ctx.json(view(bidders.find(bidder.id()).orElseThrow()));
    }

    private void unban(Context ctx) {
        var bidder = bidder(ctx);
        store.setBanned(bidder.id(), Optional.empty(), actor(ctx), clock.instant());
        ctx.json(view(bidders.find(bidder.id()).orElseThrow()));
    }

    /** The bidder's audit trail: links, relinks, bans. */
    private void audit(Context ctx) {
        var bidder = bidder(ctx);
        ctx.json(Map.of("items", audit.about("bidder:" + bidder.id())));
    }

    private static String actor(Context ctx) {
        return "user:" + Authenticator.principal(ctx).email();
    }

    private Bidder bidder(Context ctx) {
        UUID id = PathIds.uuid(ctx, "id", "no bidder");
        return bidders.find(id).orElseThrow(() -> ApiError.notFound("no bidder " + id));
    }

    private View view(Bidder b) {
        var f = store.fundsOf(b.id());
        var funds = new Funds(
                f.deposits().toEth(),
                f.reserved().toEth(),
                f.captured().toEth(),
                f.withdrawn().toEth(),
                f.available().toEth(),
                f.reservations().entrySet().stream()
                        .map(e -> new Reservation(e.getKey(), e.getValue().toEth()))
                        .toList());
        var bids = auctions.ofBidder(b.id(), 50).stream()
                .map(x -> AuctionViews.of(x, bidders::handleOf))
                .toList();
        return new View(
                b.id(),
                b.handle(),
                b.xUserId().orElse(null),
                b.wallet().orElse(null),
                b.userId().orElse(null),
                b.createdAt(),
                b.bannedAt().isPresent(),
                b.banReason().orElse(null),
                funds,
                deposits(b),
                bids);
    }

    private List<DepositView> deposits(Bidder b) {
        var head = chainHead.get();
        return chain.ofBidder(b.id(), b.wallet(), 50).stream()
                .map(d -> new DepositView(
                        d.txHash(),
                        d.logIndex() == ChainDeposit.NATIVE ? null : d.logIndex(),
                        d.token().orElse(null),
                        d.from(),
                        d.escrow(),
                        d.amount().toEth(),
                        d.blockNumber(),
                        head.isPresent() ? Math.max(0, head.getAsLong() - d.blockNumber() + 1) : null,
                        d.status().name(),
                        d.note().orElse(null),
                        d.seenAt(),
                        d.settledAt().orElse(null)))
                .toList();
    }
}
