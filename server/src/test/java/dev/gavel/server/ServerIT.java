package dev.gavel.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.time.MutableClock;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The platform through its HTTP API: a started server on real PostgreSQL and Redis. */
@WithPostgresAndRedis
class ServerIT {
    private static final String OWNER = "owner@gavel.test";
    private static final String OWNER_PASSWORD = "owner password 1";
    static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-11-21T15:00:00Z"));

    static GavelServer server;
    static Http http;

    @BeforeAll
    static void start(TestDatabase db, TestRedis redis) throws Exception {
        var env = Map.of(
                "GAVEL_HTTP_MAX_BODY_BYTES",
                "4096",
                "GAVEL_OWNER_EMAIL",
                OWNER,
                "GAVEL_OWNER_PASSWORD",
                OWNER_PASSWORD,
                "GAVEL_TOKEN_TTL",
                "1h");
        server = GavelServer.start(TestConfigs.config(db, redis.uri(), env), CLOCK);
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void health_is_up_with_postgres_and_redis() {
        var reply = http.get("/health");

        assertThat(reply.status()).isEqualTo(200);
        var json = reply.json();
        assertThat(json.path("status").asText()).isEqualTo("UP");
        assertThat(json.path("components").path("postgres").path("status").asText())
                .isEqualTo("UP");
        assertThat(json.path("components").path("redis").path("status").asText())
                .isEqualTo("UP");
        assertThat(json.path("components")
                        .path("postgres")
                        .path("details")
                        .path("pool")
                        .path("total")
                        .asInt())
                .isPositive();
    }

    @Test
    void metrics_cover_the_jvm_http_requests_and_the_connection_pool() {
        http.get("/health");

        var reply = http.get("/metrics");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).startsWith("text/plain");
        assertThat(reply.text())
                .contains("jvm_memory_used_bytes")
                .contains(
                        "http_server_requests_seconds_count{application=\"gavel\",method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/health\"}")
                .contains("hikaricp_connections")
                .contains("gavel_health_component{application=\"gavel\",component=\"redis\"} 1.0");
    }

    @Test
    void every_response_carries_a_request_id_and_a_sane_given_one_is_kept() {
        assertThat(http.get("/health").header("X-Request-Id")).isNotBlank();
        assertThat(http.get("/health", "X-Request-Id", "trace-123").header("X-Request-Id"))
                .isEqualTo("trace-123");
        assertThat(http.get("/health", "X-Request-Id", "bad id\twith spaces").header("X-Request-Id"))
                .isNotEqualTo("bad id\twith spaces");
    }

