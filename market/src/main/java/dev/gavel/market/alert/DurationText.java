package dev.gavel.market.alert;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Spans of time as alerts write them: a whole number and a unit, {@code m} (minutes), {@code h} or {@code d}:
 * {@code "30m"}, {@code "24h"}, {@code "7d"}. Formatting gives the canonical text back: whole days from two
 * days up ({@code "7d"}), else whole hours ({@code "24h"}, as API.md writes the day window), else minutes.
 */
public final class DurationText {
    private static final Pattern SHAPE = Pattern.compile("^(\\d{1,6})([mhd])$");

    private DurationText() {}

    /** The span, or empty when the text is not a number and a unit. */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        var m = SHAPE.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(
                switch (m.group(2)) {
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
    }

    public static String format(Duration span) {
        long minutes = span.toMinutes();
        if (minutes % (24 * 60) == 0 && minutes >= 2 * 24 * 60) {
            return minutes / (24 * 60) + "d";
        }
        if (minutes % 60 == 0 && minutes > 0) {
            return minutes / 60 + "h";
        }
        return minutes + "m";
    }
}
