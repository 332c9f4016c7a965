package dev.gavel.market.auth;

import dev.gavel.core.Secret;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One credential in the pool and its standing. {@code account} partitions the pool: the tickets minted
 * for one marketplace account share its fate (a captcha on one stops them all). {@code health} runs from 0
 * to 100: successes raise it, failures lower it; {@code failures} counts consecutive failures.
 */
public record Credential(
        long id,
        String source,
        String account,
        CredentialKind kind,
        Secret secret,
        Optional<Instant> expiresAt,
        CredentialState state,
        int health,
        int failures,
        Optional<Instant> coolDownUntil,
        Optional<Instant> lastUsedAt,
        String note) {
    public Credential {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(coolDownUntil, "coolDownUntil");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(note, "note");
        if (health < 0 || health > 100) {
            throw new IllegalArgumentException("health runs from 0 to 100: " + health);
        }
    }

    /** A fresh credential as imported or minted: healthy, never used. */
    public static Credential fresh(
            String source, String account, CredentialKind kind, Secret secret, Optional<Instant> expiresAt) {
        return new Credential(
                0,
                source,
                account,
                kind,
                secret,
                expiresAt,
                CredentialState.ACTIVE,
                100,
                0,
                Optional.empty(),
                Optional.empty(),
                "");
    }

    public boolean expiredAt(Instant now) {
        return expiresAt.map(e -> !e.isAfter(now)).orElse(false);
    }

    public boolean coolingAt(Instant now) {
        return coolDownUntil.map(c -> c.isAfter(now)).orElse(false);
    }

    public Credential withId(long newId) {
        return new Credential(
                newId,
                source,
                account,
                kind,
                secret,
                expiresAt,
                state,
                health,
                failures,
                coolDownUntil,
                lastUsedAt,
                note);
    }

    public Credential withStanding(
            CredentialState newState,
            int newHealth,
            int newFailures,
            Optional<Instant> newCoolDown,
            Optional<Instant> newLastUsed,
            String newNote) {
        return new Credential(
                id,
                source,
                account,
                kind,
                secret,
                expiresAt,
                newState,
                Math.max(0, Math.min(100, newHealth)),
                newFailures,
                newCoolDown,
                newLastUsed,
                newNote);
    }
}
