package dev.gavel.testkit.evm;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.web3j.crypto.Hash;

/**
 * Just enough of the Solidity ABI to call the test contracts: selectors, event topics, 32-byte words and
 * call data for functions whose arguments are {@code address}, {@code uint256} and {@code bool}, and
 * reading an {@code address} or {@code uint256} back from a call's result. Hex strings that stand alone
 * (selectors, call data, topics) start with {@code 0x}; words, which are meant to be concatenated, do not.
 */
public final class Abi {
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final BigInteger WORD_LIMIT = BigInteger.ONE.shiftLeft(256);

    private Abi() {}

    /** The function selector: {@code 0x} and the first 4 bytes of keccak-256 of the signature. */
    public static String selector(String signature) {
        return Hash.sha3String(signature).substring(0, 10);
    }

    /** The first topic of an event's logs: {@code 0x} and keccak-256 of the signature. */
    public static String eventTopic(String signature) {
        return Hash.sha3String(signature);
    }

    /** A {@code uint256} as 64 hex digits, no {@code 0x}. */
    public static String word(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(WORD_LIMIT) >= 0) {
            throw new IllegalArgumentException("a uint256 is between 0 and 2^256 - 1, not " + value);
        }
        return pad(value.toString(16));
    }

    /** An address ({@code 0x} and 40 hex digits) as 64 hex digits, no {@code 0x}. */
    public static String word(String address) {
        if (!ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("an address is 0x and 40 hex digits, not " + address);
        }
        return pad(address.substring(2).toLowerCase(Locale.ROOT));
    }

    /**
     * Call data for a function: its selector, then one word per argument. The signature is the canonical
     * one ({@code transferFrom(address,address,uint256)}); an {@code address} argument is a String, a
     * {@code uint256} a BigInteger, Long or Integer, a {@code bool} a Boolean.
     */
    public static String encode(String signature, Object... args) {
        List<String> types = parameterTypes(signature);
        if (types.size() != args.length) {
            throw new IllegalArgumentException(signature + " takes " + types.size() + " arguments, not " + args.length
                    + ": " + Arrays.toString(args));
        }
        var data = new StringBuilder(selector(signature));
        for (int i = 0; i < args.length; i++) {
            data.append(encodeArgument(signature, types.get(i), args[i]));
        }
        return data.toString();
    }

    /** The address held by the first word of a call result or a topic ({@code 0x} and 40 lower-case digits). */
    public static String asAddress(String hex) {
        String word = firstWord(hex);
        return "0x" + word.substring(24);
    }

    /** The {@code uint256} held by the first word of a call result or a topic. */
    public static BigInteger asUint(String hex) {
        return new BigInteger(firstWord(hex), 16);
    }

    private static String encodeArgument(String signature, String type, Object arg) {
        return switch (type) {
            case "address" -> {
                if (!(arg instanceof String address)) {
                    throw badArgument(signature, type, arg);
                }
                yield word(address);
            }
            case "uint256" ->
                switch (arg) {
                    case BigInteger b -> word(b);
                    case Long l -> word(BigInteger.valueOf(l));
                    case Integer i -> word(BigInteger.valueOf(i));
                    case null, default -> throw badArgument(signature, type, arg);
                };
            case "bool" -> {
                if (!(arg instanceof Boolean b)) {
                    throw badArgument(signature, type, arg);
                }
                yield word(b ? BigInteger.ONE : BigInteger.ZERO);
            }
            default ->
                throw new IllegalArgumentException(
                        "Abi encodes address, uint256 and bool arguments only, not " + type + " in " + signature);
        };
    }

    private static List<String> parameterTypes(String signature) {
        int open = signature.indexOf('(');
        if (open <= 0 || !signature.endsWith(")") || signature.contains(" ")) {
            throw new IllegalArgumentException(
                    "a signature looks like name(type,type) with no spaces, not \"" + signature + "\"");
        }
        String inner = signature.substring(open + 1, signature.length() - 1);
        return inner.isEmpty() ? List.of() : List.of(inner.split(",", -1));
    }

    private static IllegalArgumentException badArgument(String signature, String type, Object arg) {
        String actual = arg == null ? "null" : arg.getClass().getSimpleName() + " " + arg;
        return new IllegalArgumentException("argument for " + type + " in " + signature + " cannot be " + actual);
    }

    private static String firstWord(String hex) {
        String digits = hex.startsWith("0x") ? hex.substring(2) : hex;
        if (digits.length() < 64) {
            throw new IllegalArgumentException("expected at least one 32-byte word, got \"" + hex + "\"");
        }
        return digits.substring(0, 64).toLowerCase(Locale.ROOT);
    }

    private static String pad(String hex) {
        return "0".repeat(64 - hex.length()) + hex;
    }
}
