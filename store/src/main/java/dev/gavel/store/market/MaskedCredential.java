package dev.gavel.store.market;

import dev.gavel.market.auth.CredentialKind;
import dev.gavel.market.auth.CredentialState;
import java.time.Instant;
import java.util.Optional;

/**
 * A credential as the CLI and API may show it: its standing, and a fingerprint (the first 12 hex digits of the
 * secret's SHA-256) to tell two apart, never the secret itself, which is not even opened to build this.
 */
public record MaskedCredential(
        long id,
        String source,
        String account,
        CredentialKind kind,
        String fingerprint,
        Optional<Instant> expiresAt,
        CredentialState state,
        int health,
        int failures,
        Optional<Instant> coolDownUntil,
        Optional<Instant> lastUsedAt,
        String note,
        Instant createdAt) {}
