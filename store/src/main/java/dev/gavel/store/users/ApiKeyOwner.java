package dev.gavel.store.users;

import java.util.UUID;

/** An active API key and the user it acts for. */
public record ApiKeyOwner(UUID keyId, String keyName, User user) {}
