package dev.gavel.chain;

import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * RFC 3339 {@code date-time}, the timestamps of a SIWE message: {@code 2021-09-30T16:25:24Z},
 * {@code 2021-09-30T16:25:24.578Z}, {@code 2021-09-30T18:25:24+02:00}. Read by position, not by a lenient ISO
 * parser, so {@code 2021-09-30T16:25Z} (no seconds) and a leap second are refused. Written canonically: seconds
 * always, a fraction in groups of three digits only when not zero, {@code Z} for UTC.
 */
final class Rfc3339 {
    private static final int MAX_FRACTION_DIGITS = 9;

    private Rfc3339() {}

    /** Either a parsed timestamp or why the text is not one. */
    record Reading(Optional<OffsetDateTime> value, String problem) {}

    static Reading read(String text) {
        // YYYY-MM-DDTHH:MM:SS is 19 characters, then an optional fraction and the offset
        if (text.length() < 19 || !shape(text)) {
            return invalid(text, "");
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        int pos = 19;
        int nanos = 0;
        if (pos < text.length() && text.charAt(pos) == '.') {
            int start = ++pos;
            while (pos < text.length() && SiweSyntax.isDigit(text.charAt(pos))) {
                pos++;
            }
            int digits = pos - start;
            if (digits == 0) {
                return invalid(text, ": a '.' must be followed by digits");
            }
            if (digits > MAX_FRACTION_DIGITS) {
                return invalid(text, ": more than 9 digits of a second");
            }
            nanos = number(text, start, digits);
            for (int i = digits; i < MAX_FRACTION_DIGITS; i++) {
                nanos *= 10;
            }
        }
        if (pos >= text.length()) {
            return invalid(text, ": it has no offset (Z or +hh:mm)");
        }
        ZoneOffset offset;
        char sign = text.charAt(pos);
        if ((sign == 'Z' || sign == 'z') && pos + 1 == text.length()) {
            offset = ZoneOffset.UTC;
        } else if ((sign == '+' || sign == '-')
                && pos + 6 == text.length()
                && digits(text, pos + 1, 2)
                && text.charAt(pos + 3) == ':'
                && digits(text, pos + 4, 2)) {
            int offsetHours = number(text, pos + 1, 2);
            int offsetMinutes = number(text, pos + 4, 2);
            if (offsetHours > 23 || offsetMinutes > 59) {
                return invalid(text, ": the offset is out of range");
            }
            int seconds = (offsetHours * 60 + offsetMinutes) * 60;
            offset = ZoneOffset.ofTotalSeconds(sign == '-' ? -seconds : seconds);
        } else {
            return invalid(text, ": it must end with an offset (Z or +hh:mm)");
        }
        if (month < 1 || month > 12 || day < 1 || !YearMonth.of(year, month).isValidDay(day)) {
            return invalid(text, ": there is no such date");
        }
        if (hour > 23 || minute > 59) {
            return invalid(text, ": there is no such time");
        }
        if (second > 59) {
            return invalid(text, ": leap seconds are not supported");
        }
        return new Reading(Optional.of(OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset)), "");
    }

    /** Why {@code time} cannot be written as RFC 3339, if it cannot: a year outside 0–9999 or a sub-minute offset. */
    static Optional<String> problem(OffsetDateTime time) {
        if (time.getYear() < 0 || time.getYear() > 9999) {
            return Optional.of("has a year outside 0000–9999");
        }
        if (time.getOffset().getTotalSeconds() % 60 != 0) {
            return Optional.of("has an offset with seconds");
        }
        return Optional.empty();
    }

    static String format(OffsetDateTime time) {
        var out = new StringBuilder(35);
        pad(out, time.getYear(), 4).append('-');
        pad(out, time.getMonthValue(), 2).append('-');
        pad(out, time.getDayOfMonth(), 2).append('T');
        pad(out, time.getHour(), 2).append(':');
        pad(out, time.getMinute(), 2).append(':');
        pad(out, time.getSecond(), 2);
        int nanos = time.getNano();
        if (nanos != 0) {
            out.append('.');
            if (nanos % 1_000_000 == 0) {
                pad(out, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                pad(out, nanos / 1_000, 6);
            } else {
                pad(out, nanos, 9);
            }
        }
        int offsetMinutes = time.getOffset().getTotalSeconds() / 60;
        if (offsetMinutes == 0) {
            return out.append('Z').toString();
        }
        out.append(offsetMinutes < 0 ? '-' : '+');
        pad(out, Math.abs(offsetMinutes) / 60, 2).append(':');
        return pad(out, Math.abs(offsetMinutes) % 60, 2).toString();
    }

    private static boolean shape(String text) {
        return digits(text, 0, 4)
                && text.charAt(4) == '-'
                && digits(text, 5, 2)
                && text.charAt(7) == '-'
                && digits(text, 8, 2)
                && (text.charAt(10) == 'T' || text.charAt(10) == 't')
                && digits(text, 11, 2)
                && text.charAt(13) == ':'
                && digits(text, 14, 2)
                && text.charAt(16) == ':'
                && digits(text, 17, 2);
    }

    private static boolean digits(String text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!SiweSyntax.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        var digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }

    private static Reading invalid(String text, String why) {
        return new Reading(
                Optional.empty(),
                SiweSyntax.excerpt(text) + " is not an RFC 3339 date-time such as 2021-09-30T16:25:24Z" + why);
    }
}
