package dev.gavel.server.auth;

import dev.gavel.core.Role;
import java.util.Set;
import java.util.UUID;

/** The caller of a request, once its credentials check out. */
public record Principal(UUID userId, String email, Set<Role> roles, Via via) {
    public Principal {
        roles = Set.copyOf(roles);
    }

    /** How the caller proved who they are. */
    public enum Via {
        TOKEN,
        API_KEY
    }

    public boolean has(Role required) {
        return Role.anyGrants(roles, required);
    }
}
