package dev.gavel.store.users;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What is kept of an API key: never the key, only its name, the first characters shown to tell keys apart, and
 * when it was made, last used (to the minute: a key's use is recorded at most once a minute) and revoked.
 */
public record StoredApiKey(
        UUID id,
        String name,
        String prefix,
        Instant createdAt,
        Optional<Instant> lastUsedAt,
        Optional<Instant> revokedAt) {
    public StoredApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }
}
