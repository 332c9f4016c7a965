package dev.gavel.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A minimal client of Gavel's HTTP API, as an outside integration would write one. Thread-safe. */
public final class GavelClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public GavelClient(URI base) {
        this.base = base;
    }

    /** One response: its status and JSON body (an empty object when there is none). */
    public record Reply(int status, JsonNode json) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    public Reply get(String path, String token) {
        var b = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    public Reply post(String path, Object body, String token, Map<String, String> headers) {
        try {
            var b = HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            headers.forEach(b::header);
            return send(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Uploads a file as {@code multipart/form-data} in the field {@code file}. */
    public Reply upload(String path, byte[] file, String filename, String token) {
        String boundary = "----gavel-sim-" + System.nanoTime();
        var out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        var b = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    /** Logs in and returns the token, or fails with the server's reason. */
    public String login(String email, String password) {
        var reply = post("/api/auth/login", Map.of("email", email, "password", password), null, Map.of());
        if (!reply.ok()) {
            throw new IllegalStateException("login of " + email + " failed: "
                    + reply.json().path("message").asText());
        }
        return reply.json().path("token").asText();
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            var response =
                    http.send(builder.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Reply(
                    response.statusCode(),
                    body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body));
        } catch (IOException e) {
            throw new IllegalStateException("request to " + base + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
