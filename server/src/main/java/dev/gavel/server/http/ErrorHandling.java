package dev.gavel.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into API.md's error format. Expected failures ({@link ApiError}) carry their own
 * status; anything else is a 500 that tells the caller the request id and logs the cause, never a stack
 * trace in the response.
 */
public final class ErrorHandling {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandling.class);

    private ErrorHandling() {}

    public static void install(RoutesConfig routes) {
        routes.exception(ApiError.class, (e, ctx) -> respond(ctx, e));
        routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, fromJavalin(e, ctx)));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            respond(
                    ctx,
                    new ApiError(
                            500,
                            "internal_error",
                            "something went wrong on our side; quote request id " + RequestIds.of(ctx)
                                    + " when you report it"));
        });
    }

    static void respond(Context ctx, ApiError error) {
        if (error.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"gavel\"");
        }
        ctx.status(error.status()).json(error.body());
    }

    private static ApiError fromJavalin(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 404 -> ApiError.notFound("no such resource: " + ctx.method() + " " + ctx.path());
            case 405 -> new ApiError(405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path());
            case 413 -> ApiError.badRequest("body_too_large", "the request body is too large", Map.of());
            case 400 -> ApiError.badRequest("bad_request", e.getMessage(), Map.of());
            default -> new ApiError(e.getStatus(), "http_" + e.getStatus(), e.getMessage());
        };
    }
}
