package dev.gavel.core.money;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Strict parsing of a decimal ETH amount as people and the API write it: digits, optionally a point and 1
 * to 18 more digits. No sign, no exponent, no comma, no spaces: {@code "2,5"} is refused rather than
 * guessed, because a bid must mean exactly what it says.
 */
public final class EthAmount {
    private static final Pattern SHAPE = Pattern.compile("^(\\d{1,30})(?:\\.(\\d{1,18}))?$");

    private EthAmount() {}

    /** The amount in wei, or the reason the text is not an amount. */
    public static Parsed parse(String text) {
        if (text == null || text.isEmpty()) {
            return Parsed.bad("an amount is required, such as \"2.5\"");
        }
        if (text.contains(",")) {
            return Parsed.bad("use a point for decimals, not a comma: \"2.5\", not \"2,5\"");
        }
        if (text.startsWith("-")) {
            return Parsed.bad("an amount cannot be negative");
        }
        if (text.matches(".*[eE].*")) {
            return Parsed.bad("write the amount in full, without an exponent: \"0.0001\", not \"1e-4\"");
        }
        var m = SHAPE.matcher(text);
        if (!m.matches()) {
            int dot = text.indexOf('.');
            if (dot >= 0 && text.substring(dot + 1).matches("\\d{19,}")) {
                return Parsed.bad("at most 18 decimals (1 wei); \"" + text + "\" has " + (text.length() - dot - 1));
            }
            return Parsed.bad("\"" + text + "\" is not an amount of ETH; write it like \"2.5\"");
        }
        var wei = new BigDecimal(text).movePointRight(18).toBigIntegerExact();
        return Parsed.ok(Wei.of(wei));
    }

    /** As {@link #parse}, and the amount must be more than zero. */
    public static Parsed parsePositive(String text) {
        var parsed = parse(text);
        if (parsed.wei().filter(Wei::isZero).isPresent()) {
            return Parsed.bad("an amount must be more than 0");
        }
        return parsed;
    }

    /** An amount, or the reason there is none. */
    public record Parsed(Optional<Wei> wei, String problem) {
        static Parsed ok(Wei wei) {
            return new Parsed(Optional.of(wei), "");
        }

        static Parsed bad(String problem) {
            return new Parsed(Optional.empty(), problem);
        }

        public boolean isValid() {
            return wei.isPresent();
        }
    }
}
