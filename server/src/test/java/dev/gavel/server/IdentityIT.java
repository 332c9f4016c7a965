package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.chain.SiweMessage;
import dev.gavel.core.time.MutableClock;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** Wallet linking by SIWE through the HTTP API: what links, and every way a link is refused, with its reason. */
@WithPostgresAndRedis
class IdentityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ECKeyPair ALICE = key("alice");
    private static final ECKeyPair MALLORY = key("mallory");
    private static final ECKeyPair SPARE = key("spare");

    private MutableClock clock;
    private TestDatabase db;
    private TestRedis redis;

    @BeforeEach
    void setUp(TestDatabase db, TestRedis redis) {
        this.db = db;
        this.redis = redis;
        this.clock = MutableClock.at(Instant.now());
    }

    @Test
    void a_signed_message_links_the_wallet_once_and_every_bad_attempt_says_why() throws Exception {
        var env = Map.of(
                "GAVEL_OWNER_EMAIL", "owner@id.test",
                "GAVEL_OWNER_PASSWORD", "owner password 1",
                "GAVEL_PUBLIC_URL", "https://auctions.example",
                "GAVEL_CHAIN_ID", "360",
                "GAVEL_IDENTITY_NONCE_TTL", "10m");
        try (var server = GavelServer.start(TestConfigs.config(db, redis.uri(), env), clock)) {
            var http = new Http(server.url());
            String alice = bearer(http, "alice@id.test");
            String bob = bearer(http, "bob@id.test");
            String aliceHandle = http.get("/api/bidders/me", "Authorization", alice)
                    .json()
                    .path("handle")
                    .asText();
            http.get("/api/bidders/me", "Authorization", bob);

            // a nonce for someone else's bidder is refused
            var notYours = http.post(
                    "/api/identity/nonce",
                    body(Map.of("handle", aliceHandle, "address", address(ALICE))),
                    "Authorization",
                    bob);
            assertThat(notYours.status()).as(notYours.toString()).isEqualTo(403);
            var badAddress = http.post("/api/identity/nonce", body(Map.of("address", "0x123")), "Authorization", alice);
            assertThat(badAddress.status()).isEqualTo(400);
            assertThat(badAddress.json().path("message").asText()).contains("address");

            // the happy path
            var issued = nonce(http, alice, ALICE);
            String message = issued.path("message").asText();
            assertThat(message)
                    .startsWith("auctions.example wants you to sign in with your Ethereum account:\n" + address(ALICE))
                    .contains("Chain ID: 360")
                    .contains("Nonce: " + issued.path("nonce").asText());
            var linked = link(http, aliceHandle, message, sign(message, ALICE), false);
            assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
            assertThat(linked.json().path("wallet").asText()).isEqualTo(address(ALICE));

            // the same message again: the nonce is spent
            var reused = link(http, aliceHandle, message, sign(message, ALICE), false);
            assertThat(reused.status()).isEqualTo(409);
            assertThat(reused.json().path("error").asText()).isEqualTo("nonce_used");

            // signed by another wallet than the one named
            var forSpare = nonce(http, alice, SPARE).path("message").asText();
            var wrongSigner = link(http, aliceHandle, forSpare, sign(forSpare, MALLORY), true);
            assertThat(wrongSigner.status()).isEqualTo(422);
            assertThat(wrongSigner.json().path("error").asText()).isEqualTo("wrong_address");
            assertThat(wrongSigner.json().path("message").asText()).contains("does not come from the wallet");

            // Gavel's nonce in a message for another site, or another chain
            var anotherNonce = nonce(http, alice, SPARE).path("nonce").asText();
            String otherSite = SiweMessage.of(
                            "evil.example", address(SPARE), "https://evil.example/", 360, anotherNonce, clock.instant())
                    .text();
            var wrongDomain = link(http, aliceHandle, otherSite, sign(otherSite, SPARE), true);
            assertThat(wrongDomain.status()).isEqualTo(422);
            assertThat(wrongDomain.json().path("error").asText()).isEqualTo("wrong_domain");
            String otherChain = SiweMessage.of(
                            "auctions.example",
                            address(SPARE),
                            "https://auctions.example/link.html",
                            1,
                            anotherNonce,
                            clock.instant())
                    .text();
            var wrongChain = link(http, aliceHandle, otherChain, sign(otherChain, SPARE), true);
            assertThat(wrongChain.status()).isEqualTo(422);
            assertThat(wrongChain.json().path("error").asText()).isEqualTo("wrong_chain");

            // replacing the linked wallet must be asked for
            var relinkMessage = nonce(http, alice, SPARE).path("message").asText();
            var notAsked = link(http, aliceHandle, relinkMessage, sign(relinkMessage, SPARE), false);
            assertThat(notAsked.status()).isEqualTo(409);
            assertThat(notAsked.json().path("error").asText()).isEqualTo("relink_required");
            var relinked = link(http, aliceHandle, relinkMessage, sign(relinkMessage, SPARE), true);
            assertThat(relinked.status()).as(relinked.toString()).isEqualTo(200);
            assertThat(relinked.json().path("previousWallet").asText()).isEqualTo(address(ALICE));

            // a message past its expiration time
            var late = nonce(http, alice, ALICE).path("message").asText();
            clock.advance(Duration.ofMinutes(11));
            var expired = link(http, aliceHandle, late, sign(late, ALICE), true);
            assertThat(expired.status()).isEqualTo(410);
            assertThat(expired.json().path("error").asText()).isEqualTo("expired");

            // a wallet linked to someone else cannot be taken
            String bobHandle = http.get("/api/bidders/me", "Authorization", bob)
                    .json()
                    .path("handle")
                    .asText();
            var bobsTry = nonce(http, bob, SPARE).path("message").asText();
            var taken = link(http, bobHandle, bobsTry, sign(bobsTry, SPARE), false);
            assertThat(taken.status()).isEqualTo(409);
            assertThat(taken.json().path("error").asText()).isEqualTo("wallet_taken");

            // the audit trail shows the link and the relink
            String owner = "Bearer "
                    + http.post("/api/auth/login", "{\"email\":\"owner@id.test\",\"password\":\"owner password 1\"}")
                            .json()
                            .path("token")
                            .asText();
            String aliceId = http.get("/api/bidders/me", "Authorization", alice)
                    .json()
                    .path("id")
                    .asText();
            var audit = http.get("/api/bidders/" + aliceId + "/audit", "Authorization", owner)
                    .json()
                    .path("items");
            assertThat(audit)
                    .extracting(e -> e.path("action").asText())
                    .containsExactly("wallet.linked", "wallet.relinked");
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode nonce(Http http, String token, ECKeyPair wallet)
            throws Exception {
        var reply = http.post("/api/identity/nonce", body(Map.of("address", address(wallet))), "Authorization", token);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private static Http.Reply link(Http http, String handle, String message, String signature, boolean relink)
            throws Exception {
        return http.post(
                "/api/identity/link",
                body(Map.of("handle", handle, "message", message, "signature", signature, "relink", relink)));
    }

    private static String bearer(Http http, String email) {
        http.post("/api/auth/register", "{\"email\":\"" + email + "\",\"password\":\"a long password 1\"}");
        return "Bearer "
                + http.post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"a long password 1\"}")
                        .json()
                        .path("token")
                        .asText();
    }

    private static String body(Map<String, Object> fields) throws Exception {
        return JSON.writeValueAsString(fields);
    }

    private static ECKeyPair key(String name) {
        return ECKeyPair.create(Hash.sha3(name.getBytes(StandardCharsets.UTF_8)));
    }

    static String address(ECKeyPair keys) {
        return Keys.toChecksumAddress(Keys.getAddress(keys));
    }

    static String sign(String message, ECKeyPair keys) {
        var s = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), keys);
        return "0x" + Numeric.toHexStringNoPrefix(s.getR()) + Numeric.toHexStringNoPrefix(s.getS())
                + Numeric.toHexStringNoPrefix(s.getV());
    }
}
