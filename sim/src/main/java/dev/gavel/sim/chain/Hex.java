package dev.gavel.sim.chain;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.web3j.crypto.Hash;

/**
 * Ethereum's hex encodings as nodes write them: quantities without leading zeros ({@code "0x0"}), byte
 * strings as even-length lowercase hex, addresses lowercase, 32-byte words zero-padded.
 */
final class Hex {
    static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
    static final String ZERO_HASH = "0x" + "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
    private static final Pattern QUANTITY = Pattern.compile("0x[0-9a-fA-F]{1,64}");
    private static final BigInteger WORD_LIMIT = BigInteger.ONE.shiftLeft(256);

    private Hex() {}

    static String quantity(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a quantity is never negative: " + value);
        }
        return "0x" + Long.toHexString(value);
    }

    static String quantity(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("a quantity is never negative: " + value);
        }
        return "0x" + value.toString(16);
    }

    static String data(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    /** The bytes of {@code 0x}-prefixed, even-length hex; IllegalArgumentException otherwise. */
    static byte[] bytes(String hex) {
        if (hex == null || !hex.startsWith("0x") || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("not 0x-prefixed hex of whole bytes: " + hex);
        }
        return HEX.parseHex(hex, 2, hex.length());
    }

    /** A {@code 0x}-prefixed hex quantity (leading zeros tolerated); IllegalArgumentException otherwise. */
    static BigInteger parseQuantity(String hex) {
        if (hex == null || !QUANTITY.matcher(hex).matches()) {
            throw new IllegalArgumentException("not a 0x-prefixed hex quantity of at most 256 bits: " + hex);
        }
        return new BigInteger(hex.substring(2), 16);
    }

    static boolean isAddress(String text) {
        return text != null && ADDRESS.matcher(text).matches();
    }

    static boolean isHash(String text) {
        return text != null && HASH.matcher(text).matches();
    }

    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    static String keccak(byte[] bytes) {
        return data(Hash.sha3(bytes));
    }

    static boolean fitsWord(BigInteger value) {
        return value.signum() >= 0 && value.compareTo(WORD_LIMIT) < 0;
    }

    /** {@code value} as a 32-byte big-endian word. */
    static byte[] word(BigInteger value) {
        if (!fitsWord(value)) {
            throw new IllegalArgumentException("does not fit 256 bits: " + value);
        }
        byte[] word = new byte[32];
        byte[] magnitude = value.toByteArray();
        int skip = magnitude.length > 32 ? magnitude.length - 32 : 0;
        System.arraycopy(magnitude, skip, word, 32 - (magnitude.length - skip), magnitude.length - skip);
        return word;
    }

    /** An address as a 32-byte word (left-padded), as in ABI arguments and log topics. */
    static byte[] word(String address) {
        byte[] word = new byte[32];
        System.arraycopy(bytes(address), 0, word, 12, 20);
        return word;
    }

    static String wordHex(BigInteger value) {
        return data(word(value));
    }

    static String wordHex(String address) {
        return data(word(address));
    }
}
