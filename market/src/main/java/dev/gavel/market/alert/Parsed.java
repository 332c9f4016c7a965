package dev.gavel.market.alert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A value read from a request, or every problem found with it, by field ({@code "below"}, {@code
 * "channels[1].webhook"}), so a client fixes its request in one round trip. Exactly one of the two is there.
 */
public record Parsed<T>(Optional<T> value, Map<String, String> problems) {
    public Parsed {
        problems = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(problems));
        if (value.isPresent() == !problems.isEmpty()) {
            throw new IllegalArgumentException("a parse gives a value or problems, not both or neither");
        }
    }

    public static <T> Parsed<T> ok(T value) {
        return new Parsed<>(Optional.of(value), Map.of());
    }

    public static <T> Parsed<T> problem(String field, String reason) {
        return new Parsed<>(Optional.empty(), Map.of(field, reason));
    }

    public static <T> Parsed<T> problems(Map<String, String> problems) {
        return new Parsed<>(Optional.empty(), problems);
    }

    public boolean isValid() {
        return value.isPresent();
    }

    /** The value; for data Gavel wrote itself, where a problem means the stored data is broken. */
    public T orElseThrow() {
        return value.orElseThrow(() -> new IllegalArgumentException("not valid: " + problems));
    }

    /** The problems with every field name put under {@code prefix} ({@code "condition."}, {@code "channels[0]."}). */
    public Map<String, String> problemsUnder(String prefix) {
        var out = new LinkedHashMap<String, String>();
        problems.forEach((field, reason) -> out.put(field.isEmpty() ? stripDot(prefix) : prefix + field, reason));
        return out;
    }

    private static String stripDot(String prefix) {
        return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
