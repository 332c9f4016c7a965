package dev.gavel.server.auth;

import dev.gavel.store.users.StoredApiKey;
import dev.gavel.store.users.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * API keys for automation: {@code gvl_} and 43 random URL-safe characters (256 bits). Only the SHA-256 of
 * a key is stored — a fast hash is enough for a random key of that size — and the key is shown once.
 * Thread-safe.
 */
public final class ApiKeys {
    static final String PREFIX = "gvl_";

    private final UserStore users;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final List<Consumer<UUID>> revocationListeners = new CopyOnWriteArrayList<>();

    public ApiKeys(UserStore users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    /** Makes a key for {@code userId}; the returned key is the only copy. */
    public Created create(UUID userId, String name) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        UUID id = UUID.randomUUID();
        String shownPrefix = key.substring(0, 12);
        users.addApiKey(id, userId, name, shownPrefix, sha256(key), clock.instant());
        return new Created(id, name, key, shownPrefix);
    }

    /** The caller a key stands for, when it is ours, not revoked, and its user is active. */
    public Optional<Principal> authenticate(String key) {
        if (key == null || !key.startsWith(PREFIX) || key.length() != PREFIX.length() + 43) {
            return Optional.empty();
        }
        return users.useApiKey(sha256(key), clock.instant())
                .map(owner -> new Principal(
                        owner.user().id(),
                        owner.user().email(),
                        owner.user().roles(),
                        Principal.Via.API_KEY,
                        Optional.empty(),
                        Optional.of(owner.keyId())));
    }

    /** The user's keys, revoked ones too, newest first; never the keys themselves. */
    public List<StoredApiKey> of(UUID userId) {
        return users.apiKeysOf(userId);
    }

    /**
     * Revokes the user's key {@code keyId}: it authenticates nothing from now on, and the listeners hear of it
     * (to close the sockets it opened). Empty when the user has no such key; revoking twice keeps the first time.
     */
    public Optional<StoredApiKey> revoke(UUID userId, UUID keyId) {
        var revoked = users.revokeApiKey(userId, keyId, clock.instant());
        revoked.ifPresent(key -> revocationListeners.forEach(listener -> listener.accept(key.id())));
        return revoked;
    }

    /** Of {@code keyIds}, the ones that still authenticate (not revoked, the user not disabled). */
    public Set<UUID> live(Collection<UUID> keyIds) {
        return users.liveApiKeys(keyIds);
    }

    /** Calls {@code listener} with the id of each key revoked on this node, right after it is. */
    public void onRevoked(Consumer<UUID> listener) {
        revocationListeners.add(listener);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public record Created(UUID id, String name, String key, String prefix) {}
}
