package dev.gavel.sim.m26;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.sim.m26.CardCatalogue.Card;
import dev.gavel.sim.m26.M26Simulator.Shape;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Search answers in each {@link Shape}: the current {@code responseInfo.value} envelope, the older
 * {@code result.Data} one, the FUT-style {@code auctionInfo} list, and the renamed-keys garbage. Stateless;
 * thread-safe.
 */
final class AuctionJson {
    /** The {@code responseData} of an answer; {@code captchaGuid} and {@code captchaUrl} are null unless set. */
    record ResponseData(int uiErrorCode, String message, Optional<String> captchaGuid, Optional<String> captchaUrl) {
        static final ResponseData OK = new ResponseData(0, "", Optional.empty(), Optional.empty());
    }

    private final ObjectMapper json;

    AuctionJson(ObjectMapper json) {
        this.json = json;
    }

    /** A page of listings in {@code shape}. */
    String page(Shape shape, List<Auction> auctions, boolean truncated) {
        if (shape == Shape.FUT) {
            var root = json.createObjectNode();
            var list = root.putArray("auctionInfo");
            auctions.forEach(a -> list.add(fut(a)));
            root.put("credits", 0);
            return root.toString();
        }
        return envelope(shape, auctions, truncated, ResponseData.OK);
    }

    /**
     * An answer with no listings and {@code data} saying why (a soft failure, a captcha). The FUT shape has no
     * place for {@code responseData}, so it gets the current envelope.
     */
    String empty(Shape shape, ResponseData data) {
        return envelope(shape == Shape.LEGACY ? Shape.LEGACY : Shape.CURRENT, List.of(), false, data);
    }

    private String envelope(Shape shape, List<Auction> auctions, boolean truncated, ResponseData data) {
        var root = json.createObjectNode();
        ObjectNode value = shape == Shape.LEGACY
                ? root.putObject("result").putObject("Data")
                : root.putObject("responseInfo").putObject("value");
        var details = value.putArray("details");
        auctions.forEach(a -> details.add(shape == Shape.RENAMED ? renamed(a) : current(a)));
        var rd = value.putObject("responseData")
                .put("uiErrorCode", data.uiErrorCode())
                .put("message", data.message());
        rd.put("captchaGuid", data.captchaGuid().orElse(null));
        rd.put("captchaUrl", data.captchaUrl().orElse(null));
        value.put("truncated", truncated);
        return root.toString();
    }

    private ObjectNode current(Auction a) {
        int value = a.card().value();
        var item = json.createObjectNode()
                .put("auctionId", a.auctionId())
                .put("auctionStatus", a.status().wire)
                .put("buyoutPrice", a.buyoutPrice())
                .put("currentBid", a.currentBid())
                .put("nextBid", a.nextBid())
                .put("numberOfBids", a.numberOfBids())
                .put("postingTime", a.postingTime())
                .put("secondsRemaining", a.secondsRemaining())
                .put("sellerId", a.sellerId())
                .put("buyerId", a.buyerId())
                .put("medianAuctionPrice", value)
                .put("minListingPrice", Coins.round(value * 2 / 5))
                .put("maxListingPrice", Coins.round(value * 5 / 2))
                .put("medianListingPrice", Coins.round(value * 11 / 10));
        item.set("card", card(a.card(), a.cardInstanceId()));
        return item;
    }

    private ObjectNode card(Card c, long instanceId) {
        var card = json.createObjectNode()
                .put("cardId", c.cardId())
                .put("cardInstanceId", instanceId)
                .put("firstName", c.firstName())
                .put("secondName", c.secondName())
                .put("teamId", c.teamId())
                .put("cardAssetType", "PLAYER");
        card.putObject("program")
                .put("programId", c.program().programId())
                .put("programName", c.program().programName());
        return card.put("ovr", c.ovr()).put("isAuctionable", true);
    }

    private ObjectNode fut(Auction a) {
        var item = json.createObjectNode()
                .put("tradeId", a.auctionId())
                .put("tradeState", a.status().futState)
                .put("buyNowPrice", a.buyoutPrice())
                .put("currentBid", a.currentBid())
                .put("startingBid", a.openingPrice())
                .put("expires", a.status() == Auction.Status.ACTIVE ? a.secondsRemaining() : -1)
                .put("offers", a.numberOfBids())
                .put("bidState", "none");
        item.putObject("itemData")
                .put("id", a.cardInstanceId())
                .put("assetId", a.card().cardId())
                .put("rating", a.card().ovr())
                .put("itemType", "player")
                .put("teamid", a.card().teamId());
        return item;
    }

    private ObjectNode renamed(Auction a) {
        var item = json.createObjectNode()
                .put("aucId", a.auctionId())
                .put("status", a.status().name().toLowerCase(Locale.ROOT))
                .put("price", a.buyoutPrice())
                .put("bids", a.numberOfBids())
                .put("timeLeft", a.secondsRemaining());
        item.putObject("player")
                .put("first", a.card().firstName())
                .put("last", a.card().secondName())
                .put("rating", a.card().ovr())
                .put("club", a.card().team());
        return item;
    }
}
