package dev.gavel.sources.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * A dollar or euro amount as a vendor writes it (a JSON number such as {@code 12.3}, or a string such as
 * {@code "12.30"}) read as whole cents through {@link BigDecimal}, never through a {@code double}. Immutable.
 * Read JSON with {@code DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS} so numbers keep their digits.
 */
public final class Amounts {
    /** Ten million in the currency: more than any card or listing costs, and far from a {@code long}'s end. */
    public static final long MAX = 1_000_000_000L;

    private static final Pattern DOLLARS = Pattern.compile("\\d{1,15}(\\.\\d{1,12})?");
    private static final Amount ABSENT = new Amount.Absent();

    private Amounts() {}

    /** What reading one amount came to. */
    public sealed interface Amount {
        /** The amount, in cents. */
        record Of(long cents) implements Amount {}

        /** The field is missing or null: no price, which is not an error. */
        record Absent() implements Amount {}

        /** The field holds something that is not an amount; {@code why} says what. */
        record Refused(String why) implements Amount {}
    }

    /**
     * Reads {@code node}. With {@code exact}, an amount with more than two decimals is refused (eBay's strings
     * are exact); without, it is rounded half up to the cent (pokemontcg.io's JSON numbers). Negative and
     * implausibly large amounts are refused.
     */
    public static Amount read(JsonNode node, boolean exact) {
        if (absent(node)) {
            return ABSENT;
        }
        BigDecimal value;
        try {
            if (node.isNumber()) {
                value = node.decimalValue();
            } else if (node.isTextual() && node.asText().strip().matches("-?\\d{1,15}(\\.\\d{1,30})?")) {
                value = new BigDecimal(node.asText().strip());
            } else {
                return new Amount.Refused("is not an amount: " + abbreviate(node.toString()));
            }
        } catch (NumberFormatException e) {
            return new Amount.Refused("is not an amount: " + abbreviate(node.toString()));
        }
        if (value.signum() < 0) {
            return new Amount.Refused("is negative: " + abbreviate(value.toString()));
        }
        // compare before scaling: 1e999999999 is a short text but no long holds it
        if (value.compareTo(BigDecimal.valueOf(MAX, 2)) > 0) {
            return new Amount.Refused("is implausibly large: " + abbreviate(value.toString()));
        }
        BigDecimal cents = value.movePointRight(2);
        if (cents.stripTrailingZeros().scale() > 0) {
            if (exact) {
                return new Amount.Refused("has more than 2 decimals: "
                        + abbreviate(value.scale() > 40 ? value.toString() : value.toPlainString()));
            }
            cents = cents.setScale(0, RoundingMode.HALF_UP);
        }
        return new Amount.Of(cents.longValue());
    }

    /**
     * Reads {@code node} as TCGplayer and OPTCG write prices: a number, or a string that may start with
     * {@code $}. An empty string is no price, like null and absent; anything else that is not a non-negative
     * amount of whole cents is refused with the reason.
     */
    public static Amount dollars(JsonNode node) {
        if (absent(node)) {
            return ABSENT;
        }
        if (node.isNumber()) {
            return wholeCents(node.decimalValue(), node.asText());
        }
        if (node.isTextual()) {
            String text = node.textValue().strip();
            if (text.isEmpty()) {
                return ABSENT;
            }
            String plain = text.startsWith("$") ? text.substring(1) : text;
            if (!DOLLARS.matcher(plain).matches()) {
                return new Amount.Refused("is not a dollar amount: '" + abbreviate(text) + "'");
            }
            return wholeCents(new BigDecimal(plain), text);
        }
        return new Amount.Refused("is not a number or a string but " + node.getNodeType());
    }

    private static Amount wholeCents(BigDecimal dollars, String shown) {
        if (dollars.signum() < 0) {
            return new Amount.Refused("is negative: " + abbreviate(shown));
        }
        try {
            BigDecimal cents = dollars.movePointRight(2).stripTrailingZeros();
            if (cents.scale() > 0) {
                return new Amount.Refused("is not a whole number of cents: " + abbreviate(shown));
            }
            return new Amount.Of(cents.longValueExact());
        } catch (ArithmeticException e) {
            return new Amount.Refused("is too large: " + abbreviate(shown));
        }
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
