package dev.gavel.server.http;

import io.javalin.http.Context;
import java.util.Map;

/** Query parameters read strictly: a bad value is a 400 that names the parameter and the range. */
public final class QueryParams {
    private QueryParams() {}

    public static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.strip());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiError.badRequest(
                "invalid_parameter",
                "query parameter '" + name + "' must be a whole number from " + min + " to " + max + ", not '" + raw
                        + "'",
                Map.of("parameter", name));
    }
}
