package dev.gavel.market.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.core.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CredentialCipherTest {
    private static final String CONTEXT = "m26/acct-1/SESSION_TICKET";
    private static final Secret TICKET = Secret.of("SK1-a-session-key-that-should-stay-secret");
    private final CredentialCipher cipher = CredentialCipher.fromSecretKey(Secret.of("correct horse battery staple"));

    @Test
    void a_sealed_secret_opens_to_itself() {
        assertThat(cipher.open(cipher.seal(TICKET, CONTEXT), CONTEXT)).isEqualTo(TICKET);
        assertThat(cipher.open(cipher.seal(Secret.of(""), CONTEXT), CONTEXT).reveal())
                .isEmpty();
        assertThat(cipher.open(cipher.seal(Secret.of("é ✓ 🔑"), CONTEXT), CONTEXT)
                        .reveal())
                .isEqualTo("é ✓ 🔑");
    }

    @Test
    void the_same_key_text_makes_a_cipher_that_opens_it() {
        var again = CredentialCipher.fromSecretKey(Secret.of("correct horse battery staple"));

        assertThat(again.open(cipher.seal(TICKET, CONTEXT), CONTEXT)).isEqualTo(TICKET);
    }

    @Test
    void another_context_does_not_open_it() {
        byte[] sealed = cipher.seal(TICKET, CONTEXT);

        assertThatThrownBy(() -> cipher.open(sealed, "m26/acct-2/SESSION_TICKET"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void another_key_does_not_open_it() {
        byte[] sealed = cipher.seal(TICKET, CONTEXT);
        var other = CredentialCipher.fromSecretKey(Secret.of("another key"));

        assertThatThrownBy(() -> other.open(sealed, CONTEXT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GAVEL_SECRET_KEY")
                .hasMessageNotContaining(TICKET.reveal());
    }

    @Test
    void an_altered_or_truncated_seal_does_not_open() {
        byte[] sealed = cipher.seal(TICKET, CONTEXT);
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThatThrownBy(() -> cipher.open(altered, CONTEXT))
                    .as("byte " + i)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> cipher.open(Arrays.copyOf(sealed, 28), CONTEXT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.open(new byte[0], CONTEXT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_ciphertext_does_not_contain_the_plaintext() {
        byte[] sealed = cipher.seal(TICKET, CONTEXT);
        byte[] plain = TICKET.reveal().getBytes(StandardCharsets.UTF_8);

        assertThat(sealed.length).isEqualTo(1 + 12 + plain.length + 16);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
                .doesNotContain("SK1")
                .doesNotContain("secret");
        assertThat(HexFormat.of().formatHex(sealed))
                .doesNotContain(HexFormat.of().formatHex(plain, 0, 4));
    }

    @Test
    void two_seals_of_the_same_secret_differ() {
        byte[] a = cipher.seal(TICKET, CONTEXT);
        byte[] b = cipher.seal(TICKET, CONTEXT);

        assertThat(a).isNotEqualTo(b);
        assertThat(Arrays.copyOfRange(a, 1, 13)).isNotEqualTo(Arrays.copyOfRange(b, 1, 13));
        assertThat(cipher.open(a, CONTEXT)).isEqualTo(cipher.open(b, CONTEXT));
    }

    @Test
    void an_empty_key_is_refused() {
        assertThatThrownBy(() -> CredentialCipher.fromSecretKey(Secret.of("")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
