package dev.gavel.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void a_secret_never_prints_its_value() {
        var secret = Secret.of("hunter2-but-longer");
        assertThat(secret.toString()).doesNotContain("hunter2");
        assertThat("config " + secret).doesNotContain("hunter2");
        assertThat(secret.reveal()).isEqualTo("hunter2-but-longer");
    }

    @Test
    void secrets_compare_by_value() {
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    }
}
