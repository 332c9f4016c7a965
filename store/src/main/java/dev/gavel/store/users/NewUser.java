package dev.gavel.store.users;

import dev.gavel.core.Role;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An account to create; the caller has already hashed the password. */
public record NewUser(UUID id, String email, String passwordHash, Set<Role> roles, Instant createdAt) {
    public NewUser {
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a user needs at least one role");
        }
    }
}
