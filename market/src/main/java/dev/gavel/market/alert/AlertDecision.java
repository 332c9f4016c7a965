package dev.gavel.market.alert;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/** What {@link AlertRule} decided for one alert and one snapshot. */
public sealed interface AlertDecision {
    /**
     * The alert fires.
     *
     * @param reason a sentence for the collector, such as "market price 11.50 USD is at or below 12.50 USD"
     * @param price the latest price, in the smallest unit
     * @param changePercent the change over the window, for a change alert
     */
    record Fire(String reason, long price, Optional<BigDecimal> changePercent) implements AlertDecision {
        public Fire {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(changePercent, "changePercent");
        }
    }

    /** The alert does not fire now, and why. */
    record Hold(String why) implements AlertDecision {
        public Hold {
            Objects.requireNonNull(why, "why");
        }
    }
}
