package dev.gavel.sources.ebay;

import dev.gavel.core.Secret;
import dev.gavel.sources.policy.SourcePolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach eBay's Browse API: the base URL (the API host's root, serving both {@code
 * /identity/v1/oauth2/token} and {@code /buy/browse/v1/...}), the application's client id and secret for the
 * client-credentials token, the marketplace ({@code EBAY_US}), the resilience knobs (whose daily budget is
 * eBay's default quota of 5,000 Browse calls a day), the shortest watch interval and the per-request
 * time-out.
 */
public record EbaySettings(
        String baseUrl,
        String clientId,
        Secret clientSecret,
        String marketplace,
        SourcePolicy.Settings policy,
        Duration minimumInterval,
        Duration requestTimeout) {
    public static final String SOURCE = "ebay";

    /** eBay's default Browse quota for an application: calls per day. */
    public static final long DAILY_BUDGET = 5_000;

    /** The scope of the public (application) APIs, which a client-credentials token asks for. */
    public static final String SCOPE = "https://api.ebay.com/oauth/api_scope";

    public EbaySettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("ebay needs a base URL");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("ebay needs a client id");
        }
        Objects.requireNonNull(clientSecret, "clientSecret");
        if (clientSecret.isEmpty()) {
            throw new IllegalArgumentException("ebay needs a client secret");
        }
        if (marketplace == null || !marketplace.matches("EBAY_[A-Z]{2,3}")) {
            throw new IllegalArgumentException("ebay marketplace must be like EBAY_US, got '" + marketplace + "'");
        }
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(minimumInterval, "minimumInterval");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** The US marketplace with the default policy, a minute between a watch's runs and a 20 s time-out. */
    public static EbaySettings of(String baseUrl, String clientId, Secret clientSecret) {
        return new EbaySettings(
                baseUrl,
                clientId,
                clientSecret,
                "EBAY_US",
                defaultPolicy(),
                Duration.ofMinutes(1),
                Duration.ofSeconds(20));
    }

    /**
     * 5,000 calls a UTC day, at most 2 a second, three attempts: a watch of one page a minute uses 1,440 of
     * them, so a few watches fit.
     */
    public static SourcePolicy.Settings defaultPolicy() {
        return new SourcePolicy.Settings(2, DAILY_BUDGET, 3, Duration.ofMillis(500), Duration.ofSeconds(30), 10);
    }
}
