package dev.gavel.server.auth;

import dev.gavel.core.Role;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.server.http.Bodies;
import dev.gavel.server.http.PathIds;
import dev.gavel.server.http.Validation;
import dev.gavel.store.users.StoredApiKey;
import dev.gavel.store.users.UserCreation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /api/auth/*}: register, log in, who am I, make, list and revoke your API keys. */
public final class AuthRoutes {
    private final Accounts accounts;
    private final Tokens tokens;
    private final ApiKeys apiKeys;
    private final Bodies bodies;

    public AuthRoutes(Accounts accounts, Tokens tokens, ApiKeys apiKeys, Bodies bodies) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.apiKeys = apiKeys;
        this.bodies = bodies;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/auth/register", this::registerUser, Access.ANYONE);
        routes.post("/api/auth/login", this::login, Access.ANYONE);
        routes.get("/api/auth/me", this::me, Access.VIEWER);
        routes.post("/api/auth/api-keys", this::createApiKey, Access.VIEWER);
        routes.get("/api/auth/api-keys", this::listApiKeys, Access.VIEWER);
        routes.delete("/api/auth/api-keys/{id}", this::revokeApiKey, Access.VIEWER);
    }

    record Credentials(String email, String password) {}

    record Registered(UUID userId) {}

    record LoggedIn(String token, Instant expiresAt, Set<Role> roles) {}

    record Me(UUID userId, String email, Set<Role> roles, Principal.Via via) {}

    record ApiKeyRequest(String name) {}

    record ApiKeyCreated(UUID id, String name, String key, String prefix) {}

    /** A key as listed: never the key, which was shown once. */
    record ApiKeyView(UUID id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
        static ApiKeyView of(StoredApiKey key) {
            return new ApiKeyView(
                    key.id(),
                    key.name(),
                    key.prefix(),
                    key.createdAt(),
                    key.lastUsedAt().orElse(null),
                    key.revokedAt().orElse(null));
        }
    }

    /** Self-service sign-up: a bidder account. Other roles come from an admin. */
    private void registerUser(Context ctx) {
        var body = bodies.read(ctx, Credentials.class);
        var validation = new Validation().rejectAll(Accounts.problems(body.email(), body.password()));
        validation.orFail();
        switch (accounts.create(body.email(), body.password(), Set.of(Role.BIDDER))) {
            case UserCreation.Created created ->
                ctx.status(201).json(new Registered(created.user().id()));
            case UserCreation.EmailTaken taken ->
                throw ApiError.conflict(
                        "email_taken", "an account with " + taken.email() + " already exists; log in instead");
        }
    }

    private void login(Context ctx) {
        var body = bodies.read(ctx, Credentials.class);
        new Validation()
                .requirePresent(body.email(), "email")
                .requirePresent(body.password(), "password")
                .orFail();
        var user = accounts.login(body.email(), body.password())
                .orElseThrow(() -> ApiError.unauthorized("wrong e-mail or password"));
        var issued = tokens.issue(user);
        ctx.json(new LoggedIn(issued.token(), issued.expiresAt(), issued.roles()));
    }

    private void me(Context ctx) {
        var p = Authenticator.principal(ctx);
        ctx.json(new Me(p.userId(), p.email(), p.roles(), p.via()));
    }

    private void createApiKey(Context ctx) {
        var body = bodies.read(ctx, ApiKeyRequest.class);
        String name = body.name() == null ? null : body.name().strip();
        new Validation()
                .requirePresent(name, "name")
                .require(
                        name == null || (!name.isEmpty() && name.length() <= 100),
                        "name",
                        "must be 1 to 100 characters")
                .orFail();
        var created = apiKeys.create(Authenticator.principal(ctx).userId(), name);
        ctx.status(201)
                .header("Cache-Control", "no-store")
                .json(new ApiKeyCreated(created.id(), created.name(), created.key(), created.prefix()));
    }

    /** The caller's keys, revoked ones too, newest first. {@code lastUsedAt} is to the minute. */
    private void listApiKeys(Context ctx) {
        var keys = apiKeys.of(Authenticator.principal(ctx).userId()).stream()
                .map(ApiKeyView::of)
                .toList();
        ctx.json(Map.of("items", keys));
    }

    /**
     * Revokes one of the caller's keys: requests with it get 401 from now on and the sockets it opened are closed
     * (on this node at once, on the others within seconds). Revoking a revoked key answers as the first time did;
     * someone else's key is not found, like one that does not exist.
     */
    private void revokeApiKey(Context ctx) {
        UUID id = PathIds.uuid(ctx, "id", "you have no API key");
        var revoked = apiKeys.revoke(Authenticator.principal(ctx).userId(), id)
                .orElseThrow(() -> ApiError.notFound("you have no API key " + id));
        ctx.json(ApiKeyView.of(revoked));
    }
}
