package dev.gavel.sources.pokemontcg;

import dev.gavel.core.Secret;
import dev.gavel.sources.policy.SourcePolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how to reach the Pokémon TCG API (pokemontcg.io v2): the base URL (the API's root, without
 * {@code /v2}), the optional {@code X-Api-Key}, the resilience knobs, the cards per catalog page (at most
 * 250) and the per-request time-out. The key decides the limits: with one the API allows 20,000 calls a
 * day, without one 1,000 a day and 30 a minute, so {@link #of} picks the policy to match.
 */
public record PokemonTcgSettings(
        String baseUrl, Optional<Secret> apiKey, SourcePolicy.Settings policy, int pageSize, Duration requestTimeout) {
    public static final String SOURCE = "pokemontcg";

    /** The API's largest page. */
    public static final int MAX_PAGE_SIZE = 250;

    public PokemonTcgSettings {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("pokemontcg needs a base URL");
        }
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        apiKey = apiKey.filter(k -> !k.isEmpty());
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pokemontcg pageSize must be from 1 to 250, got " + pageSize);
        }
    }

    /** The settings for {@code baseUrl}, with the policy {@link #policyFor} the key (or its absence) calls for. */
    public static PokemonTcgSettings of(String baseUrl, Optional<Secret> apiKey) {
        Optional<Secret> key = apiKey.filter(k -> !k.isEmpty());
        return new PokemonTcgSettings(baseUrl, key, policyFor(key.isPresent()), MAX_PAGE_SIZE, Duration.ofSeconds(20));
    }

    /**
     * With a key: 20,000 calls a UTC day, at most 4 a second (the API publishes no shorter limit). Without: 1,000
     * a day and one every 2 s, which is the API's 30 a minute.
     */
    public static SourcePolicy.Settings policyFor(boolean withKey) {
        return withKey
                ? new SourcePolicy.Settings(4, 20_000, 3, Duration.ofMillis(500), Duration.ofSeconds(30), 10)
                : new SourcePolicy.Settings(0.5, 1_000, 3, Duration.ofSeconds(2), Duration.ofSeconds(60), 10);
    }
}
