package dev.gavel.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.chain.SiweVerifier.Expectation;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.crypto.Keys;

/** A signed sign-in message is accepted only when every check passes, and each failure has its own reason. */
class SiweVerifierTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Expectation GAVEL = Expectation.of("gavel.example", 1);
    private static final TestWallet ALICE = TestWallet.named("alice");
    private static final TestWallet MALLORY = TestWallet.named("mallory");

    private final SiweVerifier verifier = new SiweVerifier();

    private static SiweMessage linkMessage(String address) {
        return SiweMessage.of(
                        "gavel.example", address, "https://gavel.example/link", 1, "k3Xn9pQ2vR7s", NOW.minusSeconds(60))
                .withStatement("Link this wallet to @alice on Gavel.")
                .withExpirationTime(NOW.plus(Duration.ofMinutes(10)));
    }

    private SiweOutcome verifySignedBy(TestWallet signer, SiweMessage message, Expectation expected) {
        var text = message.text();
        return verifier.verify(text, signer.sign(text), expected, NOW);
    }

    private static void assertRejected(SiweOutcome outcome, SiweRejection reason, String detail) {
        assertThat(outcome).isInstanceOfSatisfying(SiweOutcome.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(reason);
            assertThat(rejected.detail()).contains(detail);
        });
    }

    @Test
    void a_message_signed_by_the_account_it_names_verifies_and_yields_the_checksummed_address() {
        var message = linkMessage(ALICE.address());

        var outcome = verifySignedBy(ALICE, message, GAVEL);

        assertThat(outcome).isEqualTo(new SiweOutcome.Verified(message, ALICE.address()));
        var verified = (SiweOutcome.Verified) outcome;
        assertThat(verified.address()).isNotEqualTo(verified.address().toLowerCase(Locale.ROOT));
        assertThat(verified.message().nonce()).isEqualTo("k3Xn9pQ2vR7s");
    }

    @Test
    void a_freshly_generated_key_verifies_too() throws Exception {
        var wallet = new TestWallet(Keys.createEcKeyPair());

        assertThat(verifySignedBy(wallet, linkMessage(wallet.address()), GAVEL))
                .isInstanceOf(SiweOutcome.Verified.class);
    }

    @Test
    void a_signature_with_v_0_or_1_verifies_like_27_or_28() {
        var text = linkMessage(ALICE.address()).text();
        var signature = ALICE.sign(text);
        int v = Integer.parseInt(signature.substring(130), 16);
        var zeroBased = signature.substring(0, 130) + String.format("%02x", v - 27);

        assertThat(verifier.verify(text, zeroBased, GAVEL, NOW)).isInstanceOf(SiweOutcome.Verified.class);
    }

    @Test
    void a_message_naming_alice_but_signed_by_another_key_is_the_wrong_address() {
        assertRejected(
                verifySignedBy(MALLORY, linkMessage(ALICE.address()), GAVEL),
                SiweRejection.WRONG_ADDRESS,
                "signed by " + MALLORY.address());
    }

    @Test
    void a_signer_other_than_the_expected_account_is_the_wrong_address() {
        var outcome = verifySignedBy(MALLORY, linkMessage(MALLORY.address()), GAVEL.withAddress(ALICE.address()));

        assertRejected(outcome, SiweRejection.WRONG_ADDRESS, "expected " + ALICE.address());
    }

    @Test
    void the_expected_address_may_be_given_in_lower_case() {
        var expected = GAVEL.withAddress(ALICE.address().toLowerCase(Locale.ROOT));

        assertThat(verifySignedBy(ALICE, linkMessage(ALICE.address()), expected))
                .isInstanceOf(SiweOutcome.Verified.class);
    }

    @Test
    void a_message_changed_after_signing_is_the_wrong_address() {
        var signed = linkMessage(ALICE.address()).text();
        var tampered = signed.replace("@alice", "@mallory");

        assertRejected(
                verifier.verify(tampered, ALICE.sign(signed), GAVEL, NOW),
                SiweRejection.WRONG_ADDRESS,
                "changed after signing");
    }

    @Test
    void a_message_for_another_site_is_the_wrong_domain() {
        var message = SiweMessage.of("evil.example", ALICE.address(), "https://evil.example/", 1, "k3Xn9pQ2vR7s", NOW);

        assertRejected(
                verifySignedBy(ALICE, message, GAVEL),
                SiweRejection.WRONG_DOMAIN,
                "for evil.example, expected https://gavel.example");
    }

    @Test
    void a_message_for_the_same_site_on_another_port_is_the_wrong_domain() {
        var message = linkMessage(ALICE.address());

        assertRejected(
                verifySignedBy(ALICE, message, Expectation.of("gavel.example:8443", 1)),
                SiweRejection.WRONG_DOMAIN,
                "expected https://gavel.example:8443");
    }

    @Test
    void the_domain_is_compared_without_regard_to_case() {
        assertThat(verifySignedBy(ALICE, linkMessage(ALICE.address()), Expectation.of("Gavel.Example", 1)))
                .isInstanceOf(SiweOutcome.Verified.class);
    }

    @Test
    void a_message_naming_another_scheme_is_the_wrong_domain_unless_that_scheme_is_expected() {
        var message = SiweMessage.of(
                        "localhost:8080", ALICE.address(), "http://localhost:8080/link", 1, "k3Xn9pQ2vR7s", NOW)
                .withScheme("http");
        var local = Expectation.of("localhost:8080", 1);

        assertRejected(
                verifySignedBy(ALICE, message, local),
                SiweRejection.WRONG_DOMAIN,
                "for http://localhost:8080, expected https://localhost:8080");
        assertThat(verifySignedBy(ALICE, message, local.withScheme("http"))).isInstanceOf(SiweOutcome.Verified.class);
    }

    @Test
    void a_message_for_another_chain_is_the_wrong_chain() {
        assertRejected(
                verifySignedBy(ALICE, linkMessage(ALICE.address()), Expectation.of("gavel.example", 8453)),
                SiweRejection.WRONG_CHAIN,
                "for chain 1, expected chain 8453");
    }

    @Test
    void a_message_is_expired_from_its_expiration_time_on() {
        var message = linkMessage(ALICE.address()).withExpirationTime(NOW);
        var text = message.text();
        var signature = ALICE.sign(text);

        assertRejected(
                verifier.verify(text, signature, GAVEL, NOW), SiweRejection.EXPIRED, "expired at 2026-03-01T12:00:00Z");
        assertThat(verifier.verify(text, signature, GAVEL, NOW.minusMillis(1)))
                .isInstanceOf(SiweOutcome.Verified.class);
    }

    @Test
    void a_message_is_not_yet_valid_before_its_not_before_time() {
        var message = linkMessage(ALICE.address()).withNotBefore(NOW.plusSeconds(30));
        var text = message.text();
        var signature = ALICE.sign(text);

        assertRejected(
                verifier.verify(text, signature, GAVEL, NOW),
                SiweRejection.NOT_YET_VALID,
                "valid from 2026-03-01T12:00:30Z");
        assertThat(verifier.verify(text, signature, GAVEL, NOW.plusSeconds(30)))
                .isInstanceOf(SiweOutcome.Verified.class);
    }

    @Test
    void a_message_issued_more_than_the_clock_skew_ahead_is_issued_in_the_future() {
        var atTheLimit = SiweMessage.of(
                "gavel.example",
                ALICE.address(),
                "https://gavel.example/",
                1,
                "k3Xn9pQ2vR7s",
                NOW.plus(Duration.ofMinutes(5)));
        var beyond = SiweMessage.of(
                "gavel.example",
                ALICE.address(),
                "https://gavel.example/",
                1,
                "k3Xn9pQ2vR7s",
                NOW.plus(Duration.ofMinutes(5)).plusSeconds(1));

        assertThat(verifySignedBy(ALICE, atTheLimit, GAVEL)).isInstanceOf(SiweOutcome.Verified.class);
        assertRejected(verifySignedBy(ALICE, beyond, GAVEL), SiweRejection.ISSUED_IN_FUTURE, "more than 300 seconds");
    }

    @Test
    void the_clock_skew_is_configurable() {
        var strict = new SiweVerifier(Duration.ZERO);
        var message = SiweMessage.of(
                "gavel.example", ALICE.address(), "https://gavel.example/", 1, "k3Xn9pQ2vR7s", NOW.plusSeconds(1));
        var text = message.text();

        assertThat(strict.verify(text, ALICE.sign(text), GAVEL, NOW))
                .isInstanceOfSatisfying(SiweOutcome.Rejected.class, r -> assertThat(r.reason())
                        .isEqualTo(SiweRejection.ISSUED_IN_FUTURE));
    }

    @ParameterizedTest(name = "signature \"{0}\" is malformed")
    @ValueSource(
            strings = {
                "0x123", // odd number of hex digits
                "0xzz", // not hex
                "1b1b", // no 0x
                "", // nothing
            })
    void signatures_that_are_not_hex_are_malformed(String signature) {
        var text = linkMessage(ALICE.address()).text();

        assertThat(verifier.verify(text, signature, GAVEL, NOW))
                .isInstanceOfSatisfying(SiweOutcome.Rejected.class, r -> assertThat(r.reason())
                        .isEqualTo(SiweRejection.MALFORMED_SIGNATURE));
    }

    @Test
    void a_signature_of_64_bytes_is_malformed() {
        var text = linkMessage(ALICE.address()).text();
        var signature = ALICE.sign(text).substring(0, 130);

        assertRejected(verifier.verify(text, signature, GAVEL, NOW), SiweRejection.MALFORMED_SIGNATURE, "64 bytes");
    }

    @Test
    void a_signature_with_v_29_is_malformed() {
        var text = linkMessage(ALICE.address()).text();
        var signature = ALICE.sign(text).substring(0, 130) + "1d";

        assertRejected(verifier.verify(text, signature, GAVEL, NOW), SiweRejection.MALFORMED_SIGNATURE, "is 29");
    }

    @Test
    void a_text_that_is_not_a_siwe_message_is_malformed_and_the_detail_names_the_line() {
        var text = linkMessage(ALICE.address()).text().replace("Version: 1", "Version: 2");

        assertRejected(
                verifier.verify(text, ALICE.sign(text), GAVEL, NOW),
                SiweRejection.MALFORMED_MESSAGE,
                "line 7: Version must be 1");
        assertRejected(verifier.verify(null, null, GAVEL, NOW), SiweRejection.MALFORMED_MESSAGE, "empty");
    }

    @Test
    void every_rejection_reads_as_a_sentence_a_person_can_act_on() {
        for (var reason : SiweRejection.values()) {
            assertThat(reason.words())
                    .as(reason.name())
                    .isNotBlank()
                    .contains(";")
                    .doesNotContain("_");
        }
    }
}
