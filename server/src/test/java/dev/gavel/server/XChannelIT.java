package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.sim.x.XSimulator;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bids posted on (a simulated) X reach the sequencer through the real client and the channel. */
@WithPostgresAndRedis
class XChannelIT {

    @Test
    void bid_posts_become_decisions_with_the_right_reasons_and_an_edit_stays_one_bid(TestDatabase db, TestRedis redis)
            throws Exception {
        try (var x = XSimulator.start(0, Clock.systemUTC(), "gavelhost")) {
            var env = Map.of(
                    "GAVEL_OWNER_EMAIL", "owner@x.test",
                    "GAVEL_OWNER_PASSWORD", "owner password 1",
                    "GAVEL_X_API_BASE_URL", x.baseUrl().toString(),
                    "GAVEL_X_BEARER_TOKEN", "app-token",
                    "GAVEL_X_USER_TOKEN", "host-token",
                    "GAVEL_X_POLL_INTERVAL", "1s");
            try (var server = GavelServer.start(TestConfigs.config(db, redis.uri(), env), Clock.systemUTC())) {
                var http = new Http(server.url());
                String admin = "Bearer "
                        + http.post("/api/auth/login", "{\"email\":\"owner@x.test\",\"password\":\"owner password 1\"}")
                                .json()
                                .path("token")
                                .asText();
                var now = Instant.now();
                var created = http.post(
                        "/api/auctions",
                        "{\"name\":\"On X\",\"hashtag\":\"#SIMX\",\"startsAt\":\"" + now.minusSeconds(1)
                                + "\",\"endsAt\":\"" + now.plusSeconds(3600)
                                + "\",\"startingPrice\":\"1\",\"requireFunds\":false}",
                        "Authorization",
                        admin);
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                String auctionId = created.json().path("id").asText();

                var announce =
                        x.post(x.hostId(), "Auction #SIMX is live! Reply: bid <amount> ETH #SIMX", Optional.empty());
                var ada = x.user("ada", now.minus(Duration.ofDays(400)));
                var bob = x.user("bob", now.minus(Duration.ofDays(400)));
                var kid = x.user("kid", now.minus(Duration.ofDays(5)));
                for (var u : List.of(ada, kid)) {
                    var bidder = http.post(
                            "/api/bidders",
                            "{\"handle\":\"" + u.username() + "\",\"xUserId\":\"" + u.id() + "\",\"wallet\":\"0x"
                                    + "1".repeat(39) + u.id().charAt(u.id().length() - 1) + "\"}",
                            "Authorization",
                            admin);
                    assertThat(bidder.status()).as(bidder.toString()).isEqualTo(201);
                }

                var adaBid = x.post(ada.id(), "bid 2 ETH #SIMX", Optional.of(announce.id()));
                x.post(bob.id(), "bid 3 ETH #SIMX", Optional.of(announce.id()));
                x.post(kid.id(), "Ξ4 #SIMX", Optional.of(announce.id()));
                x.post(ada.id(), "#SIMX what a piece", Optional.of(announce.id()));
                x.edit(adaBid.id(), "bid 2 ETH #SIMX (edited)");

                await().atMost(Duration.ofSeconds(20))
                        .until(() -> bids(http, auctionId).size() >= 3);
                var bids = bids(http, auctionId);
                assertThat(bids)
                        .extracting(b -> b.path("handle").asText() + ":"
                                + b.path("status").asText() + ":"
                                + b.path("reason").asText(""))
                        .containsExactlyInAnyOrder(
                                "ada:ACCEPTED:", "bob:REJECTED:WALLET_NOT_LINKED", "kid:REJECTED:ACCOUNT_TOO_NEW");

                // a burst of 429s delays the next bid but loses nothing
                x.inject429(2, Duration.ofSeconds(2));
                x.post(ada.id(), "bid 2.5 ETH #SIMX", Optional.of(announce.id()));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> bids(http, auctionId).size() == 4);
                assertThat(http.get("/api/auctions/" + auctionId)
                                .json()
                                .path("highestBid")
                                .path("amount")
                                .asText())
                        .isEqualTo("2.5");
                assertThat(http.get("/health")
                                .json()
                                .path("components")
                                .path("x")
                                .path("details")
                                .path("circuitBreaker")
                                .asText())
                        .isEqualTo("CLOSED");
            }
        }
    }

    @Test
    void a_banned_bidder_and_one_over_the_rate_limit_are_refused_with_their_reasons(TestDatabase db, TestRedis redis)
            throws Exception {
        try (var x = XSimulator.start(0, Clock.systemUTC(), "gavelhost")) {
            var env = Map.of(
                    "GAVEL_OWNER_EMAIL", "owner@x.test",
                    "GAVEL_OWNER_PASSWORD", "owner password 1",
                    "GAVEL_X_API_BASE_URL", x.baseUrl().toString(),
                    "GAVEL_X_BEARER_TOKEN", "app-token",
                    "GAVEL_X_POLL_INTERVAL", "1s",
                    "GAVEL_BID_RATE_LIMIT", "2/1m");
            try (var server = GavelServer.start(TestConfigs.config(db, redis.uri(), env), Clock.systemUTC())) {
                var http = new Http(server.url());
                String admin = "Bearer "
                        + http.post("/api/auth/login", "{\"email\":\"owner@x.test\",\"password\":\"owner password 1\"}")
                                .json()
                                .path("token")
                                .asText();
                var now = Instant.now();
                String auctionId = http.post(
                                "/api/auctions",
                                "{\"name\":\"Limits\",\"hashtag\":\"#LIMITS\",\"startsAt\":\"" + now.minusSeconds(1)
                                        + "\",\"endsAt\":\"" + now.plusSeconds(3600)
                                        + "\",\"startingPrice\":\"1\",\"requireFunds\":false}",
                                "Authorization",
                                admin)
                        .json()
                        .path("id")
                        .asText();
                var root = x.post(x.hostId(), "#LIMITS is live", Optional.empty());
                var eve = x.user("eve", now.minus(Duration.ofDays(400)));
                var fay = x.user("fay", now.minus(Duration.ofDays(400)));
                String eveId = null;
                for (var u : List.of(eve, fay)) {
                    var bidder = http.post(
                            "/api/bidders",
                            "{\"handle\":\"" + u.username() + "\",\"xUserId\":\"" + u.id() + "\",\"wallet\":\"0x"
                                    + "2".repeat(39) + u.id().charAt(u.id().length() - 1) + "\"}",
                            "Authorization",
                            admin);
                    if (u == eve) {
                        eveId = bidder.json().path("id").asText();
                    }
                }
                var ban = http.post(
                        "/api/bidders/" + eveId + "/ban", "{\"reason\":\"shill bidding\"}", "Authorization", admin);
                assertThat(ban.status()).as(ban.toString()).isEqualTo(200);
                assertThat(ban.json().path("banReason").asText()).isEqualTo("shill bidding");

                x.post(eve.id(), "bid 5 ETH #LIMITS", Optional.of(root.id()));
                for (String amount : List.of("1", "2", "3")) {
                    x.post(fay.id(), "bid " + amount + " ETH #LIMITS", Optional.of(root.id()));
                }
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> bids(http, auctionId).size() == 4);
                assertThat(bids(http, auctionId))
                        .extracting(b -> b.path("handle").asText() + ":"
                                + b.path("amount").asText() + ":"
                                + b.path("reason").asText(""))
                        .containsExactlyInAnyOrder("eve:5:BIDDER_BANNED", "fay:1:", "fay:2:", "fay:3:RATE_LIMITED");
                var audit = http.get("/api/bidders/" + eveId + "/audit", "Authorization", admin)
                        .json();
                assertThat(audit.path("items").get(0).path("action").asText()).isEqualTo("bidder.banned");
            }
        }
    }

    private static List<JsonNode> bids(Http http, String auctionId) {
        var list = new ArrayList<JsonNode>();
        http.get("/api/auctions/" + auctionId + "/bids").json().path("items").forEach(list::add);
        return list;
    }
}
