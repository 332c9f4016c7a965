package dev.gavel.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.sim.x.XCrowd;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;

/**
 * A few bidders who bid through the HTTP API on whatever auction is live, at random moments, a little
 * above the minimum next bid — so the demo always shows a moving auction. Accounts are registered on
 * first run (funded by the owner with a manual deposit) and logged in again on later runs.
 */
public final class BidderCrowd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BidderCrowd.class);
    private static final String PASSWORD = "demo bidder password";

    /** @param meanInterval average time between two bids of the whole crowd */
    public record Settings(int bidders, Duration meanInterval, String deposit, long seed) {}

    private record Member(String handle, String token, String bidderId) {}

    private final GavelClient gavel;
    private final String adminToken;
    private final Settings settings;
    private final Random random;
    private final List<Member> members = new ArrayList<>();
    private volatile boolean running = true;
    private Thread thread;

    public BidderCrowd(GavelClient gavel, String adminToken, Settings settings) {
        this.gavel = gavel;
        this.adminToken = adminToken;
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    public void start() {
        thread = Thread.ofVirtual().name("bidder-crowd").start(this::run);
    }

    private static final String[] NAMES = {"ada", "grace", "alan", "edsger", "barbara", "ken", "margaret", "linus"};

    private void join() {
        for (int i = 0; i < settings.bidders(); i++) {
            String handle = NAMES[i % NAMES.length] + (i >= NAMES.length ? i : "");
            String email = handle + "@crowd.gavel.local";
            gavel.post(
                    "/api/auth/register",
                    Map.of("email", email, "password", PASSWORD),
                    null,
                    Map.of()); // 409 on later runs
            String token = gavel.login(email, PASSWORD);
            var me = gavel.get("/api/bidders/me", token).json();
            String bidderId = me.path("id").asText();
            if (me.path("wallet").isMissingNode() || me.path("wallet").isNull()) {
                linkWallet(handle, me.path("handle").asText(), token);
            }
            gavel.post(
                    "/api/bidders/" + bidderId + "/deposits",
                    Map.of("amount", settings.deposit(), "reference", "demo-seed-" + bidderId),
                    adminToken,
                    Map.of());
            members.add(new Member(handle, token, bidderId));
        }
        LOG.info("bidder crowd of {} joined", members.size());
    }

    /**
     * Links a wallet the way a bidder does on the web page: asks for the SIWE message, signs it with a key
     * derived from the handle (the same wallet on every run), and submits the signature. A linked wallet is
     * where a won artwork goes.
     */
    private void linkWallet(String name, String handle, String token) {
        var keys = ECKeyPair.create(Hash.sha3(("gavel-demo-crowd:" + name).getBytes(StandardCharsets.UTF_8)));
        String address = Keys.toChecksumAddress(Keys.getAddress(keys));
        var nonce = gavel.post("/api/identity/nonce", Map.of("handle", handle, "address", address), token, Map.of());
        if (!nonce.ok()) {
            LOG.warn(
                    "{} could not ask to link a wallet: {}",
                    name,
                    nonce.json().path("message").asText());
            return;
        }
        String message = nonce.json().path("message").asText();
        var linked = gavel.post(
                "/api/identity/link",
                Map.of("handle", handle, "message", message, "signature", XCrowd.sign(message, keys)),
                null,
                Map.of());
        if (!linked.ok()) {
            LOG.warn(
                    "{} could not link a wallet: {}",
                    name,
                    linked.json().path("message").asText());
        }
    }

    private void run() {
        try {
            join();
        } catch (RuntimeException e) {
            LOG.warn("the bidder crowd could not join: {}", e.getMessage());
            return;
        }
        while (running) {
            try {
                pause();
                if (running) {
                    bidOnce();
                }
            } catch (RuntimeException e) {
                LOG.debug("a crowd bid failed: {}", e.getMessage());
            }
        }
    }

    /** One bid by a random member (never the current leader) on a random live auction. */
    void bidOnce() {
        var live = new ArrayList<JsonNode>();
        gavel.get("/api/auctions?limit=20", null).json().forEach(a -> {
            if (a.path("status").asText().equals("ACTIVE")) {
                live.add(a);
            }
        });
        if (live.isEmpty()) {
            return;
        }
        var auction = live.get(random.nextInt(live.size()));
        String leader = auction.path("highestBid").path("bidderId").asText("");
        var candidates =
                members.stream().filter(m -> !m.bidderId().equals(leader)).toList();
        if (candidates.isEmpty()) {
            return;
        }
        var member = candidates.get(random.nextInt(candidates.size()));
        var min = new BigDecimal(auction.path("minNextBid").asText("0.1"));
        var amount = min.multiply(BigDecimal.ONE.add(BigDecimal.valueOf(random.nextInt(15), 2)))
                .setScale(3, RoundingMode.CEILING);
        var reply = gavel.post(
                "/api/auctions/" + auction.path("id").asText() + "/bids",
                Map.of("amount", amount.stripTrailingZeros().toPlainString()),
                member.token(),
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        LOG.debug(
                "{} bid {} on {}: {}",
                member.handle(),
                amount,
                auction.path("name").asText(),
                reply.status());
    }

    private void pause() {
        long mean = settings.meanInterval().toMillis();
        long wait = (long) (-Math.log(1 - random.nextDouble()) * mean);
        try {
            Thread.sleep(Math.max(200, Math.min(wait, mean * 4)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
