package dev.gavel.sources.optcg;

import dev.gavel.sources.policy.SourcePolicy;
import java.time.Duration;

/**
 * Where and how to reach the OPTCG API: its base URL (the host, without the {@code /api} path and without a
 * trailing slash), the resilience knobs (the service asks for few calls a day: keep the rate low) and the
 * per-request time-out.
 */
public record OptcgSettings(String baseUrl, SourcePolicy.Settings policy, Duration requestTimeout) {
    public static final String SOURCE = "optcg";

    /** The public service. */
    public static final String DEFAULT_BASE_URL = "https://optcgapi.com";
}
