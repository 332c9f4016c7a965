package dev.gavel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@WithPostgresAndRedis
class RedisIT {

    @Test
    void commands_reach_the_selected_database(TestRedis testRedis) throws Exception {
        try (var redis = Redis.connect(testRedis.uri(), Duration.ofSeconds(2))) {
            assertThat(redis.ping(Duration.ofSeconds(1))).isEqualTo("PONG");
            redis.sync().set("gavel:probe", "42");
            assertThat(redis.sync().get("gavel:probe")).isEqualTo("42");
            assertThat(redis.sync().dbsize()).isEqualTo(1L);
            assertThat(redis.description()).isEqualTo(testRedis.uri());
        }
    }

    @Test
    void an_unreachable_server_is_named_in_the_error() {
        assertThatThrownBy(() -> Redis.connect("redis://127.0.0.1:1", Duration.ofSeconds(1)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to Redis at redis://127.0.0.1:1");
    }

    @Test
    void a_password_never_appears_in_the_description() {
        assertThatThrownBy(() -> Redis.connect("redis://:hunter2secret@127.0.0.1:1", Duration.ofSeconds(1)))
                .isInstanceOf(StoreException.class)
                .hasMessageNotContaining("hunter2secret");
    }
}
