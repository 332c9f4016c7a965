package dev.gavel.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects every problem with a request's fields, then fails once with all of them, so a client fixes
 * its request in one round trip.
 */
public final class Validation {
    private final Map<String, Object> problems = new LinkedHashMap<>();

    public Validation require(boolean ok, String field, String problem) {
        if (!ok && !problems.containsKey(field)) {
            problems.put(field, problem);
        }
        return this;
    }

    /** Adds problems already found elsewhere, by field. */
    public Validation rejectAll(Map<String, String> found) {
        found.forEach((field, problem) -> require(false, field, problem));
        return this;
    }

    public Validation requirePresent(Object value, String field) {
        return require(value != null, field, "is required");
    }

    /** Throws a 400 naming every field that failed, when any did. */
    public void orFail() {
        if (problems.isEmpty()) {
            return;
        }
        String summary = problems.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
        throw ApiError.badRequest("validation_failed", summary, Map.of("fields", problems));
    }
}
