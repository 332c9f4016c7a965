package dev.gavel.server.http;

import io.javalin.http.Context;
import java.util.UUID;

/** Ids in a route's path: a value that is not an id names nothing there, so it is a 404, as an unknown id is. */
public final class PathIds {
    private PathIds() {}

    /**
     * Path parameter {@code name} as a UUID; anything else is 404 with {@code notFound} and the value ("no auction
     * 42").
     */
    public static UUID uuid(Context ctx, String name, String notFound) {
        String raw = ctx.pathParam(name);
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiError.notFound(notFound + " " + raw);
        }
    }
}
