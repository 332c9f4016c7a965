package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidSource;
import dev.gavel.core.money.Wei;
import dev.gavel.core.time.MutableClock;
import dev.gavel.store.Redis;
import dev.gavel.store.live.BidIntakeStream;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The auction house through its HTTP API, on real PostgreSQL and Redis, with a clock the test moves. */
@WithPostgresAndRedis
class AuctionHouseIT {
    private static final String OWNER = "owner@auctions.test";
    private static final String PASSWORD = "owner password 1";
    static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-11-21T19:00:00Z"));

    static GavelServer server;
    static Http http;
    static String admin;
    static Redis redis;

    @BeforeAll
    static void start(TestDatabase db, TestRedis testRedis) throws Exception {
        server = GavelServer.start(
                TestConfigs.config(
                        db, testRedis.uri(), Map.of("GAVEL_OWNER_EMAIL", OWNER, "GAVEL_OWNER_PASSWORD", PASSWORD)),
                CLOCK);
        http = new Http(server.url());
        admin = "Bearer " + login(OWNER, PASSWORD);
        redis = Redis.connect(testRedis.uri(), Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        server.close();
        redis.close();
    }

    static String login(String email, String password) {
        var reply = http.post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().path("token").asText();
    }

    /** A bidder account with {@code deposit} ETH credited; returns its token and bidder id. */
    static String[] bidder(String name, String deposit) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@bidders.test";
        assertThat(http.post("/api/auth/register", "{\"email\":\"" + email + "\",\"password\":\"bidder password\"}")
                        .status())
                .isEqualTo(201);
        String token = "Bearer " + login(email, "bidder password");
        String bidderId = http.get("/api/bidders/me", "Authorization", token)
                .json()
                .path("id")
                .asText();
        var credit = http.post(
                "/api/bidders/" + bidderId + "/deposits",
                "{\"amount\":\"" + deposit + "\",\"reference\":\"seed-" + bidderId + "\"}",
                "Authorization",
                admin);
        assertThat(credit.status()).as(credit.toString()).isEqualTo(201);
        return new String[] {token, bidderId};
    }

