package dev.gavel.server.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gavel.server.Http;
import dev.gavel.sim.m26.M26Simulator;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two nodes on one PostgreSQL and Redis share a watch through its lease; when one stops, the other polls. */
@WithPostgresAndRedis
class MarketTwoNodesIT {

    @Test
    void one_node_polls_a_watch_and_the_other_takes_over_when_it_stops(TestDatabase db, TestRedis redis)
            throws Exception {
        try (var sim = M26Simulator.start(0, Clock.systemUTC(), 21)) {
            var env = MarketWatchIT.env(sim);
            var a = MarketWatchIT.start(db, redis, env);
            try (var b = MarketWatchIT.start(db, redis, env)) {
                var httpA = new Http(a.url());
                var httpB = new Http(b.url());
                String admin = MarketWatchIT.login(httpA);
                sim.addAccount("shared");
                assertThat(httpA.post("/api/market/auth/har?name=s.har", sim.har("shared"), "Authorization", admin)
                                .status())
                        .isEqualTo(200);
                assertThat(httpA.post(
                                        "/api/market/watches",
                                        "{\"source\":\"m26\",\"query\":{\"pageSize\":\"10\"},\"intervalSeconds\":0.3}",
                                        "Authorization",
                                        admin)
                                .status())
                        .isEqualTo(201);

                // node b learns of the watch and of the imported pool from PostgreSQL, but a holds the lease
                await().atMost(Duration.ofSeconds(30)).until(() -> pagesOf(httpA, admin) >= 3);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> MarketWatchIT.lastOutcome(httpB, admin).equals("polled by another node"));
                long bPages = pagesOf(httpB, admin);

                a.close();
                await().atMost(Duration.ofSeconds(30)).until(() -> pagesOf(httpB, admin) >= bPages + 3);
                assertThat(MarketWatchIT.lastOutcome(httpB, admin)).startsWith("ok");
            } finally {
                a.close();
            }
        }
    }

    private static long pagesOf(Http http, String admin) {
        return MarketWatchIT.firstWatch(http, admin)
                .path("status")
                .path("pagesCommitted")
                .asLong();
    }
}
