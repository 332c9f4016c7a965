package dev.gavel.market.alert;

import dev.gavel.market.listing.Currency;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Money as the API writes it, a decimal string in the currency's display unit ({@code "12.50"} dollars), and as
 * Gavel counts it, a whole number of the smallest unit (1250 cents). Strict: no sign, exponent, comma or more
 * decimals than the currency has, because an alert must mean exactly what it says.
 */
public final class Amounts {
    private static final Pattern SHAPE = Pattern.compile("^\\d{1,10}(\\.\\d+)?$");

    private Amounts() {}

    /** The amount in the smallest unit, or the reason the text is not one; {@code field} names it in the problem. */
    public static Parsed<Long> parse(String field, String text, Currency currency) {
        String example = currency.scale() == 0 ? "\"12000\"" : "\"12.50\"";
        if (text == null || text.isBlank()) {
            return Parsed.problem(field, "is required, as a decimal string such as " + example);
        }
        if (text.contains(",")) {
            return Parsed.problem(field, "use a point for decimals, not a comma, such as " + example);
        }
        if (text.startsWith("-")) {
            return Parsed.problem(field, "cannot be negative");
        }
        if (!SHAPE.matcher(text).matches()) {
            return Parsed.problem(
                    field, "must be a decimal string such as " + example + ", not \"" + clip(text) + "\"");
        }
        var value = new BigDecimal(text);
        if (value.scale() > currency.scale()) {
            return Parsed.problem(
                    field, "has more decimals than " + currency + " has (" + currency.scale() + "): \"" + text + "\"");
        }
        long minor = value.movePointRight(currency.scale()).longValueExact();
        if (minor <= 0) {
            return Parsed.problem(field, "must be more than 0");
        }
        return Parsed.ok(minor);
    }

    /** The display text of an amount of the smallest unit: 1250 cents → "12.50". */
    public static String format(long minor, Currency currency) {
        return BigDecimal.valueOf(minor, currency.scale()).toPlainString();
    }

    static String clip(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
