package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.embedded.EmbeddedRedis;
import dev.gavel.embedded.Ports;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** /health tells the truth when a dependency goes away under a running server. */
@WithPostgresAndRedis
class HealthWhenRedisStopsIT {

    @Test
    void health_turns_503_naming_redis_when_redis_stops(TestDatabase db) throws Exception {
        var redis = EmbeddedRedis.start(Optional.empty(), Ports.free());
        var config = TestConfigs.config(db, redis.uri(), Map.of());
        try (var server = GavelServer.start(config, Clock.systemUTC())) {
            var http = new Http(server.url());
            assertThat(http.get("/health").status()).isEqualTo(200);

            redis.stop();

            var reply = http.get("/health");
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.json().path("status").asText()).isEqualTo("DOWN");
            assertThat(reply.json()
                            .path("components")
                            .path("redis")
                            .path("status")
                            .asText())
                    .isEqualTo("DOWN");
            assertThat(reply.json()
                            .path("components")
                            .path("redis")
                            .path("details")
                            .path("error")
                            .asText())
                    .isNotBlank();
            assertThat(reply.json()
                            .path("components")
                            .path("postgres")
                            .path("status")
                            .asText())
                    .isEqualTo("UP");
            assertThat(http.get("/metrics").text())
                    .contains("gavel_health_component{application=\"gavel\",component=\"redis\"} 0.0");
        } finally {
            redis.stop();
        }
    }
}
