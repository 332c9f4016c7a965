package dev.gavel.sources.tcgplayer;

import dev.gavel.core.Secret;
import dev.gavel.sources.policy.SourcePolicy;
import java.time.Duration;

/**
 * Where and how to reach TCGplayer: the API's base URL (no trailing slash; a version segment such as
 * {@code /v1.39.0} may be part of it), the application's client id and secret for the client-credentials
 * token, the resilience knobs and the per-request time-out.
 */
public record TcgplayerSettings(
        String baseUrl, String clientId, Secret clientSecret, SourcePolicy.Settings policy, Duration requestTimeout) {
    public static final String SOURCE = "tcgplayer";

    /** The production API. */
    public static final String DEFAULT_BASE_URL = "https://api.tcgplayer.com";
}
