package dev.gavel.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.web3j.crypto.Sign;

/** personal_sign recovery: who signed, or why the bytes are not a signature. */
class Eip191Test {
    private static final TestWallet BOB = TestWallet.named("bob");
    private static final String TEXT = "Sign in to Gavel ✓"; // the length prefix counts UTF-8 bytes, not chars
    private static final BigInteger N = Sign.CURVE_PARAMS.getN();
    private static final BigInteger P = Sign.CURVE_PARAMS.getCurve().getField().getCharacteristic();

    @Test
    void the_signer_of_a_personal_sign_signature_is_recovered() {
        assertThat(Eip191.recover(TEXT, BOB.sign(TEXT))).isEqualTo(new SignatureCheck.Recovered(BOB.address()));
        assertThat(Eip191.recover(TEXT, BOB.sign(TEXT)).signer()).contains(BOB.address());
    }

    @Test
    void upper_case_hex_digits_are_fine() {
        var signature = BOB.sign(TEXT);
        var upper = "0x" + signature.substring(2).toUpperCase(java.util.Locale.ROOT);

        assertThat(Eip191.recover(TEXT, upper).signer()).contains(BOB.address());
    }

    @Test
    void the_hash_is_the_one_web3j_signs() {
        assertThat(Eip191.hash(TEXT))
                .isEqualTo(Sign.getEthereumMessageHash(TEXT.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void the_high_s_twin_of_a_signature_names_the_same_signer() {
        var signature = BOB.sign(TEXT);
        var s = new BigInteger(signature.substring(66, 130), 16);
        int v = Integer.parseInt(signature.substring(130), 16);
        var twin = signature.substring(0, 66) + String.format("%064x", N.subtract(s)) + String.format("%02x", 55 - v);

        assertThat(Eip191.recover(TEXT, twin).signer()).contains(BOB.address());
    }

    @Test
    void a_signature_over_other_text_recovers_someone_else() {
        assertThat(Eip191.recover(TEXT + ".", BOB.sign(TEXT)).signer())
                .isPresent()
                .isNotEqualTo(BOB.address());
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no 0x|1b|starts with 0x",
                "not hex|0x12g4|at position 5 is not a hex digit",
                "odd|0x123|odd number of hex digits (3)",
                "too short|0x1122|this one is 2 bytes",
                "nothing|''|no signature"
            })
    void text_that_is_not_a_signature_is_malformed(String name, String signature, String reason) {
        assertThat(Eip191.recover(TEXT, signature))
                .isInstanceOfSatisfying(SignatureCheck.Malformed.class, m -> assertThat(m.reason())
                        .contains(reason));
    }

    @Test
    void bytes_that_cannot_be_a_signature_are_malformed() {
        var good = BOB.sign(TEXT);
        var r = good.substring(2, 66);
        var s = good.substring(66, 130);
        var zero = "0".repeat(64);

        assertMalformed(good.substring(0, 130), "this one is 64 bytes");
        assertMalformed(good + "00", "this one is 66 bytes");
        assertMalformed("0x" + r + s + "1d", "this one is 29");
        assertMalformed("0x" + r + s + "02", "this one is 2");
        assertMalformed("0x" + zero + s + "1b", "r (the first 32 bytes) is zero");
        assertMalformed("0x" + r + zero + "1b", "s (bytes 33 to 64) is zero");
        assertMalformed("0x" + String.format("%064x", N) + s + "1b", "not below the curve order");
        assertMalformed("0x" + r + String.format("%064x", N.add(BigInteger.ONE)) + "1b", "not below the curve order");
        assertMalformed("0x" + String.format("%064x", xNotOnTheCurve()) + s + "1b", "no public key can be recovered");
    }

    private static void assertMalformed(String signature, String reason) {
        assertThat(Eip191.recover(TEXT, signature))
                .as(signature)
                .isInstanceOfSatisfying(SignatureCheck.Malformed.class, m -> assertThat(m.reason())
                        .contains(reason));
    }

    /** The smallest x for which x³ + 7 has no square root mod p: no curve point has it, so no key recovers. */
    private static BigInteger xNotOnTheCurve() {
        var x = BigInteger.ONE;
        var halfP = P.subtract(BigInteger.ONE).shiftRight(1);
        while (x.pow(3).add(BigInteger.valueOf(7)).modPow(halfP, P).equals(BigInteger.ONE)) {
            x = x.add(BigInteger.ONE);
        }
        return x;
    }
}
