package dev.gavel.server.config;

/**
 * One thing wrong with the configuration.
 *
 * @param key the key as the user wrote it: {@code http.port} in gavel.yaml or {@code GAVEL_HTTP_PORT}
 * @param value what was given, or {@code ******} for a secret
 * @param expected what would have been accepted
 */
public record ConfigProblem(String key, String value, String expected) {
    @Override
    public String toString() {
        return key + " = '" + value + "': expected " + expected;
    }
}
