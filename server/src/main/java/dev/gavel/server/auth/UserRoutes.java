package dev.gavel.server.auth;

import dev.gavel.core.Role;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.server.http.Bodies;
import dev.gavel.server.http.QueryParams;
import dev.gavel.server.http.Validation;
import dev.gavel.store.users.User;
import dev.gavel.store.users.UserCreation;
import dev.gavel.store.users.UserStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code /api/users}: admins list accounts and create them with roles they themselves hold. */
public final class UserRoutes {
    private final Accounts accounts;
    private final UserStore users;
    private final Bodies bodies;

    public UserRoutes(Accounts accounts, UserStore users, Bodies bodies) {
        this.accounts = accounts;
        this.users = users;
        this.bodies = bodies;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/users", this::list, Access.ADMIN);
        routes.post("/api/users", this::create, Access.ADMIN);
    }

    record NewAccount(String email, String password, List<String> roles) {}

    record Account(UUID id, String email, Set<Role> roles, Instant createdAt, boolean disabled) {
        static Account of(User u) {
            return new Account(u.id(), u.email(), u.roles(), u.createdAt(), u.isDisabled());
        }
    }

    record Page(List<Account> items, int limit, int offset) {}

    private void list(Context ctx) {
        int limit = QueryParams.intParam(ctx, "limit", 50, 1, 200);
        int offset = QueryParams.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        ctx.json(new Page(users.list(limit, offset).stream().map(Account::of).toList(), limit, offset));
    }

    private void create(Context ctx) {
        var caller = Authenticator.principal(ctx);
        var body = bodies.read(ctx, NewAccount.class);
        var validation = new Validation().rejectAll(Accounts.problems(body.email(), body.password()));
        var roles = EnumSet.noneOf(Role.class);
        if (body.roles() == null || body.roles().isEmpty()) {
            validation.require(false, "roles", "must name at least one of " + List.of(Role.values()));
        } else {
            for (String name : body.roles()) {
                var role = name == null ? java.util.Optional.<Role>empty() : Role.find(name);
                validation.require(
                        role.isPresent(), "roles", "must be among " + List.of(Role.values()) + ", not '" + name + "'");
                role.ifPresent(roles::add);
            }
        }
        validation.orFail();
        for (Role role : roles) {
            if (!caller.has(role)) {
                throw ApiError.forbidden("you cannot grant " + role + ", a role you do not hold");
            }
        }
        switch (accounts.create(body.email(), body.password(), roles)) {
            case UserCreation.Created created -> ctx.status(201).json(Account.of(created.user()));
            case UserCreation.EmailTaken taken ->
                throw ApiError.conflict("email_taken", "an account with " + taken.email() + " already exists");
        }
    }
}