    static String auction(String extraJson, Duration length) {
        Instant now = CLOCK.instant();
        var reply = http.post(
                "/api/auctions",
                "{\"name\":\"Genesis\",\"startsAt\":\"" + now.minusSeconds(1) + "\",\"endsAt\":\"" + now.plus(length)
                        + "\",\"startingPrice\":\"1\",\"reservePrice\":\"1\"" + extraJson + "}",
                "Authorization",
                admin);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        String id = reply.json().path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("ACTIVE"));
        return id;
    }

    static String status(String auctionId) {
        return http.get("/api/auctions/" + auctionId).json().path("status").asText();
    }

    static Http.Reply bid(String auctionId, String token, String amount, String key) {
        return http.post(
                "/api/auctions/" + auctionId + "/bids",
                "{\"amount\":\"" + amount + "\"}",
                "Authorization",
                token,
                "Idempotency-Key",
                key);
    }

    @Test
    void a_bid_is_accepted_and_a_repeated_idempotency_key_returns_the_first_decision() {
        String id = auction("", Duration.ofHours(1));
        var bea = bidder("bea", "10");

        var first = bid(id, bea[0], "1.5", "k-1");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(first.json().path("minNextBid").asText()).isEqualTo("1.575");

        var again = bid(id, bea[0], "1.5", "k-1");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("bidId").asText())
                .isEqualTo(first.json().path("bidId").asText());

        var view = http.get("/api/auctions/" + id).json();
        assertThat(view.path("bidCount").asInt()).isEqualTo(1);
        assertThat(view.path("highestBid").path("amount").asText()).isEqualTo("1.5");
        assertThat(view.path("highestBid").path("handle").asText()).startsWith("bea_");
        assertThat(view.path("currentPrice").asText()).isEqualTo("1.5");
        var funds = http.get("/api/bidders/" + bea[1], "Authorization", bea[0])
                .json()
                .path("funds");
        assertThat(funds.path("reserved").asText()).isEqualTo("1.5");
        assertThat(funds.path("available").asText()).isEqualTo("8.5");
    }

    @Test
    void rule_violations_are_422_and_a_paused_auction_is_409_each_with_the_reason() {
        String id = auction("", Duration.ofHours(1));
        var ann = bidder("ann", "3");
        assertThat(bid(id, ann[0], "2", "a-1").status()).isEqualTo(201);

        var low = bid(id, ann[0], "2.05", "a-2");
        assertThat(low.status()).isEqualTo(422);
        assertThat(low.json().path("error").asText()).isEqualTo("bid_rejected");
        assertThat(low.json().path("details").path("reason").asText()).isEqualTo("BELOW_MIN_INCREMENT");
        assertThat(low.json().path("details").path("minNextBid").asText()).isEqualTo("2.1");

        var broke = bid(id, ann[0], "5", "a-3");
        assertThat(broke.status()).isEqualTo(422);
        assertThat(broke.json().path("details").path("reason").asText()).isEqualTo("INSUFFICIENT_FUNDS");

        assertThat(http.post(
                                "/api/auctions/" + id + "/actions",
                                "{\"action\":\"pause\",\"reason\":\"checking\"}",
                                "Authorization",
                                admin)
                        .status())
                .isEqualTo(200);
        var paused = bid(id, ann[0], "2.5", "a-4");
        assertThat(paused.status()).isEqualTo(409);
        assertThat(paused.json().path("details").path("reason").asText()).isEqualTo("AUCTION_PAUSED");
        var twice = http.post(
                "/api/auctions/" + id + "/actions",
                "{\"action\":\"pause\",\"reason\":\"again\"}",
                "Authorization",
                admin);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().path("error").asText()).isEqualTo("action_refused");
        http.post(
                "/api/auctions/" + id + "/actions",
                "{\"action\":\"resume\",\"reason\":\"ok\"}",
                "Authorization",
                admin);
        assertThat(bid(id, ann[0], "2.5", "a-5").status()).isEqualTo(201);
    }

    @Test
    void malformed_amounts_unknown_auctions_and_missing_keys_are_refused_clearly() {
        String id = auction("", Duration.ofHours(1));
        var cal = bidder("cal", "3");
        for (String amount : List.of("2,5", "-1", "1e3", "0.0000000000000000001", "0", "abc", "")) {
            var reply = bid(id, cal[0], amount, "bad-" + amount.hashCode());
            assertThat(reply.status()).as(amount).isEqualTo(400);
            assertThat(reply.json().path("error").asText()).as(amount).isEqualTo("invalid_amount");
        }
        var number = http.post(
                "/api/auctions/" + id + "/bids", "{\"amount\":2.5}", "Authorization", cal[0], "Idempotency-Key", "n-1");
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.json().path("error").asText()).isEqualTo("wrong_type");

        assertThat(bid(UUID.randomUUID().toString(), cal[0], "2", "u-1").status())
                .isEqualTo(404);
        assertThat(bid("not-an-id", cal[0], "2", "u-2").status()).isEqualTo(404);
        assertThat(http.get("/api/auctions/" + UUID.randomUUID()).status()).isEqualTo(404);

        var noKey = http.post("/api/auctions/" + id + "/bids", "{\"amount\":\"2\"}", "Authorization", cal[0]);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.json().path("error").asText()).isEqualTo("idempotency_key_required");
        assertThat(http.post("/api/auctions/" + id + "/bids", "{\"amount\":\"2\"}", "Idempotency-Key", "x")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void hundreds_of_concurrent_bidders_leave_a_consistent_auction() throws Exception {
        String id = auction("", Duration.ofHours(1));
        int bidders = 20;
        var tokens = new ArrayList<String[]>();
        for (int i = 0; i < bidders; i++) {
            tokens.add(bidder("crowd" + i, "1000"));
        }
        int requests = 300;
        var accepted = new AtomicInteger();
        var statuses = Collections.synchronizedList(new ArrayList<Integer>());
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (int i = 0; i < requests; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    // amounts rise with n but requests race, so many arrive too low
                    String amount = new BigDecimal("1")
                            .add(new BigDecimal(n).multiply(new BigDecimal("0.06")))
                            .toPlainString();
                    var reply = bid(id, tokens.get(n % bidders)[0], amount, "crowd-" + n);
                    statuses.add(reply.status());
                    if (reply.status() == 201) {
                        accepted.incrementAndGet();
                    }
                }));
            }
            for (var f : futures) {
                f.get();
            }
        }
        assertThat(statuses).hasSize(requests).allMatch(s -> s == 201 || s == 422);

        var view = http.get("/api/auctions/" + id).json();
        assertThat(view.path("bidCount").asInt()).isEqualTo(accepted.get());
        var log = new ArrayList<JsonNode>();
        Long before = null;
        do {
            var page = http.get("/api/auctions/" + id + "/bids?limit=100" + (before == null ? "" : "&before=" + before))
                    .json();
            page.path("items").forEach(log::add);
            before = page.path("nextBefore").isNull() || page.path("nextBefore").isMissingNode()
                    ? null
                    : page.path("nextBefore").asLong();
        } while (before != null);
        assertThat(log).hasSize(requests);
        Collections.reverse(log); // oldest first
        BigDecimal previous = BigDecimal.ZERO;
        for (JsonNode b : log) {
            if (b.path("status").asText().equals("ACCEPTED")) {
                var amount = new BigDecimal(b.path("amount").asText());
                assertThat(amount).isGreaterThanOrEqualTo(previous.multiply(new BigDecimal("1.05")));
                previous = amount;
            }
        }
        assertThat(new BigDecimal(view.path("highestBid").path("amount").asText()))
                .isEqualByComparingTo(previous);
        // only the leader holds money in this auction
        int holders = 0;
        for (String[] t : tokens) {
            var reservations = http.get("/api/bidders/" + t[1], "Authorization", t[0])
                    .json()
                    .path("funds")
                    .path("reservations");
            for (JsonNode r : reservations) {
                if (r.path("auctionId").asText().equals(id)) {
                    holders++;
                    assertThat(t[1])
                            .isEqualTo(view.path("highestBid").path("bidderId").asText());
                }
            }
        }
        assertThat(holders).isEqualTo(1);
    }

    @Test
    void a_last_second_bid_extends_the_end() {
        String id = auction("", Duration.ofSeconds(30));
        var dee = bidder("dee", "5");
        Instant end = Instant.parse(
                http.get("/api/auctions/" + id).json().path("endsAt").asText());

        var reply = bid(id, dee[0], "1", "d-1");

        assertThat(reply.status()).isEqualTo(201);
        var view = http.get("/api/auctions/" + id).json();
        assertThat(Instant.parse(view.path("endsAt").asText()))
                .isEqualTo(CLOCK.instant().plusSeconds(300));
        assertThat(Instant.parse(view.path("originalEndsAt").asText())).isEqualTo(end);
        assertThat(view.path("extensions").asInt()).isEqualTo(1);
    }

    @Test
    void in_the_grace_window_a_bid_made_before_the_end_counts_and_one_made_after_does_not_then_the_winner_pays() {
        String id = auction(
                ",\"antiSnipe\":{\"windowSeconds\":0,\"extensionSeconds\":0},\"graceSeconds\":20",
                Duration.ofSeconds(60));
        var eli = bidder("eli", "10");
        var fay = bidder("fay", "10");
        assertThat(bid(id, eli[0], "2", "e-1").status()).isEqualTo(201);
        Instant end = Instant.parse(
                http.get("/api/auctions/" + id).json().path("endsAt").asText());

        CLOCK.set(end.plusSeconds(5));
        server.auctionHouse().clockMoved();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("PROCESSING"));

        // As the X channel would: made before the end, arriving now.
        var intake = new BidIntakeStream(redis);
        var auctionId = UUID.fromString(id);
        intake.publish(new BidCommand(
                new BidKey(BidSource.ADMIN, "late-ok-" + id),
                auctionId,
                UUID.fromString(fay[1]),
                Wei.ofEth("3"),
                end.minusSeconds(2),
                CLOCK.instant()));
        intake.publish(new BidCommand(
                new BidKey(BidSource.ADMIN, "late-no-" + id),
                auctionId,
                UUID.fromString(eli[1]),
                Wei.ofEth("4"),
                end.plusSeconds(1),
                CLOCK.instant()));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> http.get("/api/auctions/" + id + "/bids")
                                .json()
                                .path("items")
                                .size()
                        == 3);
        var items = http.get("/api/auctions/" + id + "/bids").json().path("items");
        assertThat(items.get(1).path("status").asText()).isEqualTo("ACCEPTED"); // fay, made before the end
        assertThat(items.get(0).path("status").asText()).isEqualTo("REJECTED"); // eli, made after it
        assertThat(items.get(0).path("reason").asText()).isEqualTo("AUCTION_ENDED");

        CLOCK.set(end.plusSeconds(21));
        server.auctionHouse().clockMoved();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(id).equals("COMPLETED"));
        var done = http.get("/api/auctions/" + id).json();
        assertThat(done.path("winner").path("bidderId").asText()).isEqualTo(fay[1]);
        assertThat(done.path("winner").path("amount").asText()).isEqualTo("3");
        var fayFunds = http.get("/api/bidders/" + fay[1], "Authorization", fay[0])
                .json()
                .path("funds");
        assertThat(fayFunds.path("captured").asText()).isEqualTo("3");
        assertThat(fayFunds.path("available").asText()).isEqualTo("7");
        var eliFunds = http.get("/api/bidders/" + eli[1], "Authorization", eli[0])
                .json()
                .path("funds");
        assertThat(eliFunds.path("reserved").asText()).isEqualTo("0");
        assertThat(eliFunds.path("available").asText()).isEqualTo("10");

        var afterFinal = bid(id, eli[0], "9", "e-late");
        assertThat(afterFinal.status()).isEqualTo(409);
        assertThat(afterFinal.json().path("details").path("reason").asText()).isEqualTo("AUCTION_ENDED");
        CLOCK.set(end.minusSeconds(60)); // back for the other tests' auctions
        server.auctionHouse().clockMoved();
    }

    @Test
    void voiding_the_leading_bid_restores_the_previous_leader() {
        String id = auction("", Duration.ofHours(1));
        var gus = bidder("gus", "10");
        var hal = bidder("hal", "10");
        bid(id, gus[0], "2", "g-1");
        String top = bid(id, hal[0], "3", "h-1").json().path("bidId").asText();

        var voided = http.post(
                "/api/auctions/" + id + "/actions",
                "{\"action\":\"void\",\"bidId\":\"" + top + "\",\"reason\":\"shill\"}",
                "Authorization",
                admin);

        assertThat(voided.status()).as(voided.toString()).isEqualTo(200);
        assertThat(voided.json().path("highestBid").path("bidderId").asText()).isEqualTo(gus[1]);
        assertThat(http.get("/api/bidders/" + hal[1], "Authorization", hal[0])
                        .json()
                        .path("funds")
                        .path("reserved")
                        .asText())
                .isEqualTo("0");
        assertThat(http.get("/api/auctions/" + id + "/bids")
                        .json()
                        .path("items")
                        .get(0)
                        .path("voidedAt")
                        .isNull())
                .isFalse();
    }

    @Test
    void a_websocket_client_gets_the_state_then_each_committed_bid() throws Exception {
        String id = auction("", Duration.ofHours(1));
        var kim = bidder("kim", "10");
        var messages = new java.util.concurrent.LinkedBlockingQueue<String>();
        var socket = java.net.http.HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(
                        java.net.URI.create(server.url().replace("http", "ws") + "/ws/auctions/" + id),
                        new java.net.http.WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(
                                    java.net.http.WebSocket ws, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    messages.add(text.toString());
                                    text.setLength(0);
                                }
                                ws.request(1);
                                return null;
                            }
                        })
                .get(5, java.util.concurrent.TimeUnit.SECONDS);
        try {
            var hello = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(messages.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            assertThat(hello.path("type").asText()).isEqualTo("state");
            assertThat(hello.path("state").path("status").asText()).isEqualTo("ACTIVE");

            assertThat(bid(id, kim[0], "1.2", "kim-1").status()).isEqualTo(201);

            var event = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(messages.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            assertThat(event.path("type").asText()).isEqualTo("bid");
            assertThat(event.path("bid").path("amount").asText()).isEqualTo("1.2");
            assertThat(event.path("state").path("highestBid").path("amount").asText())
                    .isEqualTo("1.2");
        } finally {
            socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done")
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void a_campaign_plans_one_auction_per_day_in_eastern_wall_time_across_dst() {
        var reply = http.post(
                "/api/campaigns",
                "{\"name\":\"Spring\",\"project\":\"Spring27\",\"startDate\":\"2027-03-13\",\"days\":2,"
                        + "\"windows\":{\"auctionStart\":\"14:00\",\"auctionEnd\":\"16:00\"},\"rules\":{\"startingPrice\":\"0.5\"}}",
                "Authorization",
                admin);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        var schedule = reply.json().path("schedule");
        assertThat(schedule.get(0).path("auctionStart").asText()).isEqualTo("2027-03-13T14:00-05:00");
        assertThat(schedule.get(1).path("auctionStart").asText())
                .isEqualTo("2027-03-14T14:00-04:00"); // the day clocks spring forward
        String campaignId = reply.json().path("id").asText();

        var auctions = http.get("/api/campaigns/" + campaignId + "/auctions").json();
        assertThat(auctions).hasSize(2);
        assertThat(auctions.get(0).path("status").asText()).isEqualTo("PENDING");
        assertThat(auctions.get(1).path("hashtag").asText()).isEqualTo("#SPRING272");
        assertThat(Instant.parse(auctions.get(1).path("startsAt").asText()))
                .isEqualTo(Instant.parse("2027-03-14T18:00:00Z"));
        assertThat(auctions.get(1).path("startingPrice").asText()).isEqualTo("0.5");

        var assigned = http.post(
                "/api/campaigns/" + campaignId + "/artworks",
                "{\"artworks\":[{\"day\":2,\"name\":\"Bloom\",\"tokenId\":\"7\"}]}",
                "Authorization",
                admin);
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
        assertThat(assigned.json().get(1).path("artwork").path("name").asText()).isEqualTo("Bloom");
        var badDay = http.post(
                "/api/campaigns/" + campaignId + "/artworks",
                "{\"artworks\":[{\"day\":9,\"name\":\"x\"}]}",
                "Authorization",
                admin);
        assertThat(badDay.status()).isEqualTo(400);

        var again = http.post(
                "/api/campaigns",
                "{\"name\":\"Spring\",\"project\":\"Spring27\",\"startDate\":\"2027-03-13\",\"days\":1,\"rules\":{\"startingPrice\":\"1\"}}",
                "Authorization",
                admin);
        assertThat(again.status()).isEqualTo(409);
        assertThat(http.get("/api/campaigns/" + UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void when_day_one_completes_day_two_waits_pending_and_opens_at_its_own_time() {
        Instant start = CLOCK.instant();
        var eastern = start.atZone(java.time.ZoneId.of("America/New_York"));
        String open = eastern.toLocalTime()
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .toString();
        String close = eastern.toLocalTime()
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                .plusMinutes(30)
                .toString();
        var reply = http.post(
                "/api/campaigns",
                "{\"name\":\"Relay\",\"project\":\"Relay" + start.getEpochSecond() + "\",\"startDate\":\""
                        + eastern.toLocalDate() + "\",\"days\":2," + "\"windows\":{\"auctionStart\":\"" + open
                        + "\",\"auctionEnd\":\"" + close
                        + "\"},\"rules\":{\"startingPrice\":\"1\",\"graceSeconds\":5}}",
                "Authorization",
                admin);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        String day1 = reply.json().path("schedule").get(0).path("auctionId").asText();
        String day2 = reply.json().path("schedule").get(1).path("auctionId").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> status(day1).equals("ACTIVE"));
        assertThat(status(day2)).isEqualTo("PENDING");
        try {
            CLOCK.set(start.plus(Duration.ofMinutes(31)));
            server.auctionHouse().clockMoved();
            await().atMost(Duration.ofSeconds(10)).until(() -> status(day1).equals("COMPLETED"));
            assertThat(status(day2)).isEqualTo("PENDING");

            var dayTwoStart = java.time.OffsetDateTime.parse(reply.json()
                            .path("schedule")
                            .get(1)
                            .path("auctionStart")
                            .asText())
                    .toInstant();
            CLOCK.set(dayTwoStart.plusSeconds(1));
            server.auctionHouse().clockMoved();
            await().atMost(Duration.ofSeconds(10)).until(() -> status(day2).equals("ACTIVE"));
        } finally {
            CLOCK.set(start);
            server.auctionHouse().clockMoved();
        }
    }

    @Test
    void only_admins_create_auctions_and_bad_rules_are_listed_by_field() {
        var ivy = bidder("ivy", "1");
        assertThat(http.post("/api/auctions", "{}", "Authorization", ivy[0]).status())
                .isEqualTo(403);
        var bad = http.post(
                "/api/auctions",
                "{\"name\":\"\",\"startsAt\":\"tomorrow\",\"endsAt\":\"2026-11-21T14:00:00-05:00\",\"startingPrice\":\"2,5\",\"minIncrement\":{\"percent\":\"-3\"},\"hashtag\":\"no spaces\"}",
                "Authorization",
                admin);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("details").path("fields").fieldNames())
                .toIterable()
                .contains("name", "startsAt", "startingPrice", "minIncrement.percent", "hashtag");
    }
}
