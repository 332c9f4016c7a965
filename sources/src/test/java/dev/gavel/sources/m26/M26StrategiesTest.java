package dev.gavel.sources.m26;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.listing.ListingState;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.Reject;
import dev.gavel.market.strategy.ResponseStrategies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shipped {@code strategies.json} against the answer shapes of SOURCES.md. */
class M26StrategiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final ResponseStrategies STRATEGIES = shipped();

    private static ResponseStrategies shipped() {
        try (InputStream in = M26StrategiesTest.class.getResourceAsStream("/dev/gavel/sources/m26/strategies.json")) {
            return ResponseStrategies.parse("strategies.json", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A current-shape auction: active, three bids. */
    static ObjectNode auction(long id) {
        ObjectNode a = JSON.createObjectNode();
        a.put("auctionId", id);
        a.put("auctionStatus", "AUCTIONSTATUS_ACTIVE");
        a.put("buyoutPrice", 5000);
        a.put("currentBid", 1200);
        a.put("nextBid", 1300);
        a.put("numberOfBids", 3);
        a.put("postingTime", 1772366400);
        a.put("secondsRemaining", 600);
        a.put("sellerId", 42);
        a.put("buyerId", 0);
        a.put("medianAuctionPrice", 1500);
        ObjectNode card = a.putObject("card");
        card.put("cardId", 77);
        card.put("cardInstanceId", 9001);
        card.put("firstName", "Micah");
        card.put("secondName", "Parsons");
        card.put("teamId", 9);
        card.putObject("program").put("programId", 3).put("programName", "Core Elite");
        card.put("isAuctionable", true);
        return a;
    }

    static ObjectNode with(ObjectNode item, Consumer<ObjectNode> change) {
        change.accept(item);
        return item;
    }

    static String current(int uiErrorCode, boolean truncated, ObjectNode... details) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode value = root.putObject("responseInfo").putObject("value");
        value.putArray("details").addAll(List.of(details));
        value.putObject("responseData").put("uiErrorCode", uiErrorCode).put("message", "");
        value.put("truncated", truncated);
        return root.toString();
    }

    static String current(ObjectNode... details) {
        return current(0, false, details);
    }

    static PageOutcome.Page page(String body) {
        PageOutcome outcome = STRATEGIES.read(body, AT);
        assertThat(outcome).as(body).isInstanceOf(PageOutcome.Page.class);
        return (PageOutcome.Page) outcome;
    }

    static Listing only(String body) {
        var page = page(body);
        assertThat(page.rejects()).isEmpty();
        assertThat(page.listings()).hasSize(1);
        return page.listings().get(0);
    }

    @Test
    void the_shipped_file_reads_as_three_strategies_in_coins() {
        assertThat(STRATEGIES.source()).isEqualTo("m26");
        assertThat(STRATEGIES.currency()).isEqualTo(Currency.COINS);
        assertThat(STRATEGIES.strategies())
                .extracting(ResponseStrategies.Strategy::name)
                .containsExactly("m26.responseInfo", "m26.legacy.result.Data", "fut.auctionInfo");
    }

    @Test
    void the_current_shape_reads_with_the_first_strategy() {
        var page = page(current(0, true, auction(1001)));

        assertThat(page.strategy()).isEqualTo("m26.responseInfo");
        assertThat(page.more()).isTrue();
        assertThat(page.listings())
                .containsExactly(new Listing(
                        "m26",
                        "1001",
                        "77",
                        "Micah Parsons",
                        ListingState.ACTIVE,
                        Currency.COINS,
                        OptionalLong.of(1200),
                        OptionalLong.of(5000),
                        OptionalLong.empty(),
                        3,
                        AT.plusSeconds(600),
                        AT));
    }

    @Test
    void the_end_time_is_the_response_time_plus_the_seconds_remaining() {
        assertThat(only(current(with(auction(1), a -> a.put("secondsRemaining", 37))))
                        .endsAt())
                .isEqualTo(AT.plusSeconds(37));
        assertThat(only(current(with(auction(1), a -> a.put("secondsRemaining", 0))))
                        .endsAt())
                .isEqualTo(AT);
    }

    @Test
    void a_current_bid_without_bids_is_the_opening_price() {
        var l = only(current(with(auction(1), a -> a.put("numberOfBids", 0).put("currentBid", 1000))));

        assertThat(l.currentBid()).isEmpty();
        assertThat(l.startPrice()).hasValue(1000);
        assertThat(l.price()).hasValue(5000);
    }

    @Test
    void an_auction_with_no_bid_and_no_current_bid_opens_at_the_next_bid() {
        var l = only(current(with(
                auction(1), a -> a.put("numberOfBids", 0).put("currentBid", 0).put("nextBid", 800))));

        assertThat(l.currentBid()).isEmpty();
        assertThat(l.startPrice()).hasValue(800);
    }

    @Test
    void a_buyout_of_zero_means_no_buy_now() {
        assertThat(only(current(with(auction(1), a -> a.put("buyoutPrice", 0)))).buyNow())
                .isEmpty();
    }

    @Test
    void ids_given_as_text_are_kept_as_text() {
        var l = only(current(with(auction(1), a -> {
            a.put("auctionId", " A-1 ");
            ((ObjectNode) a.get("card")).put("cardId", "c77");
        })));

        assertThat(l.externalId()).isEqualTo("A-1");
        assertThat(l.itemId()).isEqualTo("c77");
    }

    @Test
    void the_legacy_shape_falls_over_to_the_second_strategy() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode data = root.putObject("result").putObject("Data");
        data.putArray("details").add(auction(2002));
        data.putObject("responseData").put("uiErrorCode", 0);

        var page = page(root.toString());

        assertThat(page.strategy()).isEqualTo("m26.legacy.result.Data");
        assertThat(page.more()).isFalse();
        assertThat(page.listings()).extracting(Listing::externalId).containsExactly("2002");
    }

    static ObjectNode trade(long id, String state) {
        ObjectNode t = JSON.createObjectNode();
        t.put("tradeId", id);
        t.put("tradeState", state);
        t.put("buyNowPrice", 10_000);
        t.put("currentBid", 0);
        t.put("startingBid", 700);
        t.put("expires", 3600);
        t.put("offers", 0);
        t.putObject("itemData").put("assetId", 231747).put("name", " Kylian ");
        return t;
    }

    @Test
    void the_fut_shape_falls_over_to_the_third_strategy() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode items = root.putArray("auctionInfo");
        items.add(trade(1, "active"));
        items.add(with(
                trade(2, "closed"),
                t -> t.put("currentBid", 9000).put("offers", 4).put("expires", -1)));
        items.add(with(trade(3, "expired"), t -> t.put("expires", -1)));

        var page = page(root.toString());

        assertThat(page.strategy()).isEqualTo("fut.auctionInfo");
        assertThat(page.rejects()).isEmpty();
        var active = page.listings().get(0);
        assertThat(active.externalId()).isEqualTo("1");
        assertThat(active.itemId()).isEqualTo("231747");
        assertThat(active.itemName()).isEqualTo("Kylian");
        assertThat(active.state()).isEqualTo(ListingState.ACTIVE);
        assertThat(active.buyNow()).hasValue(10_000);
        assertThat(active.startPrice()).hasValue(700);
        assertThat(active.currentBid()).isEmpty();
        assertThat(active.endsAt()).isEqualTo(AT.plusSeconds(3600));
        var sold = page.listings().get(1);
        assertThat(sold.state()).isEqualTo(ListingState.SOLD);
        assertThat(sold.currentBid()).hasValue(9000);
        assertThat(sold.bidCount()).isEqualTo(4);
        assertThat(sold.endsAt()).isEqualTo(AT);
        assertThat(page.listings().get(2).state()).isEqualTo(ListingState.EXPIRED);
    }

    @Test
    void ended_with_bids_is_sold_and_without_is_expired() {
        var page = page(current(
                with(auction(1), a -> a.put("auctionStatus", "AUCTIONSTATUS_ENDED")
                        .put("secondsRemaining", -5)),
                with(auction(2), a -> a.put("auctionStatus", "AUCTIONSTATUS_ENDED")
                        .put("numberOfBids", 0)
                        .put("currentBid", 0)),
                with(auction(3), a -> a.put("auctionStatus", "AUCTIONSTATUS_ENDED")
                        .put("numberOfBids", 0)
                        .put("currentBid", 0)
                        .put("buyerId", 555)),
                with(auction(4), a -> a.put("auctionStatus", "AUCTIONSTATUS_EXPIRED")),
                with(auction(5), a -> a.put("auctionStatus", "AUCTIONSTATUS_CANCELLED"))));

        assertThat(page.rejects()).isEmpty();
        assertThat(page.listings())
                .extracting(Listing::state)
                .containsExactly(
                        ListingState.SOLD,
                        ListingState.EXPIRED,
                        ListingState.SOLD,
                        ListingState.EXPIRED,
                        ListingState.CANCELLED);
        assertThat(page.listings().get(0).endsAt()).isEqualTo(AT);
    }

    @Test
    void an_empty_details_with_ui_error_code_zero_is_a_real_empty_page() {
        var page = page(current(0, false));

        assertThat(page.strategy()).isEqualTo("m26.responseInfo");
        assertThat(page.listings()).isEmpty();
        assertThat(page.rejects()).isEmpty();
    }

    @Test
    void a_ui_error_code_with_empty_details_is_a_soft_failure_not_an_empty_page() {
        String body = "{\"responseInfo\":{\"value\":{\"details\":[],"
                + "\"responseData\":{\"uiErrorCode\":17,\"message\":\"Search temporarily unavailable\"}}}}";

        assertThat(STRATEGIES.read(body, AT))
                .isEqualTo(new PageOutcome.SoftFailure("m26.responseInfo", 17, "Search temporarily unavailable"));
    }

    @Test
    void a_ui_error_code_without_any_details_is_a_soft_failure_not_drift() {
        String body = "{\"responseInfo\":{\"value\":{\"responseData\":{\"uiErrorCode\":17,\"message\":\"busy\"}}}}";

        assertThat(STRATEGIES.read(body, AT)).isEqualTo(new PageOutcome.SoftFailure("m26.responseInfo", 17, "busy"));
    }

    @Test
    void a_ui_error_code_beside_items_still_gives_the_items() {
        assertThat(page(current(3, false, auction(1))).listings()).hasSize(1);
    }

    @Test
    void captcha_fields_are_a_captcha() {
        String body = "{\"responseInfo\":{\"value\":{\"details\":[],\"responseData\":{\"uiErrorCode\":9,"
                + "\"captchaGuid\":\"g-1\",\"captchaUrl\":\"https://captcha.example/g-1\"}}}}";

        assertThat(STRATEGIES.read(body, AT)).isEqualTo(new PageOutcome.Captcha("g-1", "https://captcha.example/g-1"));
    }

    @Test
    void captcha_fields_are_a_captcha_even_without_details() {
        String body = "{\"responseInfo\":{\"value\":{\"responseData\":{\"captchaGuid\":\"g-2\"}}}}";

        assertThat(STRATEGIES.read(body, AT)).isInstanceOf(PageOutcome.Captcha.class);
    }

    @Test
    void a_captcha_url_alone_is_a_captcha() {
        String body = "{\"responseInfo\":{\"value\":{\"details\":[],\"responseData\":{\"uiErrorCode\":0,"
                + "\"captchaGuid\":\"\",\"captchaUrl\":\"https://captcha.example/x\"}}}}";

        assertThat(STRATEGIES.read(body, AT)).isEqualTo(new PageOutcome.Captcha("", "https://captcha.example/x"));
    }

    @Test
    void a_blaze_error_object_is_a_source_error_with_its_message() {
        String tdf = "{\"error\":{\"errorname\":\"ERR_AUTHENTICATION_REQUIRED\",\"component\":1,"
                + "\"errorcode\":16384,\"errortdf\":{\"errorString\":\"session expired\"}}}";
        String df = "{\"error\":{\"errorname\":\"MUT_ERR_SEARCH\",\"component\":2050,"
                + "\"errorcode\":\"-3\",\"errordf\":{\"errorString\":\"bad filter\"}}}";
        String bare = "{\"error\":{\"errorcode\":1}}";

        assertThat(STRATEGIES.read(tdf, AT))
                .isEqualTo(new PageOutcome.SourceError("ERR_AUTHENTICATION_REQUIRED", "16384", "session expired"));
        assertThat(STRATEGIES.read(df, AT))
                .isEqualTo(new PageOutcome.SourceError("MUT_ERR_SEARCH", "-3", "bad filter"));
        assertThat(STRATEGIES.read(bare, AT)).isEqualTo(new PageOutcome.SourceError("unknown", "1", ""));
    }

    @Test
    void renamed_fields_are_drift_with_a_reason_for_each_strategy() {
        var renamed = with(auction(1), a -> a.set("id", a.remove("auctionId")));
        var renamed2 = with(auction(2), a -> a.set("id", a.remove("auctionId")));

        var outcome = STRATEGIES.read(current(renamed, renamed2), AT);

        assertThat(outcome).isInstanceOf(PageOutcome.Drift.class);
        var reasons = ((PageOutcome.Drift) outcome).reasons();
        assertThat(reasons).hasSize(3);
        assertThat(reasons.get(0))
                .startsWith("m26.responseInfo:")
                .contains("2 of 2")
                .contains("externalId");
        assertThat(reasons.get(1)).startsWith("m26.legacy.result.Data:").contains("/result/Data/details");
        assertThat(reasons.get(2)).startsWith("fut.auctionInfo:").contains("/auctionInfo");
    }

    @Test
    void an_answer_of_another_shape_is_drift() {
        assertThat(STRATEGIES.read("{\"responseInfo\":{\"value\":{\"auctions\":[]}}}", AT))
                .isInstanceOf(PageOutcome.Drift.class);
        assertThat(STRATEGIES.read("[1, 2]", AT)).isInstanceOf(PageOutcome.Drift.class);
    }

    @Test
    void an_answer_that_is_not_json_is_malformed() {
        for (String body : List.of("<html>502</html>", "", "null", "42", "{\"responseInfo\":", "{} {}")) {
            assertThat(STRATEGIES.read(body, AT)).as(body).isInstanceOf(PageOutcome.Malformed.class);
        }
    }

    @Test
    void broken_items_are_rejected_field_by_field_and_the_good_ones_beside_them_are_kept() {
        var page = page(current(
                auction(1),
                with(auction(2), a -> a.put("buyoutPrice", -5)),
                with(auction(3), a -> a.put("currentBid", 1200.5)),
                with(auction(4), a -> a.put("auctionStatus", "AUCTIONSTATUS_PAUSED")),
                with(auction(5), a -> a.put("currentBid", 0)),
                with(auction(6), a -> a.put("currentBid", 6000)),
                with(auction(7), a -> a.put("secondsRemaining", -1)),
                with(auction(8), a -> a.put("numberOfBids", "many")),
                with(auction(9), a -> a.put("currentBid", "abc")),
                auction(10)));

        assertThat(page.listings()).extracting(Listing::externalId).containsExactly("1", "10");
        assertThat(page.rejects()).extracting(Reject::index).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(page.rejects())
                .extracting(Reject::externalId)
                .containsExactly("2", "3", "4", "5", "6", "7", "8", "9");
        var reasons = page.rejects().stream().map(Reject::reasons).toList();
        assertThat(reasons.get(0)).containsOnlyKeys("buyNow");
        assertThat(reasons.get(0).get("buyNow")).contains("negative");
        assertThat(reasons.get(1).get("currentBid")).contains("whole number");
        assertThat(reasons.get(2).get("state")).contains("AUCTIONSTATUS_PAUSED");
        assertThat(reasons.get(3).get("currentBid")).contains("3 bids");
        assertThat(reasons.get(4).get("currentBid")).contains("above the buy-now");
        assertThat(reasons.get(5).get("secondsRemaining")).contains("negative");
        assertThat(reasons.get(6).get("bidCount")).contains("not a number");
        assertThat(reasons.get(7).get("currentBid")).contains("'abc'");
    }

    @Test
    void an_opening_price_above_the_buyout_of_an_active_listing_is_rejected() {
        var page = page(current(with(auction(1), a -> a.put("numberOfBids", 0).put("currentBid", 6000))));

        assertThat(page.listings()).isEmpty();
        assertThat(page.rejects().get(0).reasons()).containsKey("currentBid");
    }

    @Test
    void a_missing_required_field_on_a_few_items_rejects_them_without_drift() {
        var page =
                page(current(auction(1), auction(2), with(auction(3), a -> a.remove("secondsRemaining")), auction(4)));

        assertThat(page.listings()).hasSize(3);
        assertThat(page.rejects()).singleElement().satisfies(r -> {
            assertThat(r.externalId()).isEqualTo("3");
            assertThat(r.reasons()).containsEntry("secondsRemaining", "is missing");
        });
    }

    @Test
    void half_the_items_lacking_a_required_field_is_drift_not_a_page_of_rejects() {
        var outcome = STRATEGIES.read(
                current(auction(1), with(auction(2), a -> ((ObjectNode) a.get("card")).remove("cardId"))), AT);

        assertThat(outcome).isInstanceOf(PageOutcome.Drift.class);
        assertThat(((PageOutcome.Drift) outcome).reasons().get(0))
                .contains("1 of 2")
                .contains("itemId");
    }

    @Test
    void items_that_are_not_objects_are_rejects() {
        String body = "{\"responseInfo\":{\"value\":{\"details\":[" + auction(1) + "," + auction(2) + "," + auction(3)
                + ",7,null]}}}";

        var page = page(body);

        assertThat(page.listings()).hasSize(3);
        assertThat(page.rejects()).extracting(Reject::index).containsExactly(3, 4);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void absurd_numbers_are_rejected_quickly() {
        var page = page(current(
                with(auction(1), a -> a.put("buyoutPrice", "1e999999999")),
                with(auction(2), a -> a.put("buyoutPrice", "1e-999999999")),
                with(auction(3), a -> a.put("numberOfBids", 3_000_000_000L)),
                with(auction(4), a -> a.put("currentBid", 2_000_000_000_000L)),
                auction(5),
                auction(6),
                auction(7),
                auction(8)));

        assertThat(page.listings()).extracting(Listing::externalId).containsExactly("5", "6", "7", "8");
        assertThat(page.rejects())
                .extracting(r -> r.reasons().keySet().iterator().next())
                .containsExactly("buyNow", "buyNow", "bidCount", "currentBid");
    }

    @Test
    void random_mixes_of_good_and_broken_items_each_become_a_listing_or_a_reject_with_a_reason() {
        long seed = 0x4D32_3626L;
        var random = new Random(seed);
        for (int round = 0; round < 400; round++) {
            int n = random.nextInt(25);
            var items = new ArrayList<ObjectNode>();
            for (int i = 0; i < n; i++) {
                ObjectNode a = auction(i);
                if (random.nextInt(3) == 0) {
                    breakItem(a, random);
                }
                items.add(a);
            }
            String body = current(
                    random.nextInt(4) == 0 ? random.nextInt(3) : 0,
                    random.nextBoolean(),
                    items.toArray(ObjectNode[]::new));
            String context = "seed " + seed + ", round " + round + ": " + body;
            PageOutcome outcome;
            try {
                outcome = STRATEGIES.read(body, AT);
            } catch (RuntimeException e) {
                throw new AssertionError(context, e);
            }
            if (outcome instanceof PageOutcome.Page page) {
                assertThat(page.listings().size() + page.rejects().size())
                        .as(context)
                        .isEqualTo(n);
                assertThat(page.rejects()).as(context).allSatisfy(r -> assertThat(r.reasons())
                        .isNotEmpty());
                assertThat(page.listings()).as(context).allSatisfy(l -> {
                    assertThat(l.observedAt()).isEqualTo(AT);
                    assertThat(l.endsAt()).isAfterOrEqualTo(AT);
                    l.currentBid().ifPresent(b -> assertThat(b).isPositive());
                    l.buyNow().ifPresent(b -> assertThat(b).isPositive());
                });
            } else {
                // only a page where most items lack a required field drifts; an empty page with a code soft-fails
                assertThat(outcome).as(context).isInstanceOfAny(PageOutcome.Drift.class, PageOutcome.SoftFailure.class);
            }
        }
    }

    private static void breakItem(ObjectNode a, Random random) {
        String[] fields = {
            "auctionId",
            "auctionStatus",
            "buyoutPrice",
            "currentBid",
            "nextBid",
            "numberOfBids",
            "secondsRemaining",
            "buyerId"
        };
        String field = fields[random.nextInt(fields.length)];
        switch (random.nextInt(9)) {
            case 0 -> a.remove(field);
            case 1 -> a.putNull(field);
            case 2 -> a.put(field, -random.nextInt(1000) - 1);
            case 3 -> a.put(field, random.nextDouble() * 1000);
            case 4 -> a.put(field, "x" + random.nextInt(10));
            case 5 -> a.putObject(field).put("v", 1);
            case 6 -> a.put(field, Long.MAX_VALUE);
            case 7 -> ((ObjectNode) a.get("card")).remove("cardId");
            default -> a.put(field, random.nextBoolean() ? "AUCTIONSTATUS_ENDED" : "1e400");
        }
    }
}
