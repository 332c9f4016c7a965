package dev.gavel.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps something on stage: when no auction is live or about to start, the demo plans a three-day campaign
 * in Eastern time whose first auction opens now (window of {@code window} from the current minute), or,
 * near midnight, a standalone encore auction. Uses only the HTTP API.
 */
public final class DemoScenario {
    private static final Logger LOG = LoggerFactory.getLogger(DemoScenario.class);
    private static final ZoneId EASTERN = ZoneId.of("America/New_York");

    private final GavelClient gavel;
    private final String adminToken;
    private final Clock clock;
    private final Duration window;
    private final Optional<DemoChain> chain;

    public DemoScenario(GavelClient gavel, String adminToken, Clock clock, Duration window) {
        this(gavel, adminToken, clock, window, Optional.empty());
    }

    /** @param chain when present, every artwork is a token minted to the escrow on the simulated chain */
    public DemoScenario(GavelClient gavel, String adminToken, Clock clock, Duration window, Optional<DemoChain> chain) {
        this.chain = chain;
        this.gavel = gavel;
        this.adminToken = adminToken;
        this.clock = clock;
        this.window = window;
    }

    /**
     * Mints the artworks of unfinished auctions that the new simulated chain does not hold yet (planned by a demo
     * that did not list them in {@code GAVEL_HOME}), so they can still be settled; see {@link DemoChain}.
     */
    public void restoreArtworks() {
        chain.ifPresent(c -> {
            int restored =
                    c.reconcile(gavel.get("/api/auctions?limit=200", null).json());
            if (restored > 0) {
                LOG.info(
                        "demo: {} artwork(s) of unfinished auctions minted again on the new simulated chain", restored);
            }
        });
    }

    /** The live (or soon live) auction's id, creating a campaign or an encore when there is none. */
    public Optional<String> ensureLiveAuction() {
        Instant now = clock.instant();
        JsonNode auctions = gavel.get("/api/auctions?limit=50", null).json();
        chain.ifPresent(c -> c.reconcile(auctions)); // finished auctions' artworks are not minted again on a restart
        for (JsonNode a : auctions) {
            String status = a.path("status").asText();
            boolean soon = status.equals("PENDING")
                    && Instant.parse(a.path("startsAt").asText()).isBefore(now.plus(Duration.ofMinutes(2)));
            if (status.equals("ACTIVE") || status.equals("PROCESSING") || soon) {
                return Optional.of(a.path("id").asText());
            }
        }
        var eastern = now.atZone(EASTERN);
        LocalTime start = eastern.toLocalTime().truncatedTo(ChronoUnit.MINUTES);
        LocalTime end = start.plus(window);
        String stamp = Long.toString(now.getEpochSecond() % 1_000_000, 36).toUpperCase(java.util.Locale.ROOT);
        if (end.isAfter(start)) {
            var body = new LinkedHashMap<String, Object>();
            body.put("name", "Gavel demo");
            body.put("project", "DEMO" + stamp);
            body.put("collection", "Gavel Genesis");
            body.put("startDate", eastern.toLocalDate().toString());
            body.put("days", 3);
            body.put("zone", EASTERN.getId());
            body.put("windows", Map.of("auctionStart", start.toString(), "auctionEnd", end.toString()));
            body.put("rules", rules());
            var reply = gavel.post("/api/campaigns", body, adminToken, Map.of());
            if (reply.ok()) {
                String campaign = reply.json().path("id").asText();
                gavel.post(
                        "/api/campaigns/" + campaign + "/artworks",
                        Map.of(
                                "artworks",
                                java.util.List.of(
                                        artwork(Map.of("day", 1, "name", "Genesis #1 — Dawn")),
                                        artwork(Map.of("day", 2, "name", "Genesis #2 — Noon")),
                                        artwork(Map.of("day", 3, "name", "Genesis #3 — Dusk")))),
                        adminToken,
                        Map.of());
                LOG.info("demo campaign planned: day 1 auction {}–{} Eastern", start, end);
                return Optional.ofNullable(
                        reply.json().path("schedule").path(0).path("auctionId").asText(null));
            }
            LOG.warn(
                    "could not plan the demo campaign: {}",
                    reply.json().path("message").asText());
        }
        var body = new LinkedHashMap<String, Object>(rules());
        body.put("name", "Gavel demo encore " + stamp);
        body.put("startsAt", now.toString());
        body.put("endsAt", now.plus(window).toString());
        body.put("hashtag", "#ENCORE" + stamp);
        body.put("artwork", artwork(Map.of("name", "Encore " + stamp)));
        var reply = gavel.post("/api/auctions", body, adminToken, Map.of());
        if (!reply.ok()) {
            LOG.warn(
                    "could not create a demo auction: {}",
                    reply.json().path("message").asText());
            return Optional.empty();
        }
        return Optional.of(reply.json().path("id").asText());
    }

    /**
     * The artwork with a picture of its own (uploaded as an asset, for the stream), and as a token on the
     * simulated chain when there is one.
     */
    private Map<String, Object> artwork(Map<String, Object> base) {
        var out = new LinkedHashMap<String, Object>(base);
        String name = String.valueOf(base.get("name"));
        var uploaded = gavel.upload("/api/assets", DemoArt.png(name, 720), "artwork.png", adminToken);
        if (uploaded.ok()) {
            out.put("assetId", uploaded.json().path("id").asText());
        } else {
            LOG.warn(
                    "demo: the picture of {} was not uploaded: {}",
                    name,
                    uploaded.json().path("message").asText());
        }
        chain.ifPresent(c -> out.putAll(c.mintArtwork()));
        return out;
    }

    private static Map<String, Object> rules() {
        var rules = new LinkedHashMap<String, Object>();
        rules.put("startingPrice", "0.1");
        rules.put("reservePrice", "0.1");
        rules.put("minIncrement", Map.of("percent", "5"));
        rules.put("antiSnipe", Map.of("windowSeconds", 60, "extensionSeconds", 60, "maxExtensions", 5));
        rules.put("graceSeconds", 10);
        rules.put("requireFunds", true);
        return rules;
    }
}
