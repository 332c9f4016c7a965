package dev.gavel.auction;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * A bid accepted within the last {@code window} moves the end to its event time plus {@code extension},
 * at most {@code maxExtensions} times when a cap is set.
 */
public record AntiSnipe(Duration window, Duration extension, OptionalInt maxExtensions) {
    public AntiSnipe {
        if (window.isNegative() || extension.isNegative()) {
            throw new IllegalArgumentException("anti-snipe durations cannot be negative");
        }
        maxExtensions.ifPresent(max -> {
            if (max < 0) {
                throw new IllegalArgumentException("maxExtensions cannot be negative");
            }
        });
    }

    /** The defaults of AUCTIONS.md: 5 minutes window, 5 minutes extension, no cap. */
    public static AntiSnipe defaults() {
        return new AntiSnipe(Duration.ofMinutes(5), Duration.ofMinutes(5), OptionalInt.empty());
    }

    public static AntiSnipe off() {
        return new AntiSnipe(Duration.ZERO, Duration.ZERO, OptionalInt.of(0));
    }

    boolean mayExtend(int extensionsSoFar) {
        return maxExtensions.isEmpty() || extensionsSoFar < maxExtensions.getAsInt();
    }
}
