package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gavel.sim.x.XSimulator;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;

/**
 * A whole auction on (a simulated) X through the real client: a seeded crowd links wallets by reply, bids by
 * reply (some too new, one never linked, some malformed), Gavel restarts in the middle while bids keep
 * coming, reads hit a burst of 429s — and in the end the right bidder wins, every post got exactly one reply,
 * and nothing was answered twice.
 */
@WithPostgresAndRedis
class XAuctionEndToEndIT {
    private static final long SEED = 20_261_121L;
    private static final Pattern NONCE = Pattern.compile("nonce=([A-Za-z0-9]+)");

    @Test
    void a_crowd_on_x_ends_with_the_right_winner_and_one_reply_per_post_across_a_restart(
            TestDatabase db, TestRedis redis) throws Exception {
        var random = new Random(SEED);
        try (var x = XSimulator.start(0, Clock.systemUTC(), "gavelhost")) {
            var env = Map.of(
                    "GAVEL_OWNER_EMAIL", "owner@e2e.test",
                    "GAVEL_OWNER_PASSWORD", "owner password 1",
                    "GAVEL_X_API_BASE_URL", x.baseUrl().toString(),
                    "GAVEL_X_BEARER_TOKEN", "app-token",
                    "GAVEL_X_USER_TOKEN", "host-token",
                    "GAVEL_X_HOST_USER_ID", x.hostId(),
                    "GAVEL_X_POLL_INTERVAL", "1s",
                    "GAVEL_PUBLIC_URL", "http://localhost:8080",
                    "GAVEL_BID_RATE_LIMIT", "50/10s");
            var config = TestConfigs.config(db, redis.uri(), env);
            var server = GavelServer.start(config, Clock.systemUTC());
            try {
                var http = new Http(server.url());
                String admin = admin(http);
                var now = Instant.now();
                var created = http.post(
                        "/api/auctions",
                        "{\"name\":\"Dawn\",\"hashtag\":\"#E2E\",\"startsAt\":\"" + now.minusSeconds(1)
                                + "\",\"endsAt\":\""
                                + now.plusSeconds(50) + "\",\"startingPrice\":\"1\",\"requireFunds\":false,"
                                + "\"graceSeconds\":3,\"antiSnipe\":{\"windowSeconds\":1,\"extensionSeconds\":1,\"maxExtensions\":1}}",
                        "Authorization",
                        admin);
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                String auctionId = created.json().path("id").asText();

                // the host announces the start; the crowd replies to that post
                var root = await().atMost(Duration.ofSeconds(15))
                        .until(
                                () -> x.hostPosts().stream()
                                        .filter(p -> p.inReplyTo().isEmpty()
                                                && p.text().contains("#E2E"))
                                        .findFirst(),
                                Optional::isPresent)
                        .get();
                assertThat(root.text()).contains("Dawn is live!");

                var old = now.minus(Duration.ofDays(400));
                var regulars = new ArrayList<XSimulator.User>();
                for (String name : List.of("ada", "bea", "cy", "dee")) {
                    var user = x.user(name, old);
                    regulars.add(user);
                    registerWithWallet(http, admin, user, wallet(name));
                }
                var kid = x.user("kid", now.minus(Duration.ofDays(5)));
                registerWithWallet(http, admin, kid, wallet("kid"));
                var nolink = x.user("nolink", old);
                var lin = x.user("lin", old);

                // lin links a wallet by the reply flow: link 0x…, then the signature of the message Gavel issued
                var keys = ECKeyPair.create(Hash.sha3("lin".getBytes(StandardCharsets.UTF_8)));
                var ask = x.post(lin.id(), "@gavelhost link " + IdentityIT.address(keys), Optional.of(root.id()));
                var pointer = awaitReply(x, ask.id());
                var nonce = NONCE.matcher(pointer.text());
                assertThat(nonce.find()).as(pointer.text()).isTrue();
                String message = http.get("/api/identity/nonces/" + nonce.group(1))
                        .json()
                        .path("message")
                        .asText();
                var signed = x.post(lin.id(), IdentityIT.sign(message, keys), Optional.of(pointer.id()));
                assertThat(awaitReply(x, signed.id()).text())
                        .startsWith("Linked: @lin bids with " + IdentityIT.address(keys));

                var crowd = new ArrayList<XSimulator.User>(regulars);
                crowd.add(lin);
                crowd.add(kid);
                crowd.add(nolink);
                var bidPosts = new ArrayList<XSimulator.Post>();
                var amount = new java.math.BigDecimal("1");
                for (int i = 0; i < 14; i++) {
                    var who = crowd.get(random.nextInt(crowd.size()));
                    amount = amount.add(new java.math.BigDecimal("0.25"));
                    String text = random.nextInt(7) == 0
                            ? "bid " + amount.toPlainString().replace('.', ',') + " ETH #E2E"
                            : switch (random.nextInt(3)) {
                                case 0 -> "bid " + amount.toPlainString() + " ETH #E2E";
                                case 1 -> "#E2E " + amount.toPlainString() + "eth";
                                default -> "Ξ" + amount.toPlainString() + " #e2e 🚀";
                            };
                    bidPosts.add(x.post(who.id(), text, Optional.of(root.id())));
                }
                bidPosts.add(x.post(kid.id(), "bid 50 ETH #E2E", Optional.of(root.id())));
                bidPosts.add(x.post(nolink.id(), "bid 60 ETH #E2E", Optional.of(root.id())));
                await().atMost(Duration.ofSeconds(20)).until(() -> repliedTo(x, bidPosts) >= bidPosts.size() / 2);

                // restart in the middle: posts keep coming while Gavel is down
                server.close();
                for (int i = 0; i < 4; i++) {
                    var who = regulars.get(random.nextInt(regulars.size()));
                    amount = amount.add(new java.math.BigDecimal("0.5"));
                    bidPosts.add(
                            x.post(who.id(), "bid " + amount.toPlainString() + " ETH #E2E", Optional.of(root.id())));
                }
                server = GavelServer.start(config, Clock.systemUTC());
                http = new Http(server.url());

                // a burst of 429s on reads delays but loses nothing
                x.inject429(3, Duration.ofSeconds(2));
                var winner = regulars.get(3);
                bidPosts.add(x.post(winner.id(), "bid 100 ETH #E2E", Optional.of(root.id())));
                bidPosts.add(x.post(regulars.get(0).id(), "bid 99 ETH #E2E", Optional.of(root.id())));

                var httpAfter = http;
                await().atMost(Duration.ofSeconds(90))
                        .until(
                                () -> httpAfter
                                        .get("/api/auctions/" + auctionId)
                                        .json()
                                        .path("status")
                                        .asText(),
                                "COMPLETED"::equals);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> httpAfter
                                                .get("/api/x/posts?limit=1")
                                                .json()
                                                .path("counts")
                                                .path("queued")
                                                .asLong()
                                        == 0
                                && x.hostPosts().stream().anyMatch(p -> p.text().contains("you won")));

                var auction = http.get("/api/auctions/" + auctionId).json();
                assertThat(auction.path("highestBid").path("handle").asText()).isEqualTo("dee");
                assertThat(auction.path("highestBid").path("amount").asText()).isEqualTo("100");

                // every bid post got exactly one reply, and no post on X got two
                Map<String, Long> repliesPerPost = x.hostPosts().stream()
                        .filter(p -> p.inReplyTo().isPresent())
                        .collect(Collectors.groupingBy(p -> p.inReplyTo().get(), Collectors.counting()));
                assertThat(repliesPerPost.values()).allMatch(n -> n == 1);
                for (var post : bidPosts) {
                    assertThat(repliesPerPost.get(post.id()))
                            .as("replies to «%s»", post.text())
                            .isEqualTo(1L);
                }

                // the reasons, in plain words and in the bid log
                var byPost = x.hostPosts().stream()
                        .filter(p -> p.inReplyTo().isPresent())
                        .collect(Collectors.toMap(p -> p.inReplyTo().get(), Function.identity()));
                assertThat(byPost.get(bidPosts.get(14).id()).text()).contains("too new");
                assertThat(byPost.get(bidPosts.get(15).id()).text()).contains("link a wallet");
                var reasons = new HashMap<String, String>();
                http.get("/api/auctions/" + auctionId + "/bids?limit=100")
                        .json()
                        .path("items")
                        .forEach(b -> reasons.merge(
                                b.path("handle").asText(), b.path("reason").asText(""), (a, c) -> a + "," + c));
                assertThat(reasons.get("kid")).contains("ACCOUNT_TOO_NEW").doesNotContain("BELOW");
                assertThat(reasons.get("nolink")).contains("WALLET_NOT_LINKED");
                assertThat(x.hostPosts()).anyMatch(p -> p.text().startsWith("@dee you won #E2E"));
                assertThat(x.hostPosts()).anyMatch(p -> p.text().contains("you were outbid on #E2E"));
                assertThat(x.hostPosts())
                        .anyMatch(p -> p.text().startsWith("Sold! Dawn #E2E goes to @dee for 100 ETH"));
                int decisions = http.get("/api/auctions/" + auctionId + "/bids?limit=100")
                        .json()
                        .path("items")
                        .size();
                long malformed =
                        bidPosts.stream().filter(p -> p.text().contains(",")).count();
                assertThat(decisions + malformed).isEqualTo(bidPosts.size());
            } finally {
                server.close();
            }
        }
    }

    private static XSimulator.Post awaitReply(XSimulator x, String postId) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> x.hostPosts().stream()
                                .filter(p -> p.inReplyTo().map(postId::equals).orElse(false))
                                .findFirst(),
                        Optional::isPresent)
                .get();
    }

    private static long repliedTo(XSimulator x, List<XSimulator.Post> posts) {
        var ids = posts.stream().map(XSimulator.Post::id).collect(Collectors.toSet());
        return x.hostPosts().stream()
                .filter(p -> p.inReplyTo().map(ids::contains).orElse(false))
                .count();
    }

    private static void registerWithWallet(Http http, String admin, XSimulator.User user, String wallet) {
        var reply = http.post(
                "/api/bidders",
                "{\"handle\":\"" + user.username() + "\",\"xUserId\":\"" + user.id() + "\",\"wallet\":\"" + wallet
                        + "\"}",
                "Authorization",
                admin);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    }

    private static String wallet(String name) {
        return IdentityIT.address(ECKeyPair.create(Hash.sha3(name.getBytes(StandardCharsets.UTF_8))));
    }

    private static String admin(Http http) {
        return "Bearer "
                + http.post("/api/auth/login", "{\"email\":\"owner@e2e.test\",\"password\":\"owner password 1\"}")
                        .json()
                        .path("token")
                        .asText();
    }
}