    @Test
    void the_landing_page_is_served() {
        var reply = http.get("/");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).contains("<title>Gavel</title>", "/health");
    }

    @Test
    void a_bidder_registers_logs_in_and_is_known_by_the_token() {
        var registered =
                http.post("/api/auth/register", "{\"email\":\"bea@example.com\",\"password\":\"bea password 1\"}");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String userId = registered.json().path("userId").asText();

        var login = http.post("/api/auth/login", "{\"email\":\"BEA@example.com\",\"password\":\"bea password 1\"}");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().path("roles").get(0).asText()).isEqualTo("BIDDER");
        assertThat(Instant.parse(login.json().path("expiresAt").asText()))
                .isEqualTo(CLOCK.instant().plus(Duration.ofHours(1)));

        var me = http.get(
                "/api/auth/me",
                "Authorization",
                "Bearer " + login.json().path("token").asText());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("userId").asText()).isEqualTo(userId);
        assertThat(me.json().path("via").asText()).isEqualTo("TOKEN");
    }

    @Test
    void registering_an_address_twice_is_a_conflict() {
        http.post("/api/auth/register", "{\"email\":\"twice@example.com\",\"password\":\"twice password\"}");
        var again =
                http.post("/api/auth/register", "{\"email\":\"Twice@Example.com\",\"password\":\"twice password\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("error").asText()).isEqualTo("email_taken");
    }

    @Test
    void a_wrong_password_or_unknown_address_gets_the_same_401() {
        var wrong = http.post("/api/auth/login", "{\"email\":\"" + OWNER + "\",\"password\":\"not the password\"}");
        var unknown =
                http.post("/api/auth/login", "{\"email\":\"nobody@example.com\",\"password\":\"not the password\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json().path("message").asText())
                .isEqualTo(unknown.json().path("message").asText());
    }

    @Test
    void no_credentials_or_a_tampered_token_or_an_expired_one_is_401() {
        assertThat(http.get("/api/auth/me").status()).isEqualTo(401);
        assertThat(http.get("/api/auth/me").header("WWW-Authenticate")).startsWith("Bearer");

        String token = ownerToken();
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        assertThat(http.get("/api/auth/me", "Authorization", "Bearer " + tampered)
                        .status())
                .isEqualTo(401);
        assertThat(http.get("/api/auth/me", "Authorization", "Basic abc").status())
                .isEqualTo(401);

        var expiring = MutableClock.at(CLOCK.instant());
        assertThat(http.get("/api/auth/me", "Authorization", "Bearer " + token).status())
                .isEqualTo(200);
        CLOCK.advance(Duration.ofHours(1).plusSeconds(1));
        try {
            var expired = http.get("/api/auth/me", "Authorization", "Bearer " + token);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.json().path("message").asText()).contains("expired");
        } finally {
            CLOCK.set(expiring.instant());
        }
    }

    @Test
    void a_bidder_asking_for_an_admin_route_gets_403() {
        http.post("/api/auth/register", "{\"email\":\"plain@example.com\",\"password\":\"plain password\"}");
        String token = token("plain@example.com", "plain password");

        var reply = http.get("/api/users", "Authorization", "Bearer " + token);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().path("error").asText()).isEqualTo("forbidden");
        assertThat(reply.json().path("message").asText()).contains("ADMIN");
    }

    @Test
    void an_api_key_is_shown_once_and_then_authenticates_with_its_users_roles() {
        String token = ownerToken();
        var created = http.post("/api/auth/api-keys", "{\"name\":\"ci\"}", "Authorization", "Bearer " + token);
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().path("key").asText();
        assertThat(key).startsWith("gvl_").hasSize(47);

        var me = http.get("/api/auth/me", "X-API-Key", key);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("via").asText()).isEqualTo("API_KEY");
        assertThat(me.json().path("roles").get(0).asText()).isEqualTo("OWNER");
        assertThat(http.get("/api/users", "X-API-Key", key).status()).isEqualTo(200);

        String wrong = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
        assertThat(http.get("/api/auth/me", "X-API-Key", wrong).status()).isEqualTo(401);
    }

    @Test
    void an_admin_creates_accounts_but_cannot_grant_owner() {
        String owner = "Bearer " + ownerToken();
        var admin = http.post(
                "/api/users",
                "{\"email\":\"admin@example.com\",\"password\":\"admin password\",\"roles\":[\"admin\"]}",
                "Authorization",
                owner);
        assertThat(admin.status()).as(admin.toString()).isEqualTo(201);
        assertThat(admin.json().path("roles").get(0).asText()).isEqualTo("ADMIN");

        String adminToken = "Bearer " + token("admin@example.com", "admin password");
        var escalate = http.post(
                "/api/users",
                "{\"email\":\"sneaky@example.com\",\"password\":\"sneaky password\",\"roles\":[\"OWNER\"]}",
                "Authorization",
                adminToken);
        assertThat(escalate.status()).isEqualTo(403);

        var badRole = http.post(
                "/api/users",
                "{\"email\":\"x@example.com\",\"password\":\"x password 12\",\"roles\":[\"KING\"]}",
                "Authorization",
                adminToken);
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().path("details").path("fields").path("roles").asText())
                .contains("KING");

        var list = http.get("/api/users?limit=500", "Authorization", adminToken);
        assertThat(list.status()).isEqualTo(400);
        assertThat(list.json().path("error").asText()).isEqualTo("invalid_parameter");
    }

    @Test
    void malformed_json_is_400_with_the_error_format() {
        var reply = http.post("/api/auth/login", "{\"email\": \"a@b.c\", ");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").asText()).isEqualTo("invalid_json");
        assertThat(reply.json().path("message").asText()).contains("not valid JSON");
        assertThat(reply.json().has("details")).isTrue();
    }

    @Test
    void a_value_of_the_wrong_type_is_400_naming_the_field() {
        var reply = http.post("/api/auth/login", "{\"email\": 42, \"password\": \"whatever pw\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").asText()).isEqualTo("wrong_type");
        assertThat(reply.json().path("details").path("field").asText()).isEqualTo("email");

        var array = http.post("/api/auth/login", "[1,2,3]");
        assertThat(array.status()).isEqualTo(400);
        assertThat(array.json().path("error").asText()).isEqualTo("invalid_json");
    }

    @Test
    void an_unknown_field_is_400_listing_the_known_ones() {
        var reply = http.post("/api/auth/register", "{\"email\":\"u@example.com\",\"pasword\":\"typo typo typo\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").asText()).isEqualTo("unknown_field");
        assertThat(reply.json().path("message").asText()).contains("pasword", "password");
    }

    @Test
    void invalid_fields_are_all_reported_together() {
        var reply = http.post("/api/auth/register", "{\"email\":\"not-an-address\",\"password\":\"short\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("error").asText()).isEqualTo("validation_failed");
        assertThat(reply.json().path("details").path("fields").has("email")).isTrue();
        assertThat(reply.json().path("details").path("fields").has("password")).isTrue();
    }

    @Test
    void an_oversized_body_is_400_whether_or_not_it_declares_its_length() {
        String big = "{\"email\":\"" + "a".repeat(5000) + "@example.com\",\"password\":\"x\"}";

        var declared = http.post("/api/auth/login", big);
        assertThat(declared.status()).isEqualTo(400);
        assertThat(declared.json().path("error").asText()).isEqualTo("body_too_large");
        assertThat(declared.json().path("details").path("limitBytes").asLong()).isEqualTo(4096);

        // ofInputStream sends the body chunked, with no Content-Length to check up front.
        byte[] bytes = big.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var streamed = http.post(
                "/api/auth/login",
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)),
                "Content-Type",
                "application/json");
        assertThat(streamed.status()).isEqualTo(400);
        assertThat(streamed.json().path("error").asText()).isEqualTo("body_too_large");

        assertThat(http.get("/health").status()).isEqualTo(200);
    }

    @Test
    void a_missing_body_or_wrong_content_type_is_400() {
        var empty = http.post("/api/auth/login", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("error").asText()).isEqualTo("missing_body");

        var form = http.post(
                "/api/auth/login",
                HttpRequest.BodyPublishers.ofString("email=a&password=b"),
                "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(form.status()).isEqualTo(400);
        assertThat(form.json().path("error").asText()).isEqualTo("unsupported_content_type");
    }

    @Test
    void an_unknown_route_is_a_json_404() {
        var reply = http.get("/api/nothing-here");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().path("error").asText()).isEqualTo("not_found");
    }

    static String ownerToken() {
        return token(OWNER, OWNER_PASSWORD);
    }

    static String token(String email, String password) {
        var login = http.post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.json().path("token").asText();
    }
}
