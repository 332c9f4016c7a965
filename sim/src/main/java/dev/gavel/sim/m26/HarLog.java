package dev.gavel.sim.m26;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A HAR 1.2 document of exchanges as a capturing proxy writes them: each request with its headers and body,
 * each response with its status, headers and content. Not thread-safe: one capture, one thread.
 */
final class HarLog {
    private final ObjectMapper json;
    private final ObjectNode root;
    private final ArrayNode entries;

    HarLog(ObjectMapper json) {
        this.json = json;
        this.root = json.createObjectNode();
        var log = root.putObject("log").put("version", "1.2");
        log.putObject("creator").put("name", "gavel-m26-simulator").put("version", "1.0");
        this.entries = log.putArray("entries");
    }

    /** Adds one exchange; header maps keep their order. */
    void add(
            Instant startedAt,
            Duration took,
            String method,
            URI url,
            Map<String, String> requestHeaders,
            String requestBody,
            int status,
            String statusText,
            Map<String, String> responseHeaders,
            String responseBody) {
        var entry =
                entries.addObject().put("startedDateTime", startedAt.toString()).put("time", took.toNanos() / 1e6);
        var request = entry.putObject("request")
                .put("method", method)
                .put("url", url.toString())
                .put("httpVersion", "HTTP/1.1");
        request.putArray("cookies");
        headers(request.putArray("headers"), requestHeaders);
        request.putArray("queryString");
        String mimeType = requestHeaders.getOrDefault("Content-Type", "application/octet-stream");
        var postData = request.putObject("postData").put("mimeType", mimeType).put("text", requestBody);
        if (mimeType.startsWith("application/x-www-form-urlencoded")) {
            var params = postData.putArray("params");
            for (String pair : requestBody.split("&")) {
                int eq = pair.indexOf('=');
                params.addObject()
                        .put("name", URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8))
                        .put("value", URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        request.put("headersSize", -1).put("bodySize", requestBody.getBytes(StandardCharsets.UTF_8).length);

        var response = entry.putObject("response")
                .put("status", status)
                .put("statusText", statusText)
                .put("httpVersion", "HTTP/1.1");
        response.putArray("cookies");
        headers(response.putArray("headers"), responseHeaders);
        int size = responseBody.getBytes(StandardCharsets.UTF_8).length;
        response.putObject("content")
                .put("size", size)
                .put("mimeType", responseHeaders.getOrDefault("Content-Type", "application/json"))
                .put("text", responseBody);
        response.put("redirectURL", "").put("headersSize", -1).put("bodySize", size);
        entry.putObject("cache");
        entry.putObject("timings")
                .put("send", 0)
                .put("wait", took.toNanos() / 1e6)
                .put("receive", 0);
    }

    private void headers(ArrayNode into, Map<String, String> headers) {
        headers.forEach((name, value) ->
                into.add(json.createObjectNode().put("name", name).put("value", value)));
    }

    String document() {
        return root.toString();
    }
}
