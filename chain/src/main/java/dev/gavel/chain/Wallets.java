package dev.gavel.chain;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.web3j.crypto.Keys;

/**
 * Ethereum account addresses: {@code 0x} and 40 hex digits, written canonically with the EIP-55 checksum (the
 * capital letters encode a hash of the address, so most typos in a mixed-case address are caught). An all-lower or
 * all-upper address carries no checksum and is accepted as is; a mixed-case one must carry the right checksum.
 * Thread-safe (stateless).
 */
public final class Wallets {
    private static final int HEX_DIGITS = 40;

    private Wallets() {}

    /** Checks a would-be address and gives its checksummed form, or why it is not an address. */
    public static AddressCheck check(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return new AddressCheck.Invalid("no address given");
        }
        if (!candidate.startsWith("0x")) {
            return new AddressCheck.Invalid("an address starts with 0x");
        }
        int digits = candidate.length() - 2;
        if (digits != HEX_DIGITS) {
            return new AddressCheck.Invalid(
                    "an address has 40 hex digits after 0x, this one has " + digits + " characters");
        }
        boolean upper = false;
        boolean lower = false;
        for (int i = 2; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!SiweSyntax.isHex(c)) {
                return new AddressCheck.Invalid(
                        SiweSyntax.describe(c) + " at position " + (i + 1) + " is not a hex digit");
            }
            upper |= c >= 'A' && c <= 'F';
            lower |= c >= 'a' && c <= 'f';
        }
        String checksummed = checksum(candidate.substring(2));
        if (upper && lower && !candidate.equals(checksummed)) {
            return new AddressCheck.Invalid(
                    "the capital letters do not match the address's EIP-55 checksum: check it for a typo");
        }
        return new AddressCheck.Valid(checksummed);
    }

    /** The checksummed form of {@code candidate}, or empty when it is not a valid address. */
    public static Optional<String> normalize(String candidate) {
        return check(candidate).address();
    }

    /** Whether {@code candidate} is an address written exactly in its EIP-55 checksummed form. */
    public static boolean isChecksummed(String candidate) {
        return normalize(candidate).filter(candidate::equals).isPresent();
    }

    /** The checksummed address of an uncompressed secp256k1 public key (64 bytes, x then y). */
    static String fromPublicKey(BigInteger publicKey) {
        return checksum(Keys.getAddress(publicKey));
    }

    private static String checksum(String fortyHexDigits) {
        return Keys.toChecksumAddress(fortyHexDigits.toLowerCase(Locale.ROOT));
    }
}
