package dev.gavel.sources.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A dollar or euro amount as a vendor writes it (a JSON number such as {@code 12.3}, or a string such as
 * {@code "12.30"}) read as whole cents through {@link BigDecimal}, never through a {@code double}. Immutable.
 */
public final class Amounts {
    /** Ten million in the currency: more than any card or listing costs, and far from a {@code long}'s end. */
    public static final long MAX = 1_000_000_000L;

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
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new Amount.Absent();
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

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
