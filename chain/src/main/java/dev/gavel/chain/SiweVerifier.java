package dev.gavel.chain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a signed Sign-In with Ethereum message (EIP-4361) the way a relying party must: the text follows the
 * grammar, the EIP-191 signature recovers to the account the message names, the message is meant for this site and
 * chain (and, when asked, this account), and it is valid at {@code now}. Contract wallets (EIP-1271) need a chain
 * node and are not verified here.
 *
 * <p>The checks run in that order — authenticity first, so a message whose signature does not match is never
 * reported as merely "for another site". Nonce freshness and single use are not checked here: the nonce is on the
 * verified message for the caller's store to redeem. Immutable and thread-safe.
 */
public final class SiweVerifier {
    /** How far ahead of our clock a wallet's clock may be when it stamps {@code Issued At}. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    private final Duration clockSkew;

    public SiweVerifier() {
        this(DEFAULT_CLOCK_SKEW);
    }

    /** @param clockSkew how far in the future {@code Issued At} may be; not negative */
    public SiweVerifier(Duration clockSkew) {
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative, got " + clockSkew);
        }
        this.clockSkew = clockSkew;
    }

    /**
     * What a verified message must be for.
     *
     * @param domain the site's authority as it appears in the message ({@code gavel.example}, {@code localhost:8080});
     *     compared without regard to case
     * @param chainId the chain wallets are linked on
     * @param address the account being linked, when the caller already knows it (stored checksummed)
     * @param scheme the site's URI scheme; a message that names a scheme must name this one, a message without one
     *     is taken to mean it
     */
    public record Expectation(String domain, long chainId, Optional<String> address, String scheme) {
        public Expectation {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(scheme, "scheme");
            SiweSyntax.authorityProblem(domain).ifPresent(p -> {
                throw new IllegalArgumentException("expected domain " + p);
            });
            SiweSyntax.schemeProblem(scheme).ifPresent(p -> {
                throw new IllegalArgumentException("expected scheme " + p);
            });
            if (chainId < 1) {
                throw new IllegalArgumentException("expected chainId must be positive, not " + chainId);
            }
            address = address.map(a -> {
                var checked = Wallets.check(a);
                if (checked instanceof AddressCheck.Invalid invalid) {
                    throw new IllegalArgumentException("expected address: " + invalid.reason());
                }
                return checked.address().orElseThrow();
            });
        }

        /** Any account, over HTTPS. */
        public static Expectation of(String domain, long chainId) {
            return new Expectation(domain, chainId, Optional.empty(), "https");
        }

        /** Only this account (any valid spelling; it is compared checksummed). */
        public Expectation withAddress(String address) {
            return new Expectation(domain, chainId, Optional.of(address), scheme);
        }

        public Expectation withScheme(String scheme) {
            return new Expectation(domain, chainId, address, scheme);
        }
    }

    /**
     * Verifies {@code messageText} signed with {@code signature} ({@code personal_sign}: {@code 0x} and 130 hex
     * digits) against {@code expected} at {@code now}. Never throws for bad input: any text gets an outcome.
     */
    public SiweOutcome verify(String messageText, String signature, Expectation expected, Instant now) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(now, "now");
        SiweMessage message;
        switch (SiweMessage.parse(messageText)) {
            case SiweMessage.ParseResult.Invalid invalid -> {
                return rejected(SiweRejection.MALFORMED_MESSAGE, invalid.reason());
            }
            case SiweMessage.ParseResult.Parsed parsed -> message = parsed.message();
        }
        String signer;
        switch (Eip191.recover(messageText, signature)) {
            case SignatureCheck.Malformed malformed -> {
                return rejected(SiweRejection.MALFORMED_SIGNATURE, malformed.reason());
            }
            case SignatureCheck.Recovered recovered -> signer = recovered.address();
        }
        if (!signer.equals(message.address())) {
            return rejected(
                    SiweRejection.WRONG_ADDRESS,
                    "the message names " + message.address() + " but was signed by " + signer
                            + " (or the text was changed after signing)");
        }
        if (!message.domain().equalsIgnoreCase(expected.domain())
                || !message.scheme().orElse(expected.scheme()).equalsIgnoreCase(expected.scheme())) {
            return rejected(
                    SiweRejection.WRONG_DOMAIN,
                    "the message is for " + message.origin() + ", expected " + expected.scheme() + "://"
                            + expected.domain());
        }
        if (message.chainId() != expected.chainId()) {
            return rejected(
                    SiweRejection.WRONG_CHAIN,
                    "the message is for chain " + message.chainId() + ", expected chain " + expected.chainId());
        }
        if (expected.address().isPresent() && !expected.address().get().equals(signer)) {
            return rejected(
                    SiweRejection.WRONG_ADDRESS,
                    "the message was signed by " + signer + ", expected "
                            + expected.address().get());
        }
        var expiration = message.expirationTime();
        if (expiration.isPresent() && !now.isBefore(expiration.get().toInstant())) {
            return rejected(SiweRejection.EXPIRED, "the message expired at " + Rfc3339.format(expiration.get()));
        }
        var notBefore = message.notBefore();
        if (notBefore.isPresent() && notBefore.get().toInstant().isAfter(now)) {
            return rejected(
                    SiweRejection.NOT_YET_VALID, "the message is valid from " + Rfc3339.format(notBefore.get()));
        }
        if (message.issuedAt().toInstant().isAfter(now.plus(clockSkew))) {
            return rejected(
                    SiweRejection.ISSUED_IN_FUTURE,
                    "the message was issued at " + Rfc3339.format(message.issuedAt()) + ", more than "
                            + clockSkew.toSeconds() + " seconds after now (" + now + ")");
        }
        return new SiweOutcome.Verified(message, signer);
    }

    private static SiweOutcome rejected(SiweRejection reason, String detail) {
        return new SiweOutcome.Rejected(reason, detail);
    }
}
