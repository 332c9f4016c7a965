package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.sim.x.XSimulator;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import dev.gavel.testkit.evm.LocalEvmNode;
import dev.gavel.testkit.evm.WithEvmNode;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.crypto.Keys;

/**
 * A bid post on X that carries the tx hash of its payment, through the real X channel, the payment check
 * against a real ganache node, and the sequencer: a payment from the bidder's wallet is credited once and
 * backs the bid; someone else's payment is refused with the reason.
 */
@WithPostgresAndRedis
@WithEvmNode
@Timeout(120)
class XPaidBidIT {
    private static final BigInteger ETH = BigInteger.TEN.pow(18);

    @Test
    void a_bid_paid_by_tx_hash_is_decided_once_its_payment_is_confirmed(
            TestDatabase db, TestRedis redis, LocalEvmNode node) throws Exception {
        String escrow = "0x" + Keys.getAddress(Keys.createEcKeyPair());
        try (var x = XSimulator.start(0, Clock.systemUTC(), "gavelhost")) {
            var env = Map.ofEntries(
                    Map.entry("GAVEL_OWNER_EMAIL", "owner@x.test"),
                    Map.entry("GAVEL_OWNER_PASSWORD", "owner password 1"),
                    Map.entry("GAVEL_X_API_BASE_URL", x.baseUrl().toString()),
                    Map.entry("GAVEL_X_BEARER_TOKEN", "app-token"),
                    Map.entry("GAVEL_X_POLL_INTERVAL", "1s"),
                    Map.entry("GAVEL_CHAIN_ID", String.valueOf(LocalEvmNode.CHAIN_ID)),
                    Map.entry("GAVEL_CHAIN_RPC_URLS", node.url().toString()),
                    Map.entry("GAVEL_CHAIN_CONFIRMATIONS", "2"),
                    Map.entry("GAVEL_CHAIN_ESCROW", escrow),
                    Map.entry("GAVEL_CHAIN_POLL_INTERVAL", "200ms"),
                    Map.entry("GAVEL_CHAIN_START_BLOCK", String.valueOf(node.blockNumber() + 1)));
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
                        "{\"name\":\"Paid on X\",\"hashtag\":\"#PAYX\",\"startsAt\":\"" + now.minusSeconds(1)
                                + "\",\"endsAt\":\"" + now.plusSeconds(3600)
                                + "\",\"startingPrice\":\"1\",\"reservePrice\":\"1\",\"requireFunds\":true}",
                        "Authorization",
                        admin);
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                String auctionId = created.json().path("id").asText();
                var announce = x.post(x.hostId(), "Auction #PAYX is live!", Optional.empty());

                var adaWallet = node.newFundedAccount(ETH.multiply(BigInteger.TEN));
                var bobWallet = node.newFundedAccount(ETH.multiply(BigInteger.TEN));
                var ada = x.user("ada", now.minus(Duration.ofDays(400)));
                var bob = x.user("bob", now.minus(Duration.ofDays(400)));
                String adaId = null;
                for (var u : List.of(ada, bob)) {
                    var wallet = u == ada ? adaWallet : bobWallet;
                    var bidder = http.post(
                            "/api/bidders",
                            "{\"handle\":\"" + u.username() + "\",\"xUserId\":\"" + u.id() + "\",\"wallet\":\""
                                    + wallet.getAddress() + "\"}",
                            "Authorization",
                            admin);
                    assertThat(bidder.status()).as(bidder.toString()).isEqualTo(201);
                    if (u == ada) {
                        adaId = bidder.json().path("id").asText();
                    }
                }

                String payment = node.sendEth(adaWallet, escrow, ETH.multiply(BigInteger.TWO));
                x.post(ada.id(), "bid 2 ETH #PAYX paid " + payment, Optional.of(announce.id()));
                // bob names ada's payment as his own
                x.post(bob.id(), "bid 3 ETH #PAYX " + payment, Optional.of(announce.id()));

                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            node.mine(1);
                            return bids(http, auctionId).size() >= 2;
                        });
                assertThat(bids(http, auctionId))
                        .extracting(b -> b.path("handle").asText() + ":"
                                + b.path("status").asText() + ":"
                                + b.path("reason").asText(""))
                        .containsExactlyInAnyOrder("ada:ACCEPTED:", "bob:REJECTED:PAYMENT_NOT_FROM_WALLET");

                // the payment counts once, whether the deposit watcher or the bid saw it first
                String id = adaId;
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    node.mine(1);
                    var view = http.get("/api/bidders/" + id, "Authorization", admin)
                            .json();
                    return view.path("deposits").size() == 1
                            && view.path("deposits")
                                    .get(0)
                                    .path("status")
                                    .asText()
                                    .equals("CREDITED");
                });
                var funds = http.get("/api/bidders/" + id, "Authorization", admin)
                        .json()
                        .path("funds");
                assertThat(funds.path("deposits").asText()).isEqualTo("2");
                assertThat(funds.path("reserved").asText()).isEqualTo("2");
            }
        }
    }

    private static List<JsonNode> bids(Http http, String auctionId) {
        var list = new ArrayList<JsonNode>();
        http.get("/api/auctions/" + auctionId + "/bids").json().path("items").forEach(list::add);
        return list;
    }
}
