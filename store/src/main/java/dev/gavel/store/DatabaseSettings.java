package dev.gavel.store;

import dev.gavel.core.Secret;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where PostgreSQL is and how many connections to hold.
 *
 * @param url a {@code jdbc:postgresql://} URL
 * @param connectTimeout how long a caller waits for a connection before the pool gives up
 */
public record DatabaseSettings(
        String url, String user, Optional<Secret> password, int maxPoolSize, Duration connectTimeout) {
    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    public static DatabaseSettings of(String url, String user, String password) {
        return new DatabaseSettings(
                url,
                user,
                Optional.ofNullable(password).filter(p -> !p.isEmpty()).map(Secret::of),
                10,
                Duration.ofSeconds(5));
    }
}
