package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import dev.gavel.testkit.evm.Abi;
import dev.gavel.testkit.evm.LocalEvmNode;
import dev.gavel.testkit.evm.WithEvmNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * On-chain funds and settlement through the HTTP API of a started server that follows a real ganache node:
 * deposits from linked wallets, the chain's health and status, refused input, an auction settled on chain,
 * failover past a dead provider, and refunds. Each test starts its own server on the class's database, with
 * a fresh signer (also the escrow) and a fresh payout address; the followers' checkpoints carry over.
 */
@WithPostgresAndRedis
@WithEvmNode
@Timeout(120)
class ChainApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWNER = "owner@chain.test";
    private static final String PASSWORD = "owner password 1";
    private static final BigInteger ETH = BigInteger.TEN.pow(18);
    private static final int CONFIRMATIONS = 2;
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(250);

    private final TestDatabase db;
    private final TestRedis redis;
    private final LocalEvmNode node;
    private Credentials signer;
    private String escrow;
    private String payout;
    private GavelServer server;
    private Http http;
    private String admin;

    ChainApiIT(TestDatabase db, TestRedis redis, LocalEvmNode node) {
        this.db = db;
        this.redis = redis;
        this.node = node;
    }

    @BeforeEach
    void a_signer_that_is_also_the_escrow_and_a_fresh_payout_address() throws Exception {
        signer = node.newFundedAccount(ETH.multiply(BigInteger.valueOf(100)));
        escrow = Keys.toChecksumAddress(signer.getAddress());
        payout = Keys.toChecksumAddress(Keys.getAddress(Keys.createEcKeyPair()));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Timeout(60)
    void a_deposit_from_a_linked_wallet_is_pending_with_its_confirmations_then_credited() throws Exception {
        start(node.url().toString());
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TEN));
        String bidderId = bidder(wallet);

        String tx = node.sendEth(wallet, escrow, ETH);

        await("the deposit seen with 1 of " + CONFIRMATIONS + " confirmations")
                .atMost(BOUND)
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    var d = depositOf(bidderId, tx).orElseThrow(() -> new AssertionError("no deposit " + tx));
                    assertThat(d.path("status").asText()).isEqualTo("PENDING");
                    assertThat(d.path("confirmations").asLong()).isEqualTo(1);
                });
        var pending = depositOf(bidderId, tx).orElseThrow();
        assertThat(pending.path("amount").asText()).isEqualTo("1");
        assertThat(pending.path("from").asText()).isEqualToIgnoringCase(wallet.getAddress());
        assertThat(pending.path("to").asText()).isEqualToIgnoringCase(escrow);
        assertThat(pending.path("blockNumber").asLong()).isEqualTo(node.blockNumber());
        assertThat(new BigDecimal(
                        bidderView(bidderId).path("funds").path("deposits").asText()))
                .isZero();

        node.mine(CONFIRMATIONS - 1);

        await("the deposit credited").atMost(BOUND).pollInterval(POLL).untilAsserted(() -> {
            var view = bidderView(bidderId);
            var d = depositOf(view, tx).orElseThrow();
            assertThat(d.path("status").asText()).isEqualTo("CREDITED");
            assertThat(d.path("confirmations").asLong()).isGreaterThanOrEqualTo(CONFIRMATIONS);
            assertThat(eth(view.path("funds").path("deposits"))).isEqualByComparingTo("1");
            assertThat(eth(view.path("funds").path("available"))).isEqualByComparingTo("1");
        });
    }

    @Test
    @Timeout(60)
    void health_shows_the_chain_up_with_its_provider() throws Exception {
        start(node.url().toString());

        var health = http.get("/health");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        var chain = health.json().path("components").path("chain");
        assertThat(chain.path("status").asText()).as(health.toString()).isEqualTo("UP");
        assertThat(chain.path("details").path("chainId").asLong()).isEqualTo(LocalEvmNode.CHAIN_ID);
        assertThat(chain.path("details").path("head").asLong()).isBetween(1L, node.blockNumber());
        var providers = chain.path("details").path("providers");
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).path("name").asText())
                .isEqualTo(providerName(node.url().toString()));
        assertThat(providers.get(0).path("status").asText()).isEqualTo("UP");
        assertThat(providers.get(0).path("calls").asLong()).isPositive();
    }

    @Test
    @Timeout(60)
    void the_chain_status_shows_the_chain_id_the_head_the_escrow_and_the_provider_to_an_admin() throws Exception {
        start(node.url().toString());

        await("the chain status with a head").atMost(BOUND).pollInterval(POLL).untilAsserted(() -> {
            var reply = http.get("/api/chain", "Authorization", admin);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            assertThat(reply.json().has("head")).as(reply.toString()).isTrue();
        });
        var status = http.get("/api/chain", "Authorization", admin).json();
        assertThat(status.path("enabled").asBoolean()).isTrue();
        assertThat(status.path("chainId").asLong()).isEqualTo(LocalEvmNode.CHAIN_ID);
        assertThat(status.path("head").asLong()).isBetween(node.blockNumber() - 1, node.blockNumber());
        assertThat(status.path("confirmations").asInt()).isEqualTo(CONFIRMATIONS);
        assertThat(texts(status.path("escrows"))).contains(escrow.toLowerCase(Locale.ROOT));
        assertThat(status.path("providers")).hasSize(1);
        assertThat(status.path("providers").get(0).path("name").asText())
                .isEqualTo(providerName(node.url().toString()));
        assertThat(status.path("providers").get(0).path("status").asText()).isEqualTo("UP");

        assertThat(http.get("/api/chain").status()).isEqualTo(401);
    }

    @Test
    @Timeout(60)
    void a_wallet_of_the_wrong_length_or_checksum_and_a_short_tx_hash_are_refused_with_the_reason() throws Exception {
        start(node.url().toString());
        String valid = Keys.toChecksumAddress(Keys.getAddress(Keys.createEcKeyPair()));
        String badChecksum = withOneLetterFlipped(valid);

        var tooShort =
                http.post("/api/bidders", body(Map.of("handle", handle(), "wallet", "0x1234")), "Authorization", admin);
        assertThat(tooShort.status()).as(tooShort.toString()).isEqualTo(400);
        assertThat(tooShort.json().path("details").path("fields").has("wallet"))
                .as(tooShort.toString())
                .isTrue();
        assertThat(tooShort.json().path("message").asText()).contains("wallet");

        var typo = http.post(
                "/api/bidders", body(Map.of("handle", handle(), "wallet", badChecksum)), "Authorization", admin);
        assertThat(typo.status()).as(badChecksum + ": " + typo).isEqualTo(400);
        assertThat(typo.json().path("details").path("fields").path("wallet").asText())
                .contains("checksum");
        assertThat(typo.json().path("message").asText()).contains("wallet").contains("checksum");

        var accepted =
                http.post("/api/bidders", body(Map.of("handle", handle(), "wallet", valid)), "Authorization", admin);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
        assertThat(accepted.json().path("wallet").asText()).isEqualTo(valid);

        var findShort = http.get("/api/bidders?wallet=0x123", "Authorization", admin);
        assertThat(findShort.status()).as(findShort.toString()).isEqualTo(400);
        assertThat(findShort.json().path("details").has("wallet")).isTrue();
        var findTypo = http.get("/api/bidders?wallet=" + badChecksum, "Authorization", admin);
        assertThat(findTypo.status()).as(findTypo.toString()).isEqualTo(400);
        assertThat(findTypo.json().path("message").asText()).contains("checksum");
        var found = http.get("/api/bidders?wallet=" + valid, "Authorization", admin);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("items")).hasSize(1);

        String auctionId = auction(Map.of(), Instant.now().plus(Duration.ofHours(1)));
        var shortHash = http.post(
                "/api/auctions/" + auctionId + "/settlement/" + UUID.randomUUID() + "/done",
                body(Map.of("txHash", "0x1234")),
                "Authorization",
                admin);
        assertThat(shortHash.status()).as(shortHash.toString()).isEqualTo(400);
        assertThat(shortHash.json().path("error").asText()).isEqualTo("invalid_tx_hash");
        assertThat(shortHash.json().path("details").path("txHash").asText()).contains("64 hex digits");

        // a campaign's escrow and an artwork's contract are addresses too; the good fields beside them are named
        var campaign = http.post(
                "/api/campaigns",
                body(Map.of(
                        "name",
                        "Typo",
                        "project",
                        "TYPO" + System.nanoTime() % 100_000,
                        "startDate",
                        "2026-12-24",
                        "days",
                        1,
                        "zone",
                        "America/New_York",
                        "rules",
                        Map.of("startingPrice", "0.1"),
                        "escrowAddress",
                        badChecksum)),
                "Authorization",
                admin);
        assertThat(campaign.status()).as(campaign.toString()).isEqualTo(400);
        assertThat(campaign.json()
                        .path("details")
                        .path("fields")
                        .path("escrowAddress")
                        .asText())
                .contains("checksum");
        assertThat(campaign.json().path("details").path("fields").size())
                .as(campaign.toString())
                .isEqualTo(1);
        var artwork = http.post(
                "/api/auctions",
                body(Map.of(
                        "name", "Bad contract",
                        "startsAt", Instant.now().plusSeconds(60).toString(),
                        "endsAt", Instant.now().plusSeconds(3600).toString(),
                        "artwork", Map.of("name", "Art", "contract", "0x12", "tokenId", "1"))),
                "Authorization",
                admin);
        assertThat(artwork.status()).as(artwork.toString()).isEqualTo(400);
        assertThat(artwork.json().path("details").path("fields").has("artwork.contract"))
                .as(artwork.toString())
                .isTrue();
    }

    @Test
    @Timeout(120)
    void a_won_auction_is_settled_on_chain_the_artwork_to_the_winner_and_the_price_to_the_payout_address()
            throws Exception {
        start(node.url().toString());
        String collection = node.deploy(node.account(0), "GavelTestNft", "");
        node.transact(node.account(0), collection, Abi.encode("mint(address,uint256)", escrow, BigInteger.ONE), null);
        assertThat(ownerOf(collection, 1)).isEqualToIgnoringCase(escrow);
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TEN));
        String bidderId = bidder(wallet);
        credited(bidderId, node.sendEth(wallet, escrow, ETH.multiply(BigInteger.TWO)));

        String auctionId = auction(
                Map.of(
                        "artwork",
                        Map.of("name", "Token one", "contract", Keys.toChecksumAddress(collection), "tokenId", "1")),
                Instant.now().plus(Duration.ofSeconds(6)));
        var bid = http.post(
                "/api/auctions/" + auctionId + "/bids",
                body(Map.of("amount", "1.5", "bidderId", bidderId)),
                "Authorization",
                admin,
                "Idempotency-Key",
                "settle-" + auctionId);
        assertThat(bid.status()).as(bid.toString()).isEqualTo(201);
        assertThat(bid.json().path("status").asText()).isEqualTo("ACCEPTED");

        await("the artwork checked: Gavel's signer holds it")
                .atMost(BOUND)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(http.get("/api/auctions/" + auctionId)
                                .json()
                                .path("onChain")
                                .path("custody")
                                .path("transferable")
                                .asBoolean())
                        .isTrue());
        await("the auction completed").atMost(BOUND).pollInterval(POLL).untilAsserted(() -> assertThat(
                        auctionStatus(auctionId))
                .isEqualTo("COMPLETED"));
        await("the settlement confirmed")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    node.mine(1);
                    var settlement = http.get("/api/auctions/" + auctionId + "/settlement", "Authorization", admin);
                    assertThat(settlement.status()).as(settlement.toString()).isEqualTo(200);
                    assertThat(settlement.json().path("status").asText())
                            .as(settlement.toString())
                            .isEqualTo("SETTLED");
                });

        var settlement = http.get("/api/auctions/" + auctionId + "/settlement", "Authorization", admin)
                .json();
        assertThat(settlement.path("signs").asBoolean()).isTrue();
        assertThat(settlement.path("transfers"))
                .extracting(
                        t -> t.path("kind").asText() + " " + t.path("status").asText())
                .containsExactlyInAnyOrder("NFT_TRANSFER CONFIRMED", "PAYOUT CONFIRMED");
        assertThat(ownerOf(collection, 1)).isEqualToIgnoringCase(wallet.getAddress());
        assertThat(node.balance(payout)).isEqualTo(new BigInteger("1500000000000000000"));
        var onChain = http.get("/api/auctions/" + auctionId).json().path("onChain");
        assertThat(onChain.path("settlement").path("status").asText()).isEqualTo("SETTLED");
        assertThat(onChain.path("settlement").path("transfers")).hasSize(2);
    }

    @Test
    @Timeout(60)
    void with_a_dead_provider_first_deposits_are_still_credited_and_health_shows_which_provider_is_down()
            throws Exception {
        String dead = "http://127.0.0.1:" + closedPort();
        start(dead + "," + node.url());
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TEN));
        String bidderId = bidder(wallet);

        credited(bidderId, node.sendEth(wallet, escrow, ETH));

        assertThat(eth(bidderView(bidderId).path("funds").path("available"))).isEqualByComparingTo("1");
        var health = http.get("/health");
        var chain = health.json().path("components").path("chain");
        assertThat(chain.path("status").asText()).as(health.toString()).isEqualTo("UP");
        var providers = chain.path("details").path("providers");
        assertThat(providers).as(health.toString()).hasSize(2);
        assertThat(providers.get(0).path("name").asText()).isEqualTo(providerName(dead));
        assertThat(providers.get(0).path("status").asText())
                .as(health.toString())
                .isEqualTo("DOWN");
        assertThat(providers.get(0).path("failures").asLong()).isPositive();
        assertThat(providers.get(0).has("lastError")).isTrue();
        assertThat(providers.get(1).path("name").asText())
                .isEqualTo(providerName(node.url().toString()));
        assertThat(providers.get(1).path("status").asText())
                .as(health.toString())
                .isEqualTo("UP");
    }

    @Test
    @Timeout(90)
    void a_refund_leaves_the_ledger_at_once_and_arrives_in_the_wallet_and_more_than_available_is_refused()
            throws Exception {
        start(node.url().toString());
        var wallet = node.newFundedAccount(ETH.multiply(BigInteger.TEN));
        String bidderId = bidder(wallet);
        credited(bidderId, node.sendEth(wallet, escrow, ETH));
        BigInteger before = node.balance(wallet.getAddress());

        var refund = http.post(
                "/api/bidders/" + bidderId + "/refunds", body(Map.of("amount", "0.5")), "Authorization", admin);
        assertThat(refund.status()).as(refund.toString()).isEqualTo(201);
        assertThat(refund.json().path("kind").asText()).isEqualTo("REFUND");
        assertThat(refund.json().path("recipient").asText()).isEqualToIgnoringCase(wallet.getAddress());
        assertThat(refund.json().path("value").asText()).isEqualTo("0.5");
        var funds = bidderView(bidderId).path("funds");
        assertThat(eth(funds.path("available"))).isEqualByComparingTo("0.5");
        assertThat(eth(funds.path("withdrawn"))).isEqualByComparingTo("0.5");

        var tooMuch = http.post(
                "/api/bidders/" + bidderId + "/refunds", body(Map.of("amount", "0.75")), "Authorization", admin);
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(409);
        assertThat(tooMuch.json().path("error").asText()).isEqualTo("insufficient_funds");
        assertThat(eth(bidderView(bidderId).path("funds").path("available"))).isEqualByComparingTo("0.5");

        await("the refund in the wallet").atMost(BOUND).pollInterval(POLL).untilAsserted(() -> {
            node.mine(1);
            assertThat(node.balance(wallet.getAddress()).subtract(before)).isEqualTo(ETH.divide(BigInteger.TWO));
        });
    }

    /** Starts the server with the chain on through {@code rpcUrls}, and logs the owner in. */
    private void start(String rpcUrls) throws IOException {
        var env = Map.of(
                "GAVEL_OWNER_EMAIL",
                OWNER,
                "GAVEL_OWNER_PASSWORD",
                PASSWORD,
                "GAVEL_CHAIN_ID",
                Long.toString(LocalEvmNode.CHAIN_ID),
                "GAVEL_CHAIN_RPC_URLS",
                rpcUrls,
                "GAVEL_CHAIN_CONFIRMATIONS",
                Integer.toString(CONFIRMATIONS),
                "GAVEL_CHAIN_ESCROW",
                escrow,
                "GAVEL_SIGNER_KEY",
                Numeric.toHexStringNoPrefixZeroPadded(signer.getEcKeyPair().getPrivateKey(), 64),
                "GAVEL_CHAIN_PAYOUT_ADDRESS",
                payout,
                "GAVEL_CHAIN_START_BLOCK",
                Long.toString(node.blockNumber() + 1),
                "GAVEL_CHAIN_POLL_INTERVAL",
                "200ms");
        server = GavelServer.start(TestConfigs.config(db, redis.uri(), env), Clock.systemUTC());
        http = new Http(server.url());
        var login = http.post("/api/auth/login", body(Map.of("email", OWNER, "password", PASSWORD)));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        admin = "Bearer " + login.json().path("token").asText();
    }

    /** A bidder with {@code wallet} linked, created by the admin; returns its id. */
    private String bidder(Credentials wallet) throws IOException {
        var reply = http.post(
                "/api/bidders",
                body(Map.of("handle", handle(), "wallet", Keys.toChecksumAddress(wallet.getAddress()))),
                "Authorization",
                admin);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().path("id").asText();
    }

    /** Waits, mining a block per look, until the deposit {@code tx} is credited to the bidder. */
    private void credited(String bidderId, String tx) {
        await("deposit " + tx + " credited").atMost(BOUND).pollInterval(POLL).untilAsserted(() -> {
            node.mine(1);
            assertThat(depositOf(bidderId, tx).map(d -> d.path("status").asText()))
                    .contains("CREDITED");
        });
    }

    /** An active auction with a starting price and reserve of 1 ETH, ending at {@code endsAt}; returns its id. */
    private String auction(Map<String, Object> extra, Instant endsAt) throws IOException {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("name", "Chain " + UUID.randomUUID().toString().substring(0, 8));
        fields.put("startsAt", Instant.now().minusSeconds(1).toString());
        fields.put("endsAt", endsAt.toString());
        fields.put("startingPrice", "1");
        fields.put("reservePrice", "1");
        fields.put("antiSnipe", Map.of("windowSeconds", 0, "extensionSeconds", 0));
        fields.put("graceSeconds", 1);
        fields.put("requireFunds", true);
        fields.putAll(extra);
        var reply = http.post("/api/auctions", body(fields), "Authorization", admin);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        String id = reply.json().path("id").asText();
        await("auction " + id + " active")
                .atMost(BOUND)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> auctionStatus(id).equals("ACTIVE"));
        return id;
    }

    private String auctionStatus(String auctionId) {
        return http.get("/api/auctions/" + auctionId).json().path("status").asText();
    }

    private JsonNode bidderView(String bidderId) {
        var reply = http.get("/api/bidders/" + bidderId, "Authorization", admin);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private Optional<JsonNode> depositOf(String bidderId, String tx) {
        return depositOf(bidderView(bidderId), tx);
    }

    private static Optional<JsonNode> depositOf(JsonNode bidderView, String tx) {
        return StreamSupport.stream(bidderView.path("deposits").spliterator(), false)
                .filter(d -> d.path("txHash").asText().equalsIgnoreCase(tx))
                .findFirst();
    }

    private String ownerOf(String collection, long tokenId) {
        return Abi.asAddress(node.call(collection, Abi.encode("ownerOf(uint256)", BigInteger.valueOf(tokenId))));
    }

    private static BigDecimal eth(JsonNode amount) {
        assertThat(amount.isTextual()).as("an ETH amount as text: " + amount).isTrue();
        return new BigDecimal(amount.asText());
    }

    private static List<String> texts(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** How the providers are named on /health and /api/chain: host and port, never the path. */
    private static String providerName(String url) {
        var uri = URI.create(url);
        return uri.getHost() + ":" + uri.getPort();
    }

    /** The EIP-55 address with the case of its first letter flipped: still mixed case, wrong checksum. */
    private static String withOneLetterFlipped(String checksummed) {
        var chars = checksummed.toCharArray();
        for (int i = 2; i < chars.length; i++) {
            if (Character.isLetter(chars[i])) {
                chars[i] = Character.isUpperCase(chars[i])
                        ? Character.toLowerCase(chars[i])
                        : Character.toUpperCase(chars[i]);
                String flipped = new String(chars);
                boolean upper = flipped.substring(2).chars().anyMatch(Character::isUpperCase);
                boolean lower = flipped.substring(2).chars().anyMatch(Character::isLowerCase);
                if (upper && lower) {
                    return flipped;
                }
                chars[i] = checksummed.charAt(i);
            }
        }
        throw new IllegalStateException("no letter of " + checksummed + " can be flipped into a bad checksum");
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String handle() {
        return "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static String body(Map<String, ?> fields) throws IOException {
        return JSON.writeValueAsString(fields);
    }
}
