package dev.gavel.server.auth;

import dev.gavel.core.Role;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import io.javalin.websocket.WsContext;
import java.util.Optional;
import java.util.Set;

/**
 * Checks each matched route's declared {@link Access} against the caller's credentials: a Bearer login
 * token or an {@code X-API-Key}. No credentials or bad ones give 401; good ones without the role, 403.
 * WebSockets, which a browser opens without headers of its own, may also carry the token or key as {@code
 * ?access_token=} ({@link #socketCaller}). Thread-safe.
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
        return credentials(null, ctx.header("Authorization"), ctx.header("X-API-Key"))
                .orElseThrow(
                        () -> ApiError.unauthorized("log in (Authorization: Bearer <token>) or send an X-API-Key"));
    }

    /** Who opened a WebSocket: nobody in particular, a user, or someone whose credentials are refused. */
    public sealed interface SocketCaller {
        /** No credentials: the socket gets what anyone may see. */
        record Anonymous() implements SocketCaller {}

        record Known(Principal principal) implements SocketCaller {}

        /** Credentials that do not check out, and why, short enough for a close frame. */
        record Refused(String reason) implements SocketCaller {}
    }

    /**
     * The caller of a WebSocket upgrade, from {@code ?access_token=} (a login token, or an API key, which starts
     * with {@code gvl_}) — what a browser can send — else the {@code Authorization: Bearer} or {@code X-API-Key}
     * header, as on HTTP. A known caller needs the VIEWER role.
     */
    public SocketCaller socketCaller(WsContext ctx) {
        return socketCaller(ctx.queryParam("access_token"), ctx.header("Authorization"), ctx.header("X-API-Key"));
    }

    SocketCaller socketCaller(String accessToken, String authorization, String apiKey) {
        Optional<Principal> principal;
        try {
            principal = credentials(accessToken, authorization, apiKey);
        } catch (ApiError e) {
            return new SocketCaller.Refused(e.getMessage());
        }
        if (principal.isEmpty()) {
            return new SocketCaller.Anonymous();
        }
        if (!principal.get().has(Role.VIEWER)) {
            return new SocketCaller.Refused(
                    "this needs the VIEWER role; you have " + principal.get().roles());
        }
        return new SocketCaller.Known(principal.get());
    }

    /**
     * The caller the first credentials given name, in the order of the parameters; empty when none are given.
     * Throws 401 for credentials that do not check out.
     */
    private Optional<Principal> credentials(String accessToken, String authorization, String apiKey) {
        if (present(accessToken)) {
            String token = accessToken.strip();
            return Optional.of(token.startsWith(ApiKeys.PREFIX) ? apiKey(token) : loginToken(token));
        }
        if (present(authorization)) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw ApiError.unauthorized("the Authorization header must be 'Bearer <token>'");
            }
            return Optional.of(loginToken(authorization.substring(7).strip()));
        }
        if (present(apiKey)) {
            return Optional.of(apiKey(apiKey.strip()));
        }
        return Optional.empty();
    }

    private Principal loginToken(String token) {
        return tokens.verify(token)
                .orElseThrow(() -> ApiError.unauthorized("the login token is invalid or has expired; log in again"));
    }

    private Principal apiKey(String key) {
        return apiKeys.authenticate(key).orElseThrow(() -> ApiError.unauthorized("the API key is not valid"));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
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
