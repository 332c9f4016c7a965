package dev.gavel.sim.x;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.sim.DemoChain;
import dev.gavel.sim.GavelClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Simulated bidders on X, driven by a seed: accounts of various ages (some too new to bid), each with a
 * wallet; most link it through the reply flow — {@code link 0x…}, then the signature of the SIWE message Gavel
 * points to, signed with the wallet's key — and are funded by the admin; the rest never link. They bid by
 * replying to the host's auction post in the grammar's several spellings, now and then with a malformed
 * amount, and some keep bidding after the end (late). Only public interfaces are used: the X simulator's
 * timeline and Gavel's HTTP API. One thread; the same seed gives the same crowd.
 */
public final class XCrowd implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(XCrowd.class);
    private static final Pattern NONCE = Pattern.compile("nonce=([A-Za-z0-9]{8,})");
    private static final String[] NAMES = {
        "satoshi_fan",
        "punkcollector",
        "gm_anon",
        "artblocks_amy",
        "zora_zed",
        "nouns_ned",
        "basedbidder",
        "shape_sam",
        "pixel_pia",
        "ethmaxi_max",
        "degen_dora",
        "curator_cal"
    };

    /**
     * @param youngShare the share of accounts younger than the minimum age
     * @param unlinkedShare the share that never link a wallet
     * @param malformedShare the share of bid posts with a malformed amount
     * @param lateShare the chance of bidding on an auction that has just ended (in its grace window)
     * @param paidShare with a chain, the share of linked members' bids paid directly: the amount sent to the
     *     escrow first and the transaction's hash named in the post
     */
    public record Settings(
            int bidders,
            Duration meanInterval,
            String deposit,
            long seed,
            double youngShare,
            double unlinkedShare,
            double malformedShare,
            double lateShare,
            double paidShare) {}

    private enum Stage {
        NEW,
        REQUESTED,
        SIGNED,
        LINKED,
        NEVER
    }

    private static final class Member {
        final XSimulator.User user;
        final ECKeyPair keys;
        Stage stage;
        String waitingOn; // the post whose answer we wait for

        Member(XSimulator.User user, ECKeyPair keys, Stage stage) {
            this.user = user;
            this.keys = keys;
            this.stage = stage;
        }

        String address() {
            return Keys.toChecksumAddress(Keys.getAddress(keys));
        }
    }

    private final XSimulator x;
    private final GavelClient gavel;
    private final String adminToken;
    private final Settings settings;
    private final Clock clock;
    private final Optional<DemoChain> chain;
    private final Random random;
    private final List<Member> members = new ArrayList<>();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("x-crowd").factory());
    private volatile boolean running = true;

    public XCrowd(XSimulator x, GavelClient gavel, String adminToken, Settings settings, Clock clock) {
        this(x, gavel, adminToken, settings, clock, Optional.empty());
    }

    /** @param chain when present, members deposit into the escrow on that chain instead of an admin crediting them */
    public XCrowd(
            XSimulator x,
            GavelClient gavel,
            String adminToken,
            Settings settings,
            Clock clock,
            Optional<DemoChain> chain) {
        this.chain = chain;
        this.x = x;
        this.gavel = gavel;
        this.adminToken = adminToken;
        this.settings = settings;
        this.clock = clock;
        this.random = new Random(settings.seed());
    }

    /** Makes the accounts and starts posting. */
    public void start() {
        join();
        schedule.schedule(this::step, 0, TimeUnit.MILLISECONDS);
    }

    /** The crowd's accounts on the simulator, with whether each links a wallet. */
    public List<XSimulator.User> accounts() {
        return members.stream().map(m -> m.user).toList();
    }

    private void join() {
        for (int i = 0; i < settings.bidders(); i++) {
            String name = NAMES[i % NAMES.length] + (i >= NAMES.length ? Integer.toString(i) : "");
            boolean young = random.nextDouble() < settings.youngShare();
            Duration age = young ? Duration.ofDays(3 + random.nextInt(20)) : Duration.ofDays(60 + random.nextInt(2000));
            var user = x.user(name, clock.instant().minus(age));
            var keys = ECKeyPair.create(Hash.sha3((settings.seed() + ":" + name).getBytes(StandardCharsets.UTF_8)));
            boolean links = random.nextDouble() >= settings.unlinkedShare();
            members.add(new Member(user, keys, links ? Stage.NEW : Stage.NEVER));
        }
        LOG.info("X crowd of {} accounts joined the simulator", members.size());
    }

    private void step() {
        if (!running) {
            return;
        }
        try {
            members.forEach(this::advanceLink);
            bidOnce();
        } catch (RuntimeException e) {
            LOG.debug("an X crowd step failed: {}", e.getMessage());
        }
        long mean = settings.meanInterval().toMillis();
        long wait = (long) (-Math.log(1 - random.nextDouble()) * mean);
        if (running) {
            schedule.schedule(this::step, Math.max(100, Math.min(wait, mean * 4)), TimeUnit.MILLISECONDS);
        }
    }

    /** One move in a member's wallet-linking conversation with the host. */
    private void advanceLink(Member m) {
        switch (m.stage) {
            case NEW ->
                latestHostPost(Optional.empty()).ifPresent(host -> {
                    m.waitingOn = x.post(m.user.id(), "@gavel link " + m.address(), Optional.of(host.id()))
                            .id();
                    m.stage = Stage.REQUESTED;
                });
            case REQUESTED ->
                answerTo(m.waitingOn).ifPresent(answer -> {
                    var nonce = NONCE.matcher(answer.text());
                    if (!nonce.find()) {
                        m.stage = Stage.NEW;
                        return;
                    }
                    var issued = gavel.get("/api/identity/nonces/" + nonce.group(1), null);
                    if (!issued.ok()) {
                        m.stage = Stage.NEW;
                        return;
                    }
                    String signature = sign(issued.json().path("message").asText(), m.keys);
                    m.waitingOn = x.post(m.user.id(), signature, Optional.of(answer.id()))
                            .id();
                    m.stage = Stage.SIGNED;
                });
            case SIGNED ->
                answerTo(m.waitingOn).ifPresent(answer -> {
                    if (!answer.text().startsWith("Linked")) {
                        LOG.info("@{} was not linked: {}", m.user.username(), answer.text());
                        m.stage = Stage.NEW;
                        return;
                    }
                    fund(m);
                    m.stage = Stage.LINKED;
                });
            case LINKED, NEVER -> {
                // nothing to do
            }
        }
    }

    private void fund(Member m) {
        if (chain.isPresent()) {
            try {
                String tx = chain.get().deposit(m.keys, settings.deposit());
                LOG.info("@{} deposited {} ETH into the escrow ({})", m.user.username(), settings.deposit(), tx);
            } catch (RuntimeException e) {
                LOG.warn("@{} could not deposit on the simulated chain: {}", m.user.username(), e.getMessage());
            }
            return;
        }
        var found = gavel.get("/api/bidders?xUserId=" + m.user.id(), adminToken)
                .json()
                .path("items");
        if (found.isEmpty()) {
            return;
        }
        String bidderId = found.get(0).path("id").asText();
        gavel.post(
                "/api/bidders/" + bidderId + "/deposits",
                Map.of("amount", settings.deposit(), "reference", "x-crowd-seed-" + m.user.id()),
                adminToken,
                Map.of());
    }

    /** One bid post by a random member on a live auction (or, now and then, one that just ended). */
    private void bidOnce() {
        var candidates = new ArrayList<JsonNode>();
        var late = new ArrayList<JsonNode>();
        gavel.get("/api/auctions?limit=20", null).json().forEach(a -> {
            if (a.path("hashtag").isTextual()) {
                switch (a.path("status").asText()) {
                    case "ACTIVE" -> candidates.add(a);
                    case "PROCESSING" -> late.add(a);
                    default -> {}
                }
            }
        });
        var pool = !late.isEmpty() && random.nextDouble() < settings.lateShare() ? late : candidates;
        if (pool.isEmpty() || members.isEmpty()) {
            return;
        }
        var auction = pool.get(random.nextInt(pool.size()));
        String hashtag = auction.path("hashtag").asText();
        var thread = latestHostPost(Optional.of(hashtag));
        if (thread.isEmpty()) {
            return;
        }
        String leader = auction.path("highestBid").path("handle").asText("");
        var choices = members.stream()
                .filter(m -> !m.user.username().equalsIgnoreCase(leader))
                .toList();
        var member = choices.get(random.nextInt(choices.size()));
        var min = new BigDecimal(auction.path("minNextBid").asText("0.1"));
        var amount = min.multiply(BigDecimal.ONE.add(BigDecimal.valueOf(random.nextInt(12), 2)))
                .setScale(3, RoundingMode.CEILING)
                .stripTrailingZeros()
                .toPlainString();
        String text;
        if (chain.isPresent() && member.stage == Stage.LINKED && random.nextDouble() < settings.paidShare()) {
            try {
                String tx = chain.get().deposit(member.keys, amount);
                text = "bid " + amount + " ETH " + hashtag + " " + tx;
            } catch (RuntimeException e) {
                LOG.warn("@{} could not pay on the simulated chain: {}", member.user.username(), e.getMessage());
                return;
            }
        } else if (random.nextDouble() < settings.malformedShare()) {
            text = "bid " + amount.replace('.', ',') + " ETH " + hashtag + " 🔥";
        } else {
            text = switch (random.nextInt(3)) {
                case 0 -> "bid " + amount + " ETH " + hashtag;
                case 1 -> hashtag + " " + amount + "eth let's go";
                default -> "Ξ" + amount + " " + hashtag;
            };
        }
        x.post(member.user.id(), text, Optional.of(thread.get().id()));
    }

    /** The host's newest post (mentioning {@code hashtag}, when given): where a reply goes. */
    private Optional<XSimulator.Post> latestHostPost(Optional<String> hashtag) {
        return x.hostPosts().stream()
                .filter(p -> p.inReplyTo().isEmpty())
                .filter(p -> hashtag.map(t -> p.text()
                                .toLowerCase(java.util.Locale.ROOT)
                                .contains(t.toLowerCase(java.util.Locale.ROOT)))
                        .orElse(true))
                .max(Comparator.comparing(p -> Long.parseLong(p.id())));
    }

    private Optional<XSimulator.Post> answerTo(String postId) {
        return x.hostPosts().stream()
                .filter(p -> p.inReplyTo().map(postId::equals).orElse(false))
                .findFirst();
    }

    /** What {@code personal_sign} gives: 0x, r, s, v. */
    public static String sign(String message, ECKeyPair keys) {
        var s = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), keys);
        return "0x" + Numeric.toHexStringNoPrefix(s.getR()) + Numeric.toHexStringNoPrefix(s.getS())
                + Numeric.toHexStringNoPrefix(s.getV());
    }

    @Override
    public void close() {
        running = false;
        schedule.shutdownNow();
    }
}
