package dev.gavel.server.market.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertSettingsTest {
    @Test
    void retries_wait_1_2_4_and_8_seconds_by_default_and_never_longer_than_the_cap() {
        var settings = AlertSettings.defaults();

        assertThat(settings.maxAttempts()).isEqualTo(5);
        assertThat(settings.retryAfter(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.retryAfter(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.retryAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(settings.retryAfter(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(settings.retryAfter(40)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void a_lease_shorter_than_a_webhooks_timeouts_is_refused() {
        assertThatThrownBy(() -> new AlertSettings(
                        Duration.ofSeconds(10),
                        5,
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(1),
                        4,
                        false,
                        java.util.Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lease");
    }
}
