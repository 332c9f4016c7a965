package dev.gavel.auction;

import dev.gavel.core.money.Wei;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * How much a bid must beat the highest by: a percentage, an absolute amount, or both (the larger wins).
 */
public record MinIncrement(Optional<BigDecimal> percent, Optional<Wei> amount) {
    public MinIncrement {
        if (percent.isEmpty() && amount.isEmpty()) {
            throw new IllegalArgumentException("a minimum increment needs a percent, an amount, or both");
        }
        percent.ifPresent(p -> {
            if (p.signum() <= 0 || p.compareTo(BigDecimal.valueOf(1000)) > 0) {
                throw new IllegalArgumentException("a minimum increment percent must be above 0 and at most 1000");
            }
        });
        amount.ifPresent(a -> {
            if (a.isZero()) {
                throw new IllegalArgumentException("a minimum increment amount must be above 0");
            }
        });
    }

    /** The default of AUCTIONS.md: 5 %. */
    public static MinIncrement fivePercent() {
        return percent("5");
    }

    public static MinIncrement percent(String percent) {
        return new MinIncrement(Optional.of(new BigDecimal(percent)), Optional.empty());
    }

    public static MinIncrement amount(Wei amount) {
        return new MinIncrement(Optional.empty(), Optional.of(amount));
    }

    /** The least a next bid may be, given the highest so far. */
    public Wei next(Wei highest) {
        Wei byPercent = percent.map(highest::plusPercent).orElse(highest);
        Wei byAmount = amount.map(highest::plus).orElse(highest);
        return Wei.max(byPercent, byAmount);
    }
}
