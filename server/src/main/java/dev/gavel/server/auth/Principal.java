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
 * @param apiKeyId the API key the caller sent, when it was one: what a revocation ends
 */
public record Principal(
        UUID userId, String email, Set<Role> roles, Via via, Optional<Instant> expiresAt, Optional<UUID> apiKeyId) {
    public Principal {
        roles = Set.copyOf(roles);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        if (apiKeyId.isPresent() != (via == Via.API_KEY)) {
            throw new IllegalArgumentException("an API key id comes with an API key, and only with one");
        }
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
