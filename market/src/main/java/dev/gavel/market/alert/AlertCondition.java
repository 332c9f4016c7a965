package dev.gavel.market.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.market.listing.Currency;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * When an alert fires, as API.md writes it: {@code {"below":"12.50"}} (the price is at or below the amount),
 * {@code {"above":"40"}} (at or above), {@code {"changePercent":"-20","window":"24h"}} (the price changed by at
 * least that much over the window: a negative percent is a drop of at least that much, a positive one a rise).
 * Amounts are dollars on the wire and cents here ({@link #CURRENCY}).
 */
public sealed interface AlertCondition {
    /** The currency of alert amounts: card prices are tracked in dollars. */
    Currency CURRENCY = Currency.USD;

    Duration MIN_WINDOW = Duration.ofHours(1);
    Duration MAX_WINDOW = Duration.ofDays(365);
    /** A change of more than this many percent is not a price movement anyone waits for. */
    BigDecimal MAX_PERCENT = BigDecimal.valueOf(10_000);

    /** The price is at or below {@code amount} (cents). */
    record Below(long amount) implements AlertCondition {
        public Below {
            if (amount <= 0) {
                throw new IllegalArgumentException("a threshold must be above 0: " + amount);
            }
        }
    }

    /** The price is at or above {@code amount} (cents). */
    record Above(long amount) implements AlertCondition {
        public Above {
            if (amount <= 0) {
                throw new IllegalArgumentException("a threshold must be above 0: " + amount);
            }
        }
    }

    /**
     * The price moved by at least {@code percent} over {@code window}: -20 fires on a drop of 20 % or more, 15 on
     * a rise of 15 % or more.
     */
    record ChangePercent(BigDecimal percent, Duration window) implements AlertCondition {
        public ChangePercent {
            Objects.requireNonNull(percent, "percent");
            Objects.requireNonNull(window, "window");
            if (percent.signum() == 0
                    || percent.compareTo(BigDecimal.valueOf(-100)) <= 0
                    || percent.compareTo(MAX_PERCENT) > 0) {
                throw new IllegalArgumentException(
                        "a change must be above -100 % and at most 10000 %, not 0: " + percent);
            }
            if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
                throw new IllegalArgumentException("a window is from 1 hour to 365 days: " + window);
            }
        }

        public boolean isDrop() {
            return percent.signum() < 0;
        }
    }

    /** The condition the JSON form gives, or every problem with it (fields relative to the condition object). */
    static Parsed<AlertCondition> parse(JsonNode node) {
        return ConditionJson.parse(node);
    }

    /** The JSON form, as {@link #parse} reads it. */
    default ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        switch (this) {
            case Below b -> json.put("below", Amounts.format(b.amount(), CURRENCY));
            case Above a -> json.put("above", Amounts.format(a.amount(), CURRENCY));
            case ChangePercent c -> {
                json.put("changePercent", c.percent().stripTrailingZeros().toPlainString());
                json.put("window", DurationText.format(c.window()));
            }
        }
        return json;
    }
}
