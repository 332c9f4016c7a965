package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.core.time.MutableClock;
import dev.gavel.store.market.PricePartitions;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scheduled jobs through the HTTP API of a started server: the partition job listed, run now, counted. */
@WithPostgresAndRedis
class JobsApiIT {
    private static final String OWNER = "owner@jobs.test";
    private static final String OWNER_PASSWORD = "owner password 1";
    /** The market's time once started: two months from now, so the partition job has months to make. */
    private static final YearMonth LATER = YearMonth.now(ZoneOffset.UTC).plusMonths(2);

    private static final MutableClock CLOCK = MutableClock.at(Instant.now());
    static GavelServer server;
    static Http http;

    @BeforeAll
    static void start(TestDatabase db, TestRedis redis) throws Exception {
        var env = Map.of("GAVEL_OWNER_EMAIL", OWNER, "GAVEL_OWNER_PASSWORD", OWNER_PASSWORD);
        server = GavelServer.start(TestConfigs.config(db, redis.uri(), env), CLOCK);
        http = new Http(server.url());
        // the market's clock moves two months on after the start: the partition job has months to make
        CLOCK.set(LATER.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(1)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String owner() {
        return token(OWNER, OWNER_PASSWORD);
    }

    private static String token(String email, String password) {
        var login = http.post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return "Bearer " + login.json().path("token").asText();
    }

    private static JsonNode job(String auth, String name) {
        var reply = http.get("/api/jobs", "Authorization", auth);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return StreamSupport.stream(reply.json().path("jobs").spliterator(), false)
                .filter(j -> j.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no job " + name + " in " + reply));
    }

    @Test
    void the_partition_job_is_listed_runs_now_when_an_admin_asks_and_shows_its_last_run() {
        String owner = owner();
        var listed = job(owner, "price-partitions");
        assertThat(listed.path("schedule").asText()).isEqualTo("daily at 03:00 UTC");
        assertThat(listed.path("description").asText()).contains("partitions");
        assertThat(Instant.parse(listed.path("nextRun").asText())).isAfter(Instant.now());
        assertThat(listed.path("nextRun").asText()).endsWith("T03:00:00Z");
        assertThat(listed.path("running").asBoolean()).isFalse();
        assertThat(listed.has("runsEvery")).isFalse();
        long runsBefore = listed.path("runs").asLong();

        var asked = http.post("/api/jobs/price-partitions/run", "", "Authorization", owner);

        assertThat(asked.status()).as(asked.toString()).isEqualTo(202);
        assertThat(asked.json().path("status").asText()).isEqualTo("scheduled");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> job(owner, "price-partitions").path("runs").asLong() == runsBefore + 1);
        var ran = job(owner, "price-partitions");
        var last = ran.path("lastRun");
        assertThat(last.path("outcome").asText()).isEqualTo("ok");
        // two months ahead for listings' price points and two for card prices
        assertThat(last.path("items").asLong()).isEqualTo(4);
        assertThat(last.path("message").asText())
                .isEqualTo("made " + PricePartitions.nameOf(LATER.plusMonths(2)) + ", "
                        + PricePartitions.nameOf(LATER.plusMonths(3)) + ", "
                        + PricePartitions.nameOf("card_prices", LATER.plusMonths(2)) + ", "
                        + PricePartitions.nameOf("card_prices", LATER.plusMonths(3)));
        assertThat(last.path("durationMs").asLong()).isNotNegative();
        assertThat(last.path("node").asText()).isNotBlank();
        assertThat(Instant.parse(last.path("startedAt").asText()))
                .isAfter(Instant.now().minusSeconds(60));
        assertThat(ran.path("lastSuccess").asText())
                .isEqualTo(last.path("finishedAt").asText());
        assertThat(ran.path("failures").asLong()).isZero();
        // back on its daily time
        assertThat(ran.path("nextRun").asText()).endsWith("T03:00:00Z");

        var metrics = http.get("/metrics").text();
        assertThat(metrics)
                .contains("gavel_job_runs_total{application=\"gavel\",job=\"price-partitions\",outcome=\"ok\"} "
                        + (runsBefore + 1) + ".0")
                .contains("gavel_job_runs_total{application=\"gavel\",job=\"price-partitions\",outcome=\"failed\"} 0.0")
                .contains("gavel_job_duration_seconds_count{application=\"gavel\",job=\"price-partitions\"} "
                        + (runsBefore + 1))
                .containsPattern(
                        "gavel_job_last_success_timestamp_seconds\\{application=\"gavel\",job=\"price-partitions\"} \\d\\.\\d+E9");
    }

    @Test
    void viewers_read_the_jobs_admins_run_them_and_an_unknown_job_is_404() {
        assertThat(http.get("/api/jobs").status()).isEqualTo(401);
        http.post("/api/auth/register", "{\"email\":\"viewer@jobs.test\",\"password\":\"viewer password\"}");
        String bidder = token("viewer@jobs.test", "viewer password");

        assertThat(job(bidder, "price-partitions").path("name").asText()).isEqualTo("price-partitions");
        var refused = http.post("/api/jobs/price-partitions/run", "", "Authorization", bidder);
        assertThat(refused.status()).isEqualTo(403);

        var unknown = http.post("/api/jobs/no-such-job/run", "", "Authorization", owner());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").asText()).isEqualTo("not_found");
        assertThat(unknown.json().path("message").asText()).contains("no-such-job", "price-partitions");
        assertThat(unknown.json().path("details").path("job").asText()).isEqualTo("no-such-job");
    }
}
