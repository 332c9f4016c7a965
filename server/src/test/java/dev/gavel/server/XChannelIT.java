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

    private static List<JsonNode> bids(Http http, String auctionId) {
        var list = new ArrayList<JsonNode>();
        http.get("/api/auctions/" + auctionId + "/bids").json().path("items").forEach(list::add);
        return list;
    }
}
