package dev.gavel.server.auth;

import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;

/**
 * Checks each matched route's declared {@link Access} against the caller's credentials: a Bearer login
 * token or an {@code X-API-Key}. No credentials or bad ones give 401; good ones without the role, 403.
 * Thread-safe.
 */
public final class Authenticator {
    private static final String ATTRIBUTE = "gavel.principal";

    private final Tokens tokens;
    private final ApiKeys apiKeys;

    public Authenticator(Tokens tokens, ApiKeys apiKeys) {
        this.tokens = tokens;
        this.apiKeys = apiKeys;
    }

    /** Runs before every matched route. */
    public void check(Context ctx) {
        Access access = declared(ctx.routeRoles());
        if (access == Access.ANYONE) {
            return;
        }
        Principal principal = authenticate(ctx);
        var required = access.requiredRole().orElseThrow();
        if (!principal.has(required)) {
            throw ApiError.forbidden("this needs the " + required + " role; you have " + principal.roles());
        }
        ctx.attribute(ATTRIBUTE, principal);
    }

    /** The authenticated caller of a route that declared a role. */
    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(ATTRIBUTE);
        if (p == null) {
            throw new IllegalStateException("principal() on a route open to anyone");
        }
        return p;
    }

    private Principal authenticate(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw ApiError.unauthorized("the Authorization header must be 'Bearer <token>'");
            }
            return tokens.verify(authorization.substring(7).strip())
                    .orElseThrow(
                            () -> ApiError.unauthorized("the login token is invalid or has expired; log in again"));
        }
        String key = ctx.header("X-API-Key");
        if (key != null && !key.isBlank()) {
            return apiKeys.authenticate(key.strip())
                    .orElseThrow(() -> ApiError.unauthorized("the API key is not valid"));
        }
        throw ApiError.unauthorized("log in (Authorization: Bearer <token>) or send an X-API-Key");
    }

    /** The access a route declared; a route that declared none is closed to everyone but owners. */
    static Access declared(Set<RouteRole> roles) {
        Optional<Access> access = roles.stream()
                .filter(Access.class::isInstance)
                .map(Access.class::cast)
                .findFirst();
        return access.orElse(Access.OWNER);
    }
}
