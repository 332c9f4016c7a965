package dev.gavel.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1);

    @Test
    void a_hash_verifies_its_own_password_and_no_other() {
        String hash = hasher.hash("correct horse battery");

        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(hasher.verify("correct horse battery", hash)).isTrue();
        assertThat(hasher.verify("correct horse batterY", hash)).isFalse();
    }

    @Test
    void the_same_password_hashes_differently_each_time() {
        assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
    }

    @Test
    void hashes_made_with_other_parameters_still_verify() {
        String older = new PasswordHasher(2048, 2, 1).hash("kept across upgrades");
        assertThat(hasher.verify("kept across upgrades", older)).isTrue();
    }

    @Test
    void a_damaged_or_foreign_hash_never_verifies() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify("x", "")).isFalse();
        assertThat(hasher.verify("x", "$2a$10$abcdefghijklmnopqrstuu")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=0,t=1,p=1$c2FsdA$aGFzaA"))
                .isFalse();
    }
}
