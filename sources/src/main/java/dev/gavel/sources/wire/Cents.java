package dev.gavel.sources.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * A dollar amount as sources send it (a JSON number such as {@code 12.34}, or a string {@code "12.34"})
 * read exactly into cents: through {@link BigDecimal}, never a {@code double}. Null, absent and empty mean
 * no price; anything else that is not a non-negative amount of whole cents is refused with the reason. Read
 * JSON with {@code DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS} so numbers keep their digits.
 */
public final class Cents {
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,15}(\\.\\d{1,12})?");

    /** What a price field held. */
    public sealed interface Reading {
        /** No price (null, absent, empty). */
        record None() implements Reading {}

        /** An amount in cents. */
        record Amount(long cents) implements Reading {}

        /** Not a price, and why. */
        record Invalid(String reason) implements Reading {}
    }

    private static final Reading NONE = new Reading.None();

    private Cents() {}

    /** Reads {@code field} (possibly null or missing). */
    public static Reading read(JsonNode field) {
        if (field == null || field.isMissingNode() || field.isNull()) {
            return NONE;
        }
        if (field.isNumber()) {
            return cents(field.decimalValue(), field.asText());
        }
        if (field.isTextual()) {
            String text = field.textValue().strip();
            if (text.isEmpty()) {
                return NONE;
            }
            String plain = text.startsWith("$") ? text.substring(1) : text;
            if (!DECIMAL.matcher(plain).matches()) {
                return new Reading.Invalid("is not a dollar amount: '" + shorten(text) + "'");
            }
            return cents(new BigDecimal(plain), text);
        }
        return new Reading.Invalid("is not a number or a string but " + field.getNodeType());
    }

    private static Reading cents(BigDecimal dollars, String shown) {
        if (dollars.signum() < 0) {
            return new Reading.Invalid("is negative: " + shorten(shown));
        }
        try {
            BigDecimal cents = dollars.movePointRight(2).stripTrailingZeros();
            if (cents.scale() > 0) {
                return new Reading.Invalid("is not a whole number of cents: " + shorten(shown));
            }
            return new Reading.Amount(cents.longValueExact());
        } catch (ArithmeticException e) {
            return new Reading.Invalid("is too large: " + shorten(shown));
        }
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
