package dev.gavel.server.auction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.auction.AdminAction;
import dev.gavel.auction.AdminOutcome;
import dev.gavel.auction.AuctionState;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidRecord;
import dev.gavel.auction.BidSource;
import dev.gavel.auction.RejectionReason;
import dev.gavel.core.Role;
import dev.gavel.core.money.EthAmount;
import dev.gavel.server.auth.Authenticator;
import dev.gavel.server.auth.Principal;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.server.http.Bodies;
import dev.gavel.server.http.PathIds;
import dev.gavel.server.http.QueryParams;
import dev.gavel.server.http.Validation;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.live.BidIntakeStream;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** The auction-house endpoints of API.md: standalone auctions, the auction view, bids, admin actions. */
public final class AuctionRoutes {
    private static final Pattern HASHTAG = Pattern.compile("^#[A-Za-z0-9_]{1,60}$");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("^[\\x21-\\x7e]{1,100}$");
    private static final Set<RejectionReason> WRONG_STATE = EnumSet.of(
            RejectionReason.AUCTION_NOT_STARTED,
            RejectionReason.AUCTION_PAUSED,
            RejectionReason.AUCTION_ENDED,
            RejectionReason.AUCTION_CANCELLED);

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> AS_MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    private final AuctionHouse house;
    private final AuctionStore auctions;
    private final Bidders bidders;
    private final BidIntakeStream intake;
    private final Bodies bodies;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration decisionWait;

    private final java.util.function.Function<UUID, Map<String, Object>> onChain;

    public AuctionRoutes(
            AuctionHouse house,
            AuctionStore auctions,
            Bidders bidders,
            BidIntakeStream intake,
            Bodies bodies,
            ObjectMapper mapper,
            Clock clock,
            Duration decisionWait,
            java.util.function.Function<UUID, Map<String, Object>> onChain) {
        this.onChain = onChain;
        this.house = house;
        this.auctions = auctions;
        this.bidders = bidders;
        this.intake = intake;
        this.bodies = bodies;
        this.mapper = mapper;
        this.clock = clock;
        this.decisionWait = decisionWait;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/auctions", this::create, Access.ADMIN);
        routes.get("/api/auctions", this::list, Access.ANYONE);
        routes.get("/api/auctions/{id}", this::view, Access.ANYONE);
        routes.post("/api/auctions/{id}/bids", this::bid, Access.BIDDER);
        routes.get("/api/auctions/{id}/bids", this::bids, Access.ANYONE);
        routes.post("/api/auctions/{id}/actions", this::action, Access.ADMIN);
    }

    record ArtworkBody(String name, String contract, String tokenId, String assetId) {}

    record CreateAuction(
            String name,
            String startsAt,
            String endsAt,
            String startingPrice,
            String reservePrice,
            TermsInput.MinIncrementBody minIncrement,
            TermsInput.AntiSnipeBody antiSnipe,
            Integer graceSeconds,
            Boolean requireFunds,
            ArtworkBody artwork,
            String hashtag) {}

    record PlaceBid(String amount, UUID bidderId) {}

    record ActionBody(String action, Integer seconds, String reason, UUID bidId) {}

    record Page<T>(java.util.List<T> items, Long nextBefore) {}

    private void create(Context ctx) {
        var body = bodies.read(ctx, CreateAuction.class);
        var v = new Validation();
        String name = body.name() == null ? null : body.name().strip();
        v.require(name != null && !name.isEmpty() && name.length() <= 200, "name", "is required, 1 to 200 characters");
        var starts = TermsInput.time(body.startsAt(), "startsAt", v);
        var ends = TermsInput.time(body.endsAt(), "endsAt", v);
        if (starts != null && ends != null) {
            v.require(ends.isAfter(starts), "endsAt", "must be after startsAt");
            v.require(ends.isAfter(clock.instant()), "endsAt", "is in the past");
        }
        if (body.artwork() != null) {
            TermsInput.artworkOnChain(body.artwork().contract(), body.artwork().tokenId(), "artwork.", v);
        }
        var terms = TermsInput.parse(
                new TermsInput.RulesBody(
                        body.startingPrice(),
                        body.reservePrice(),
                        body.minIncrement(),
                        body.antiSnipe(),
                        body.graceSeconds(),
                        body.requireFunds()),
                "",
                v);
        if (body.hashtag() != null) {
            v.require(
                    HASHTAG.matcher(body.hashtag()).matches(),
                    "hashtag",
                    "must be # and 1 to 60 letters, digits or _, such as #GENESIS1");
        }
        v.orFail();
        var state = AuctionState.planned(UUID.randomUUID(), starts, ends, terms);
        var stored = new StoredAuction(
                state,
                name,
                Optional.ofNullable(body.hashtag()),
                json(body.artwork() == null ? Map.of() : body.artwork()),
                Optional.empty(),
                Optional.empty(),
                clock.instant());
        if (auctions.insert(stored) == AuctionStore.Created.HASHTAG_TAKEN) {
            throw ApiError.conflict("hashtag_taken", "another auction already uses " + body.hashtag());
        }
        house.opened(state.id());
        ctx.status(201).json(view(stored, house.state(state.id()).orElse(state)));
    }

