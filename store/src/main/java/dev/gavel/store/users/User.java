package dev.gavel.store.users;

import dev.gavel.core.Role;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** An account as stored: the password only as its hash. */
public record User(
        UUID id, String email, String passwordHash, Set<Role> roles, Instant createdAt, Optional<Instant> disabledAt) {
    public User {
        roles = Set.copyOf(roles);
    }

    public boolean isDisabled() {
        return disabledAt.isPresent();
    }

    @Override
    public String toString() {
        return "User[" + id + ", " + email + ", " + roles + "]";
    }
}
