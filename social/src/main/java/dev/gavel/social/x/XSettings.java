package dev.gavel.social.x;

import dev.gavel.core.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where X is and how to talk to it.
 *
 * @param maxRateLimitWait the longest the client waits for a rate-limit window to reset before giving the
 *     caller {@link XException.RateLimited} to schedule around
 */
public record XSettings(
        URI baseUrl,
        Secret bearerToken,
        Optional<Secret> userToken,
        Duration timeout,
        int retries,
        Duration backoff,
        Duration maxRateLimitWait) {

    public static XSettings of(URI baseUrl, Secret bearerToken, Optional<Secret> userToken) {
        return new XSettings(
                baseUrl,
                bearerToken,
                userToken,
                Duration.ofSeconds(10),
                3,
                Duration.ofMillis(250),
                Duration.ofMinutes(16));
    }
}
