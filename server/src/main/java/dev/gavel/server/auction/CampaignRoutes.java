package dev.gavel.server.auction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.auction.AuctionState;
import dev.gavel.auction.CampaignPlan;
import dev.gavel.chain.AddressCheck;
import dev.gavel.chain.Wallets;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.server.http.Bodies;
import dev.gavel.server.http.PathIds;
import dev.gavel.server.http.Validation;
import dev.gavel.store.auction.AuctionStore;
import dev.gavel.store.auction.CampaignStore;
import dev.gavel.store.auction.StoredAuction;
import dev.gavel.store.auction.StoredCampaign;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /api/campaigns}: a campaign of N days, each with one auction in the daily window (wall time of the
 * campaign's zone, America/New_York by default), artworks assigned to days.
 */
public final class CampaignRoutes {

    private final CampaignStore campaigns;
    private final AuctionStore auctions;
    private final AuctionHouse house;
    private final AuctionRoutes auctionViews;
    private final Bodies bodies;
    private final ObjectMapper mapper;
    private final Clock clock;

    public CampaignRoutes(
            CampaignStore campaigns,
            AuctionStore auctions,
            AuctionHouse house,
            AuctionRoutes auctionViews,
            Bodies bodies,
            ObjectMapper mapper,
            Clock clock) {
        this.campaigns = campaigns;
        this.auctions = auctions;
        this.house = house;
        this.auctionViews = auctionViews;
        this.bodies = bodies;
        this.mapper = mapper;
        this.clock = clock;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/campaigns", this::create, Access.ADMIN);
        routes.get("/api/campaigns/{id}", this::view, Access.ANYONE);
        routes.get("/api/campaigns/{id}/auctions", this::auctions, Access.ANYONE);
        routes.post("/api/campaigns/{id}/artworks", this::artworks, Access.ADMIN);
    }

    record Windows(String auctionStart, String auctionEnd) {}

    record CreateCampaign(
            String name,
            String project,
            String collection,
            String startDate,
            Integer days,
            String zone,
            Windows windows,
            TermsInput.RulesBody rules,
            String escrowAddress,
            Long chainId) {}

    record Artwork(Integer day, String name, String contract, String tokenId, String assetId) {}

    record Artworks(List<Artwork> artworks) {}

    record DayView(
            int day,
            String date,
            String dayStart,
            String auctionStart,
            String auctionEnd,
            String dayEnd,
            UUID auctionId) {}

    record CampaignView(
            UUID id,
            String name,
            String project,
            String collection,
            String startDate,
            int days,
            String zone,
            String auctionStart,
            String auctionEnd,
            String escrowAddress,
            Long chainId,
            List<DayView> schedule) {}

    private void create(Context ctx) {
        var body = bodies.read(ctx, CreateCampaign.class);
        var v = new Validation();
        String name = body.name() == null ? null : body.name().strip();
        v.require(name != null && !name.isEmpty() && name.length() <= 200, "name", "is required, 1 to 200 characters");
        LocalDate start = null;
        try {
            start = body.startDate() == null ? null : LocalDate.parse(body.startDate());
        } catch (DateTimeParseException e) {
            // reported below
        }
        v.require(start != null, "startDate", "is required, as a date such as 2026-12-01");
        v.require(body.days() != null && body.days() >= 1 && body.days() <= 366, "days", "must be 1 to 366");
        ZoneId zone = null;
        try {
            zone = ZoneId.of(body.zone() == null ? "America/New_York" : body.zone());
        } catch (RuntimeException e) {
            v.require(false, "zone", "must be a time zone id such as America/New_York");
        }
        var windows = body.windows() == null ? new Windows("14:00", "16:00") : body.windows();
        LocalTime open = time(windows.auctionStart(), "14:00", "windows.auctionStart", v);
        LocalTime close = time(windows.auctionEnd(), "16:00", "windows.auctionEnd", v);
        if (open != null && close != null) {
            v.require(close.isAfter(open), "windows.auctionEnd", "must be after windows.auctionStart on the same day");
        }
        var rules = body.rules() == null ? new TermsInput.RulesBody(null, null, null, null, null, null) : body.rules();
        var terms = TermsInput.parse(rules, "rules.", v);
        if (body.escrowAddress() != null && Wallets.check(body.escrowAddress()) instanceof AddressCheck.Invalid bad) {
            v.require(false, "escrowAddress", "is not an address: " + bad.reason());
        }
        v.require(body.chainId() == null || body.chainId() > 0, "chainId", "must be a positive chain id");
        v.orFail();

        var plan = new CampaignPlan(start, body.days(), zone, open, close);
        var campaign = new StoredCampaign(
                UUID.randomUUID(),
                name,
                Optional.ofNullable(body.project()),
                Optional.ofNullable(body.collection()),
                plan,
                Optional.ofNullable(body.escrowAddress()),
                Optional.ofNullable(body.chainId()),
                clock.instant());
        String tag = hashtagBase(body.project() != null ? body.project() : name);
        var days = new ArrayList<StoredAuction>();
        for (var day : plan.schedule()) {
            if (!day.auctionEnd().isAfter(clock.instant())) {
                continue; // a day already over is not planned
            }
            var state = AuctionState.planned(UUID.randomUUID(), day.auctionStart(), day.auctionEnd(), terms);
            days.add(new StoredAuction(
                    state,
                    name + " — day " + day.number(),
                    Optional.of("#" + tag + day.number()),
                    "{}",
                    Optional.of(campaign.id()),
                    Optional.of(day.number()),
                    clock.instant()));
        }
        if (days.isEmpty()) {
            throw ApiError.badRequest("campaign_in_the_past", "every day of this campaign is already over", Map.of());
        }
        if (!campaigns.insert(campaign, days)) {
            throw ApiError.conflict(
                    "hashtag_taken",
                    "another auction already uses a hashtag #" + tag + "N; give the campaign another project name");
        }
        days.forEach(d -> house.opened(d.state().id()));
        ctx.status(201).json(view(campaign));
    }

    private void view(Context ctx) {
        ctx.json(view(campaign(ctx)));
    }

    private void auctions(Context ctx) {
        var campaign = campaign(ctx);
        ctx.json(auctions.ofCampaign(campaign.id()).stream()
                .map(a -> auctionViews.view(a, house.state(a.state().id()).orElse(a.state())))
                .toList());
    }

    private void artworks(Context ctx) {
        var campaign = campaign(ctx);
        var body = bodies.read(ctx, Artworks.class);
        var v = new Validation();
        v.require(
                body.artworks() != null && !body.artworks().isEmpty(),
                "artworks",
                "must list at least one {day, name}");
        if (body.artworks() != null) {
            for (int i = 0; i < body.artworks().size(); i++) {
                var a = body.artworks().get(i);
                v.require(
                        a.day() != null
                                && a.day() >= 1
                                && a.day() <= campaign.plan().days(),
                        "artworks[" + i + "].day",
                        "must be a day of the campaign, 1 to " + campaign.plan().days());
                v.require(a.name() != null && !a.name().isBlank(), "artworks[" + i + "].name", "is required");
                TermsInput.artworkOnChain(a.contract(), a.tokenId(), "artworks[" + i + "].", v);
            }
        }
        v.orFail();
        for (var a : body.artworks()) {
            String json;
            try {
                json = mapper.writeValueAsString(Map.of(
                        "name",
                        a.name(),
                        "contract",
                        a.contract() == null ? "" : a.contract(),
                        "tokenId",
                        a.tokenId() == null ? "" : a.tokenId(),
                        "assetId",
                        a.assetId() == null ? "" : a.assetId()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            if (!campaigns.assignArtwork(campaign.id(), a.day(), json)) {
                throw ApiError.conflict(
                        "day_not_planned",
                        "day " + a.day() + " has no auction (it was already over when the campaign was made)");
            }
        }
        ctx.json(auctions.ofCampaign(campaign.id()).stream()
                .map(a -> auctionViews.view(a, house.state(a.state().id()).orElse(a.state())))
                .toList());
    }

    private StoredCampaign campaign(Context ctx) {
        UUID id = PathIds.uuid(ctx, "id", "no campaign");
        return campaigns.find(id).orElseThrow(() -> ApiError.notFound("no campaign " + id));
    }

    private CampaignView view(StoredCampaign c) {
        var byDay = new java.util.HashMap<Integer, UUID>();
        auctions.ofCampaign(c.id()).forEach(a -> a.dayNumber()
                .ifPresent(d -> byDay.put(d, a.state().id())));
        var p = c.plan();
        var schedule = p.schedule().stream()
                .map(d -> new DayView(
                        d.number(),
                        d.date().toString(),
                        at(d.dayStart(), p.zone()),
                        at(d.auctionStart(), p.zone()),
                        at(d.auctionEnd(), p.zone()),
                        at(d.dayEnd(), p.zone()),
                        byDay.get(d.number())))
                .toList();
        return new CampaignView(
                c.id(),
                c.name(),
                c.project().orElse(null),
                c.collection().orElse(null),
                p.startDate().toString(),
                p.days(),
                p.zone().getId(),
                p.auctionStart().toString(),
                p.auctionEnd().toString(),
                c.escrowAddress().orElse(null),
                c.chainId().orElse(null),
                schedule);
    }

    private static String at(java.time.Instant instant, ZoneId zone) {
        return instant.atZone(zone).toOffsetDateTime().toString();
    }

    private static LocalTime time(String text, String fallback, String field, Validation v) {
        try {
            return LocalTime.parse(text == null ? fallback : text);
        } catch (DateTimeParseException e) {
            v.require(false, field, "must be a wall time such as 14:00");
            return null;
        }
    }

    static String hashtagBase(String text) {
        String base = text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "");
        if (base.isEmpty()) {
            base = "AUCTION";
        }
        return base.substring(0, Math.min(base.length(), 40));
    }
}