    private void list(Context ctx) {
        int limit = QueryParams.intParam(ctx, "limit", 20, 1, 200);
        ctx.json(auctions.recent(limit).stream()
                .map(a -> view(a, house.state(a.state().id()).orElse(a.state())))
                .toList());
    }

    private void view(Context ctx) {
        var meta = auction(ctx);
        ctx.json(view(meta, house.state(meta.state().id()).orElse(meta.state())));
    }

    private void bid(Context ctx) {
        Principal caller = Authenticator.principal(ctx);
        var meta = auction(ctx);
        String key = ctx.header("Idempotency-Key");
        if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw ApiError.badRequest(
                    "idempotency_key_required",
                    "send an Idempotency-Key header (1 to 100 visible characters) so a retried bid is never placed twice",
                    Map.of());
        }
        var body = bodies.read(ctx, PlaceBid.class);
        var parsed = EthAmount.parsePositive(body.amount());
        if (!parsed.isValid()) {
            throw ApiError.badRequest("invalid_amount", "amount: " + parsed.problem(), Map.of("field", "amount"));
        }
        BidSource source;
        UUID bidderId;
        if (body.bidderId() != null) {
            if (!caller.has(Role.ADMIN)) {
                throw ApiError.forbidden("only an admin bids on behalf of another bidder");
            }
            bidderId = bidders.find(body.bidderId())
                    .orElseThrow(() -> ApiError.notFound("no bidder " + body.bidderId()))
                    .id();
            source = BidSource.ADMIN;
        } else {
            bidderId = bidders.forUser(caller).id();
            source = BidSource.API;
        }
        var bidKey = new BidKey(source, caller.userId() + ":" + key);
        var earlier = auctions.findBid(bidKey);
        if (earlier.isPresent()) {
            if (!earlier.get()
                    .record()
                    .command()
                    .auctionId()
                    .equals(meta.state().id())) {
                throw ApiError.conflict(
                        "idempotency_key_reused", "this Idempotency-Key was already used for a bid on another auction");
            }
            respond(ctx, earlier.get().record(), false);
            return;
        }
        var now = clock.instant();
        var command =
                new BidCommand(bidKey, meta.state().id(), bidderId, parsed.wei().get(), now, now);
        var decision = house.awaitDecision(bidKey);
        try {
            intake.publish(command);
            respond(ctx, decision.get(decisionWait.toMillis(), TimeUnit.MILLISECONDS), true);
        } catch (TimeoutException e) {
            house.stopWaiting(bidKey);
            var stored = auctions.findBid(bidKey);
            if (stored.isPresent()) {
                respond(ctx, stored.get().record(), true);
                return;
            }
            ctx.header("Retry-After", "1");
            throw new ApiError(
                    503,
                    "decision_pending",
                    "the bid is queued but not decided yet; repeat the request with the same Idempotency-Key");
        } catch (ExecutionException e) {
            house.stopWaiting(bidKey);
            throw new ApiError(
                    503,
                    "sequencer_unavailable",
                    "the bid could not be decided now: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted", "interrupted while waiting for the decision");
        }
    }

    private void respond(Context ctx, BidRecord record, boolean fresh) {
        var bid = AuctionViews.of(record, null, bidders::handleOf);
        var state = house.state(record.command().auctionId()).orElseThrow();
        if (record.accepted()) {
            var body = new LinkedHashMap<String, Object>(mapper.convertValue(bid, AS_MAP));
            body.put("minNextBid", state.minimumNextBid().toEth());
            ctx.status(fresh ? 201 : 200).json(body);
            return;
        }
        var reason = record.rejection().orElseThrow();
        var details = new LinkedHashMap<String, Object>(mapper.convertValue(bid, AS_MAP));
        details.put("minNextBid", state.minimumNextBid().toEth());
        throw new ApiError(
                WRONG_STATE.contains(reason) ? 409 : 422,
                "bid_rejected",
                reason.words() + " (" + reason.name() + ")",
                details);
    }

    private void bids(Context ctx) {
        var meta = auction(ctx);
        int limit = QueryParams.intParam(ctx, "limit", 50, 1, 500);
        String before = ctx.queryParam("before");
        Optional<Long> beforeSequence = Optional.empty();
        if (before != null && !before.isBlank()) {
            try {
                beforeSequence = Optional.of(Long.parseLong(before.strip()));
            } catch (NumberFormatException e) {
                throw ApiError.badRequest(
                        "invalid_parameter",
                        "query parameter 'before' must be a bid sequence number",
                        Map.of("parameter", "before"));
            }
        }
        var page = auctions.page(meta.state().id(), limit, beforeSequence).stream()
                .map(b -> AuctionViews.of(b, bidders::handleOf))
                .toList();
        Long next = page.size() == limit ? page.get(page.size() - 1).sequence() : null;
        ctx.json(new Page<>(page, next));
    }

    private void action(Context ctx) {
        var meta = auction(ctx);
        var body = bodies.read(ctx, ActionBody.class);
        var v = new Validation();
        String reason = body.reason() == null ? "" : body.reason().strip();
        v.require(
                !reason.isEmpty() && reason.length() <= 500,
                "reason",
                "is required (1 to 500 characters): every override is audited");
        String name = body.action() == null ? "" : body.action().strip().toLowerCase(java.util.Locale.ROOT);
        AdminAction action =
                switch (name) {
                    case "pause" -> new AdminAction.Pause(reason);
                    case "resume" -> new AdminAction.Resume(reason);
                    case "cancel" -> new AdminAction.Cancel(reason);
                    case "close" -> new AdminAction.Close(reason);
                    case "extend" -> {
                        v.require(
                                body.seconds() != null && body.seconds() > 0 && body.seconds() <= 86_400,
                                "seconds",
                                "extend needs seconds from 1 to 86400");
                        yield body.seconds() == null
                                ? null
                                : new AdminAction.Extend(Duration.ofSeconds(body.seconds()), reason);
                    }
                    case "void" -> {
                        v.require(body.bidId() != null, "bidId", "void needs the bidId of an accepted bid");
                        yield body.bidId() == null ? null : new AdminAction.VoidBid(body.bidId(), reason);
                    }
                    default -> {
                        v.require(false, "action", "must be pause, resume, extend, cancel, close or void");
                        yield null;
                    }
                };
        v.orFail();
        try {
            var outcome = house.admin(
                            meta.state().id(),
                            action,
                            Authenticator.principal(ctx).email())
                    .get(10, TimeUnit.SECONDS);
            if (outcome instanceof AdminOutcome.Refused refused) {
                throw ApiError.conflict("action_refused", refused.reason());
            }
            ctx.json(view(meta, ((AdminOutcome.Applied) outcome).state()));
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiError(503, "sequencer_unavailable", "the action could not be applied now: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted", "interrupted");
        }
    }

    private StoredAuction auction(Context ctx) {
        UUID id = PathIds.uuid(ctx, "id", "no auction");
        return auctions.find(id).orElseThrow(() -> ApiError.notFound("no auction " + id));
    }

    AuctionViews.Auction view(StoredAuction meta, AuctionState state) {
        Object artwork;
        try {
            artwork = mapper.readTree(meta.artworkJson());
        } catch (JsonProcessingException e) {
            artwork = Map.of();
        }
        return AuctionViews.of(meta, state, artwork, bidders::handleOf, onChain.apply(state.id()));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
