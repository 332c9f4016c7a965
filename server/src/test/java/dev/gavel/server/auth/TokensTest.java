package dev.gavel.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.Role;
import dev.gavel.core.Secret;
import dev.gavel.core.time.MutableClock;
import dev.gavel.store.users.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokensTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-21T12:00:00Z"));
    private final byte[] key = Keys.derive(Secret.of("a".repeat(40)), "jwt-hs256-v1");
    private final Tokens tokens = new Tokens(key, Duration.ofHours(1), clock);
    private final User ada = new User(
            UUID.randomUUID(), "ada@example.com", "h", EnumSet.of(Role.ADMIN), clock.instant(), Optional.empty());

    @Test
    void a_fresh_token_names_its_user_and_roles() {
        var issued = tokens.issue(ada);

        var principal = tokens.verify(issued.token()).orElseThrow();

        assertThat(principal.userId()).isEqualTo(ada.id());
        assertThat(principal.email()).isEqualTo("ada@example.com");
        assertThat(principal.roles()).containsExactly(Role.ADMIN);
        assertThat(principal.via()).isEqualTo(Principal.Via.TOKEN);
        assertThat(issued.expiresAt()).isEqualTo(Instant.parse("2026-11-21T13:00:00Z"));
        assertThat(principal.expiresAt()).contains(issued.expiresAt());
    }

    @Test
    void a_token_stops_working_when_it_expires() {
        var issued = tokens.issue(ada);

        clock.advance(Duration.ofMinutes(59));
        assertThat(tokens.verify(issued.token())).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(tokens.verify(issued.token())).isEmpty();
    }

    @Test
    void a_token_whose_claims_were_changed_is_refused() {
        String[] parts = tokens.issue(ada).token().split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replace("\"ADMIN\"", "\"OWNER\"");
        assertThat(forged).isNotEqualTo(payload);
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];

        assertThat(tokens.verify(tampered)).isEmpty();
    }

    @Test
    void a_token_signed_with_another_key_or_no_signature_is_refused() {
        var other = new Tokens(Keys.derive(Secret.of("b".repeat(40)), "jwt-hs256-v1"), Duration.ofHours(1), clock);
        String foreign = other.issue(ada).token();
        assertThat(tokens.verify(foreign)).isEmpty();

        String[] parts = tokens.issue(ada).token().split("\\.");
        String none = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.verify(none + "." + parts[1] + ".")).isEmpty();
        assertThat(tokens.verify("not a token")).isEmpty();
    }

    @Test
    void keys_for_different_purposes_differ() {
        var secret = Secret.of("c".repeat(40));
        assertThat(Keys.derive(secret, "jwt-hs256-v1")).isNotEqualTo(Keys.derive(secret, "at-rest-aes-gcm-v1"));
        assertThat(Keys.derive(secret, "jwt-hs256-v1")).hasSize(32);
    }
}
