package dev.gavel.chain;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/** Ethereum's hex encodings: quantities ({@code 0x1a}, no leading zeros), 32-byte hashes and words. */
public final class Hex {
    private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final Pattern QUANTITY = Pattern.compile("0x(0|[1-9a-fA-F][0-9a-fA-F]*)");

    private Hex() {}

    public static String quantity(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("a quantity is never negative: " + value);
        }
        return "0x" + value.toString(16);
    }

    public static String quantity(long value) {
        return quantity(BigInteger.valueOf(value));
    }

    /** Reads a quantity; lenient about leading zeros, which some nodes send, strict about everything else. */
    public static BigInteger toBigInteger(String hex) {
        if (hex == null || !hex.startsWith("0x") || hex.length() < 3 || hex.length() > 66) {
            throw new IllegalArgumentException("not a hex quantity: " + hex);
        }
        for (int i = 2; i < hex.length(); i++) {
            char c = hex.charAt(i);
            // BigInteger would take a sign and non-ASCII digits (Character.digit)
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                throw new IllegalArgumentException("not a hex quantity: " + hex);
            }
        }
        try {
            return new BigInteger(hex.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a hex quantity: " + hex, e);
        }
    }

    public static long toLong(String hex) {
        return toBigInteger(hex).longValueExact();
    }

    public static boolean isQuantity(String hex) {
        return hex != null && QUANTITY.matcher(hex).matches();
    }

    /** A 32-byte hash ({@code 0x} + 64 hex digits), as transaction and block hashes are. */
    public static boolean isHash(String candidate) {
        return candidate != null && HASH.matcher(candidate).matches();
    }

    /** What is wrong with a candidate transaction hash, in words; empty when it is one. */
    public static java.util.Optional<String> hashProblem(String candidate) {
        if (candidate == null || candidate.isEmpty()) {
            return java.util.Optional.of("is missing");
        }
        if (!candidate.startsWith("0x")) {
            return java.util.Optional.of("must start with 0x");
        }
        if (candidate.length() != 66) {
            return java.util.Optional.of(
                    "must be 0x and 64 hex digits, not " + (candidate.length() - 2) + " characters after 0x");
        }
        if (!isHash(candidate)) {
            return java.util.Optional.of("has a character that is not a hex digit");
        }
        return java.util.Optional.empty();
    }

    /** A hash or address in the one spelling Gavel stores: lower case. */
    public static String lower(String hex) {
        return hex.toLowerCase(Locale.ROOT);
    }

    /** The 32-byte word of a topic or ABI argument holding an address → that address, lower case. */
    public static String addressOfWord(String word) {
        String digits = word.startsWith("0x") ? word.substring(2) : word;
        if (digits.length() != 64) {
            throw new IllegalArgumentException("not a 32-byte word: " + word);
        }
        return "0x" + lower(digits.substring(24));
    }

    /** An address as a 32-byte word (no 0x), for topics and ABI arguments. */
    public static String wordOfAddress(String address) {
        return "0".repeat(24) + lower(address.substring(2));
    }

    /** A number as a 32-byte word (no 0x). */
    public static String wordOf(BigInteger value) {
        String digits = value.toString(16);
        if (value.signum() < 0 || digits.length() > 64) {
            throw new IllegalArgumentException("does not fit a uint256: " + value);
        }
        return "0".repeat(64 - digits.length()) + digits;
    }
}
