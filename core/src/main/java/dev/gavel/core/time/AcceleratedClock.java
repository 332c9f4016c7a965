package dev.gavel.core.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * Rehearsal time: starts at the base clock's now and runs {@code speed} times faster, so a two-hour auction
 * window passes in two minutes at 60×. Demo and rehearsal only. Thread-safe (immutable).
 */
public final class AcceleratedClock extends Clock {
    private final Clock base;
    private final Instant origin;
    private final double speed;

    private AcceleratedClock(Clock base, Instant origin, double speed) {
        this.base = base;
        this.origin = origin;
        this.speed = speed;
    }

    public static Clock of(Clock base, double speed) {
        if (speed == 1.0) {
            return base;
        }
        if (!(speed > 0)) {
            throw new IllegalArgumentException("clock speed must be above 0, not " + speed);
        }
        return new AcceleratedClock(base, base.instant(), speed);
    }

    @Override
    public Instant instant() {
        long realNanos = Duration.between(origin, base.instant()).toNanos();
        return origin.plusNanos((long) (realNanos * speed));
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new AcceleratedClock(base.withZone(zone), origin, speed);
    }

    public double speed() {
        return speed;
    }
}
