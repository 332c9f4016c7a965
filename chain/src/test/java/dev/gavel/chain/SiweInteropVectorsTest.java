package dev.gavel.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.chain.SiweMessage.ParseResult;
import dev.gavel.chain.SiweVerifier.Expectation;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Messages signed by other implementations verify here: the verification vectors of the reference implementation
 * (spruceid/siwe, {@code test/verification_positive.json} and {@code verification_negative.json}), whose signatures
 * came from ethers.js wallets. The texts are what that library writes for the vectors' fields.
 */
class SiweInteropVectorsTest {
    private static final SiweVerifier VERIFIER = new SiweVerifier();
    private static final Expectation LOGIN_XYZ = Expectation.of("login.xyz", 1);
    private static final Instant NOW = Instant.parse("2024-06-01T00:00:00Z");

    private static final String EXAMPLE_MESSAGE = """
            login.xyz wants you to sign in with your Ethereum account:
            0x9D85ca56217D2bb651b00f15e694EB7E713637D4

            Sign-In With Ethereum Example Statement

            URI: https://login.xyz
            Version: 1
            Chain ID: 1
            Nonce: bTyXgcQxn2htgkjJn
            Issued At: 2022-01-27T17:09:38.578Z
            Expiration Time: 2100-01-07T14:31:43.952Z""";
    private static final String EXAMPLE_SIGNATURE = "0xdc35c7f8ba2720df052e0092556456127f00f7707eaa8e3bbff7e56774e7f2e0"
            + "5a093cfc9e02964c33d86e8e066e221b7d153d27e5a2e97ccd5ca7d3f2ce06cb1b";

    private static final String TALLY_MESSAGE = """
            www.tally.xyz wants you to sign in with your Ethereum account:
            0xc95EB884FE852e241D409234bfC7045CB9E31BD7

            Sign in with Ethereum to Tally

            URI: https://tally.xyz
            Version: 1
            Chain ID: 1
            Nonce: 15050747
            Issued At: 2022-06-30T14:08:51.382Z""";
    // v = 01: the recovery byte starts at 0
    private static final String TALLY_SIGNATURE = "0x8c46b6eb8505939892d8e9b075f89f8277321b17b993151f37810cdda38cce6f"
            + "4a85909d2b53e6a14629c74c0ac38bf4becde78ee5b2529812bf6cceaf7b2a2501";

    private static final String NOT_YET_VALID_MESSAGE = """
            login.xyz wants you to sign in with your Ethereum account:
            0xE6D3Aa1F561A215E5eb1f02Ba8705385F03fCaFB

            Sign-In With Ethereum Example Statement

            URI: https://login.xyz
            Version: 1
            Chain ID: 1
            Nonce: lx2nx4so
            Issued At: 2022-01-05T14:27:30.883Z
            Not Before: 2100-01-07T14:31:43.952Z""";
    private static final String NOT_YET_VALID_SIGNATURE =
            "0xc2539ace78f13c7eb8c0852d38d269a6f97bebd9f7872097d2e3137b541f8bf5"
                    + "0176062a46eeea83086bd2721423fb5755a932ff6ccc046ed482d14e4576042f1c";

    private static final String EXPIRED_MESSAGE = """
            login.xyz wants you to sign in with your Ethereum account:
            0x2ecA0068307e706741445764A3D6A4402aC2A5a9

            Sign-In With Ethereum Example Statement

            URI: https://login.xyz
            Version: 1
            Chain ID: 1
            Nonce: lx2nx4so
            Issued At: 2022-01-05T14:27:30.883Z
            Expiration Time: 2021-01-05T00:00:00Z""";
    private static final String EXPIRED_SIGNATURE = "0x7337bc2826c7678cd6bc84f5b3b236efc969b0451f9feca2328b1d3401b030c1"
            + "13f19bdba359ba3f52762c66e9147311fa95fe598a1a4ec9bb383a7b4e3874241b";

    private static final String MALLORY_MESSAGE = """
            login.xyz wants you to sign in with your Ethereum account:
            0x6Da01670d8fc844e736095918bbE11fE8D564163

            Sign-In With Ethereum Example Statement

            URI: https://login.xyz
            Version: 1
            Chain ID: 1
            Nonce: rmplqh1gf
            Issued At: 2022-01-05T14:31:43.954Z
            Expiration Time: 2100-01-07T14:31:43.952Z""";

