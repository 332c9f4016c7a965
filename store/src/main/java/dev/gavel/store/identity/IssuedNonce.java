package dev.gavel.store.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A SIWE nonce handed to a bidder, with the exact message they are to sign.
 *
 * @param via {@code web} (the API) or {@code x} (the reply flow)
 */
public record IssuedNonce(
        String nonce,
        UUID bidderId,
        String address,
        String message,
        String via,
        Instant issuedAt,
        Instant expiresAt,
        Optional<Instant> usedAt) {}
