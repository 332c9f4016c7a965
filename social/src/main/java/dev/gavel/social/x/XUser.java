package dev.gavel.social.x;

import java.time.Instant;
import java.util.Optional;

/** An X account from a response's {@code includes.users}. */
public record XUser(String id, String username, Optional<Instant> createdAt, boolean verified) {}
