package dev.gavel.store.auction;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A bidder: an X account, a Gavel user, or both; with a wallet once linked.
 *
 * @param xAccountCreatedAt when the bidder's X account was made (from X), for the account-age rule
 * @param banReason why the bidder is on the ban list, when {@code bannedAt} is present
 */
public record Bidder(
        UUID id,
        String handle,
        Optional<UUID> userId,
        Optional<String> xUserId,
        Optional<String> wallet,
        Instant createdAt,
        Optional<Instant> bannedAt,
        Optional<Instant> xAccountCreatedAt,
        Optional<String> banReason) {

    /** A bidder who is not banned. */
    public Bidder(
            UUID id,
            String handle,
            Optional<UUID> userId,
            Optional<String> xUserId,
            Optional<String> wallet,
            Instant createdAt,
            Optional<Instant> bannedAt,
            Optional<Instant> xAccountCreatedAt) {
        this(id, handle, userId, xUserId, wallet, createdAt, bannedAt, xAccountCreatedAt, Optional.empty());
    }

    /** A bidder whose X account age is not known (API bidders, or not seen on X yet). */
    public Bidder(
            UUID id,
            String handle,
            Optional<UUID> userId,
            Optional<String> xUserId,
            Optional<String> wallet,
            Instant createdAt,
            Optional<Instant> bannedAt) {
        this(id, handle, userId, xUserId, wallet, createdAt, bannedAt, Optional.empty(), Optional.empty());
    }
}
