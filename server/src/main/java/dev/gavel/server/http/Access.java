package dev.gavel.server.http;

import dev.gavel.core.Role;
import io.javalin.security.RouteRole;
import java.util.Optional;

/**
 * Who may call a route, declared next to the route itself. {@link #ANYONE} needs no credentials; every
 * other value needs a login token or API key whose roles grant the matching {@link Role}.
 */
public enum Access implements RouteRole {
    ANYONE(null),
    VIEWER(Role.VIEWER),
    BIDDER(Role.BIDDER),
    OPERATOR(Role.OPERATOR),
    ADMIN(Role.ADMIN),
    OWNER(Role.OWNER);

    private final Role role;

    Access(Role role) {
        this.role = role;
    }

    /** The role a caller needs, empty for {@link #ANYONE}. */
    public Optional<Role> requiredRole() {
        return Optional.ofNullable(role);
    }
}
