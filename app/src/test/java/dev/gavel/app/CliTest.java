package dev.gavel.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CliTest {

    record Outcome(int code, String out, String err) {}

    static Outcome gavel(Map<String, String> env, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void help_lists_every_command() {
        var outcome = gavel(Map.of(), "--help");

        assertThat(outcome.code()).isZero();
        assertThat(outcome.out()).contains("serve", "demo", "db", "users", "--version", "GAVEL_");
    }

    @Test
    void no_command_prints_the_usage() {
        var outcome = gavel(Map.of());
        assertThat(outcome.code()).isZero();
        assertThat(outcome.out()).contains("Usage: gavel");
    }

    @Test
    void version_names_gavel() {
        var outcome = gavel(Map.of(), "--version");
        assertThat(outcome.code()).isZero();
        assertThat(outcome.out()).startsWith("gavel ");
    }

    @Test
    void an_unknown_command_is_a_usage_error() {
        var outcome = gavel(Map.of(), "auction-everything");
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err()).contains("auction-everything");
    }

    @Test
    void a_bad_configuration_value_stops_serve_before_anything_starts_and_names_the_key() {
        var outcome = gavel(Map.of("GAVEL_HTTP_PORT", "eighty", "GAVEL_TOKEN_TTL", "forever"), "serve");

        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err())
                .contains("GAVEL_HTTP_PORT = 'eighty': expected a port number")
                .contains("GAVEL_TOKEN_TTL = 'forever'")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void users_create_refuses_an_unknown_role_or_a_short_password_before_touching_the_database() {
        var badRole = gavel(
                Map.of(), "users", "create", "--email", "a@example.com", "--role", "king", "--password=long enough pw");
        assertThat(badRole.code()).isEqualTo(2);
        assertThat(badRole.err()).contains("--role king is not a role");

        var shortPassword =
                gavel(Map.of(), "users", "create", "--email", "a@example.com", "--role", "admin", "--password=short");
        assertThat(shortPassword.code()).isEqualTo(2);
        assertThat(shortPassword.err()).contains("password must be 10 to 256 characters");
    }

    @Test
    void a_missing_config_file_is_named() {
        var outcome = gavel(Map.of(), "--config", "/nonexistent/gavel.yaml", "db", "migrate");
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err()).contains("/nonexistent/gavel.yaml");
    }
}