    @Test
    void a_message_signed_by_an_ethers_wallet_verifies() {
        var outcome = VERIFIER.verify(EXAMPLE_MESSAGE, EXAMPLE_SIGNATURE, LOGIN_XYZ, NOW);

        assertThat(outcome).isInstanceOfSatisfying(SiweOutcome.Verified.class, verified -> {
            assertThat(verified.address()).isEqualTo("0x9D85ca56217D2bb651b00f15e694EB7E713637D4");
            assertThat(verified.message().nonce()).isEqualTo("bTyXgcQxn2htgkjJn");
            assertThat(verified.message().text()).isEqualTo(EXAMPLE_MESSAGE);
        });
    }

    @Test
    void a_signature_whose_recovery_byte_starts_at_0_verifies() {
        var outcome = VERIFIER.verify(
                TALLY_MESSAGE,
                TALLY_SIGNATURE,
                Expectation.of("www.tally.xyz", 1),
                Instant.parse("2022-07-01T00:00:00Z"));

        assertThat(outcome)
                .isInstanceOfSatisfying(SiweOutcome.Verified.class, verified -> assertThat(verified.address())
                        .isEqualTo("0xc95EB884FE852e241D409234bfC7045CB9E31BD7"));
    }

    @Test
    void a_message_with_not_before_verifies_from_then_on_and_not_before() {
        assertThat(VERIFIER.verify(
                        NOT_YET_VALID_MESSAGE,
                        NOT_YET_VALID_SIGNATURE,
                        LOGIN_XYZ,
                        Instant.parse("2101-01-07T14:31:43.952Z")))
                .isInstanceOf(SiweOutcome.Verified.class);
        assertRejected(
                VERIFIER.verify(NOT_YET_VALID_MESSAGE, NOT_YET_VALID_SIGNATURE, LOGIN_XYZ, NOW),
                SiweRejection.NOT_YET_VALID);
    }

    @Test
    void an_expired_vector_is_expired() {
        assertRejected(VERIFIER.verify(EXPIRED_MESSAGE, EXPIRED_SIGNATURE, LOGIN_XYZ, NOW), SiweRejection.EXPIRED);
    }

    @Test
    void the_domain_binding_vector_is_the_wrong_domain() {
        assertRejected(
                VERIFIER.verify(EXAMPLE_MESSAGE, EXAMPLE_SIGNATURE, Expectation.of("example.com", 1), NOW),
                SiweRejection.WRONG_DOMAIN);
    }

    @Test
    void the_wrong_signature_vector_is_the_wrong_address() {
        var signature = "0x31df81dc02344c9156e6f71da46e2db624b38f8f806290d670d46492b834b2e7"
                + "575cbce9f48169356cfb577b910d8e30732fcf23c1ac0021d08b945ed7ee118e1b";

        assertRejected(VERIFIER.verify(MALLORY_MESSAGE, signature, LOGIN_XYZ, NOW), SiweRejection.WRONG_ADDRESS);
    }

    @Test
    void the_malformed_signature_vector_is_malformed() {
        var signature = "0xf2e8420fc1b722bf4941f5a0464f98172a758ceda5039f622e425fb69fd19b20"
                + "e444bba7c9a8a8d7e2b5e453553efe7c9460be5d211abe473fc146d51bb04d0cb1b";

        assertRejected(VERIFIER.verify(MALLORY_MESSAGE, signature, LOGIN_XYZ, NOW), SiweRejection.MALFORMED_SIGNATURE);
    }

    @Test
    void the_reference_parsing_vectors_with_userinfo_port_and_no_statement_parse() {
        var withUserinfoAndPort = EXAMPLE_MESSAGE.replace("login.xyz wants", "test@127.0.0.1:8080 wants");
        var withoutStatement = """
                service.org wants you to sign in with your Ethereum account:
                0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2


                URI: https://service.org/login
                Version: 1
                Chain ID: 1
                Nonce: 32891757
                Issued At: 2021-09-30T16:25:24.000Z""";

        assertThat(SiweMessage.parse(withUserinfoAndPort))
                .isInstanceOfSatisfying(
                        ParseResult.Parsed.class,
                        p -> assertThat(p.message().domain()).isEqualTo("test@127.0.0.1:8080"));
        assertThat(SiweMessage.parse(withoutStatement)).isInstanceOfSatisfying(ParseResult.Parsed.class, p -> {
            assertThat(p.message().statement()).isEmpty();
            assertThat(p.message().issuedAt().toInstant()).isEqualTo(Instant.parse("2021-09-30T16:25:24Z"));
        });
    }

    private static void assertRejected(SiweOutcome outcome, SiweRejection reason) {
        assertThat(outcome).isInstanceOfSatisfying(SiweOutcome.Rejected.class, r -> assertThat(r.reason())
                .isEqualTo(reason));
    }
}
