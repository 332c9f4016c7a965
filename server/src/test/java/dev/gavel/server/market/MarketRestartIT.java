package dev.gavel.server.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.time.MutableClock;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.server.Http;
import dev.gavel.sim.m26.M26Simulator;
import dev.gavel.sources.m26.M26Templates;
import dev.gavel.store.Redis;
import dev.gavel.store.market.MarketStore;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * A live watch killed mid-cycle (its checkpoint between pages) and restarted on a new server: it resumes,
 * catches up with what changed while it was down, and in the end every listing it watches is stored as the
 * marketplace shows it, every change exactly once (versions 1..n without a gap or a repeat), and every
 * stored change published to {@code gavel:market:deltas}.
 */
@WithPostgresAndRedis
class MarketRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_watch_killed_mid_run_resumes_and_no_listing_change_is_lost_or_duplicated(TestDatabase db, TestRedis redis)
            throws Exception {
        var simClock = MutableClock.at(Instant.now());
        var advancing = Executors.newSingleThreadScheduledExecutor();
        try (var sim = M26Simulator.start(0, simClock, 5)) {
            Map<String, String> env = MarketWatchIT.env(sim);
            String watchId;
            // the market moves 1 s every 100 ms of real time (messages the server signs expire 5 min after its own
            // clock, so the simulated one must stay near) while the watch runs, and while it is down
            advancing.scheduleAtFixedRate(
                    () -> simClock.advance(Duration.ofSeconds(1)), 100, 100, TimeUnit.MILLISECONDS);
            try (var first = MarketWatchIT.start(db, redis, env)) {
                var http = new Http(first.url());
                String admin = MarketWatchIT.login(http);
                sim.addAccount("acct-1");
                assertThat(http.post("/api/market/auth/har?name=a.har", sim.har("acct-1"), "Authorization", admin)
                                .status())
                        .isEqualTo(200);
                var watch = http.post(
                        "/api/market/watches",
                        "{\"source\":\"m26\",\"query\":{\"pageSize\":\"10\",\"pages\":\"3\"},\"intervalSeconds\":0.2}",
                        "Authorization",
                        admin);
                assertThat(watch.status()).as(watch.toString()).isEqualTo(201);
                watchId = watch.json().path("id").asText();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> MarketWatchIT.count(db, "SELECT count(*) FROM listing_deltas") > 30);
                // hold the watch between two pages: answers no strategy fits stop a cycle where it is. Switch
                // to them at some moment, let two drifted polls pass, and keep it if the checkpoint stands
                // mid-cycle; else switch back and try at another moment
                long[] heldAt = {-1};
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            long polls = MarketWatchIT.polls(http, admin);
                            if (heldAt[0] < 0) {
                                sim.shape(M26Simulator.Shape.RENAMED);
                                heldAt[0] = polls;
                                return false;
                            }
                            if (polls < heldAt[0] + 2) {
                                return false;
                            }
                            if (nextPage(db, watchId) > 0) {
                                return true;
                            }
                            sim.shape(M26Simulator.Shape.CURRENT);
                            heldAt[0] = -1;
                            return false;
                        });
                // killed here: between two pages of a cycle
            }
            long atKill = nextPage(db, watchId);
            assertThat(atKill).as("killed between two pages of a cycle").isPositive();
            sim.shape(M26Simulator.Shape.CURRENT);
            // the market moves on while nobody watches
            Instant moved = simClock.instant().plusSeconds(5);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> simClock.instant().isAfter(moved));
            try (var second = MarketWatchIT.start(db, redis, env)) {
                var http = new Http(second.url());
                String admin = MarketWatchIT.login(http);
                long cycleAtRestart = cycle(db, watchId);
                await().atMost(Duration.ofSeconds(30)).until(() -> cycle(db, watchId) >= cycleAtRestart + 3);
                advancing.shutdownNow();
                advancing.awaitTermination(5, TimeUnit.SECONDS);
                // the market stands still now: two more full cycles bring the store level with it
                long frozen = cycle(db, watchId);
                await().atMost(Duration.ofSeconds(30)).until(() -> cycle(db, watchId) >= frozen + 2);
                long deltas = MarketWatchIT.count(db, "SELECT count(*) FROM listing_deltas");
                long settled = cycle(db, watchId);
                await().atMost(Duration.ofSeconds(30)).until(() -> cycle(db, watchId) >= settled + 2);
                assertThat(MarketWatchIT.count(db, "SELECT count(*) FROM listing_deltas"))
                        .as("a standing market gives no more changes")
                        .isEqualTo(deltas);

                // every watched listing is stored as the marketplace shows it now
                var store = new MarketStore(Jdbi.create(db.url(), db.user(), db.password()), Clock.systemUTC());
                var shown = marketNow(sim);
                assertThat(shown).hasSizeGreaterThan(10);
                for (Listing l : shown) {
                    var stored = store.find("m26", l.externalId());
                    assertThat(stored).as("listing %s", l.externalId()).isPresent();
                    // an ended listing's end is when Gavel first saw it ended; later answers say "0 s left" again
                    Listing expected =
                            l.state().isFinal() ? endingAt(l, stored.get().endsAt()) : l;
                    assertThat(stored.get().sameFactsAs(expected))
                            .as("listing %s stored %s, shown %s", l.externalId(), stored.get(), l)
                            .isTrue();
                }

                // every change once: versions 1..n, the listing row at n
                assertThat(MarketWatchIT.count(db, """
                                SELECT count(*) FROM (
                                  SELECT d.external_id FROM listing_deltas d
                                  JOIN listings l USING (source, external_id)
                                  GROUP BY d.external_id, l.version
                                  HAVING count(*) <> count(DISTINCT d.version) OR min(d.version) <> 1
                                      OR max(d.version) <> count(*) OR max(d.version) <> l.version) gaps""")).isZero();

                // and each stored change reached the Redis stream
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> MarketWatchIT.count(
                                        db, "SELECT count(*) FROM listing_deltas WHERE published_at IS NULL")
                                == 0);
                Set<String> inDb = new HashSet<>();
                try (var c = db.connect();
                        var s = c.createStatement();
                        var rs = s.executeQuery("SELECT external_id || '@' || version FROM listing_deltas")) {
                    while (rs.next()) {
                        inDb.add(rs.getString(1));
                    }
                }
                var published = new ArrayList<String>();
                try (var r = Redis.connect(redis.uri(), Duration.ofSeconds(5))) {
                    for (var m : r.sync().xrange("gavel:market:deltas", io.lettuce.core.Range.create("-", "+"))) {
                        published.add(m.getBody().get("externalId") + "@"
                                + m.getBody().get("version"));
                    }
                }
                assertThat(new HashSet<>(published)).isEqualTo(inDb);
                assertThat(published.size() - inDb.size())
                        .as("at-least-once: only a batch in flight at the kill may be published twice")
                        .isLessThanOrEqualTo(500);
                assertThat(http.get("/api/market/watches", "Authorization", admin)
                                .json()
                                .path("items")
                                .path(0)
                                .path("status")
                                .path("polls")
                                .asLong())
                        .isPositive();
            }
        } finally {
            advancing.shutdownNow();
        }
    }

    private static Listing endingAt(Listing l, Instant end) {
        return new Listing(
                l.source(),
                l.externalId(),
                l.itemId(),
                l.itemName(),
                l.state(),
                l.currency(),
                l.currentBid(),
                l.buyNow(),
                l.startPrice(),
                l.bidCount(),
                end,
                l.observedAt());
    }

    private static long nextPage(TestDatabase db, String watchId) throws Exception {
        return MarketWatchIT.count(
                db, "SELECT coalesce(max(next_page), 0) FROM market_checkpoints WHERE watch_id = " + watchId);
    }

    private static long cycle(TestDatabase db, String watchId) throws Exception {
        return MarketWatchIT.count(
                db, "SELECT coalesce(max(cycle), 0) FROM market_checkpoints WHERE watch_id = " + watchId);
    }

    /** The three watched pages as the marketplace answers them now, through a session of a fresh capture. */
    private static List<Listing> marketNow(M26Simulator sim) throws Exception {
        sim.addAccount("checker");
        JsonNode har = JSON.readTree(sim.har("checker"));
        String session = "";
        for (JsonNode e : har.path("log").path("entries")) {
            if (e.path("request").path("url").asText().endsWith("/wal/authentication/login")) {
                session = JSON.readTree(
                                e.path("response").path("content").path("text").asText())
                        .at("/userLoginInfo/sessionKey")
                        .asText();
            }
        }
        var templates = M26Templates.shipped();
        var http = HttpClient.newHttpClient();
        var out = new ArrayList<Listing>();
        for (int page = 0; page < 3; page++) {
            var request = templates
                    .search()
                    .render(Map.of(
                            "baseUrl", sim.baseUrl(),
                            "ticket", session,
                            "expiresAtMillis",
                                    Long.toString(
                                            Instant.now().plusSeconds(3600).toEpochMilli()),
                            "pageSize", "10",
                            "start", Integer.toString(page * 10)));
            var b = HttpRequest.newBuilder(URI.create(request.url()))
                    .POST(HttpRequest.BodyPublishers.ofString(request.body().orElseThrow()));
            request.headers().forEach(b::header);
            var response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            var outcome = templates.strategies().read(response.body(), Instant.now());
            assertThat(outcome).as(response.body()).isInstanceOf(PageOutcome.Page.class);
            out.addAll(((PageOutcome.Page) outcome).listings());
        }
        return out;
    }
}
