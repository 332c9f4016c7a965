package dev.gavel.server.auth;

import dev.gavel.core.Role;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The caller of a request, once its credentials check out.
 *
 * @param expiresAt when the credentials stop being accepted: a login token's expiry; empty for an API key, which
 *     lasts until it is revoked
 */
public record Principal(UUID userId, String email, Set<Role> roles, Via via, Optional<Instant> expiresAt) {
    public Principal {
        roles = Set.copyOf(roles);
        Objects.requireNonNull(expiresAt, "expiresAt");
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
