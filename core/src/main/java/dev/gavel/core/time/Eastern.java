package dev.gavel.core.time;

import java.time.ZoneId;

/** US Eastern time as a zone, never an offset: days may have 23 or 25 hours. */
public final class Eastern {
    public static final ZoneId ZONE = ZoneId.of("America/New_York");

    private Eastern() {}
}
