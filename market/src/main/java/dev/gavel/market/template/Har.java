package dev.gavel.market.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads HTTP Archive (HAR 1.2) captures, as mitmproxy and browsers export them, into exchanges. Every
 * problem names the file and the JSON Pointer of the entry field at fault.
 */
public final class Har {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Har() {}

    /** One request and its answer, bodies decoded (base64 content is unpacked). */
    public record Exchange(
            String file,
            String path,
            Instant startedAt,
            String method,
            String url,
            Map<String, String> requestHeaders,
            String requestBody,
            int status,
            String responseBody) {
        public Exchange {
            requestHeaders = Map.copyOf(requestHeaders);
        }

        /** A request header by name, ignoring case. */
        public Optional<String> header(String name) {
            return requestHeaders.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst();
        }

        /** The URL's path, without scheme, host and query. */
        public String urlPath() {
            String rest = url.replaceFirst("^[a-zA-Z]+://[^/]+", "");
            int q = rest.indexOf('?');
            return q < 0 ? rest : rest.substring(0, q);
        }

        /** {@code scheme://host[:port]} of the URL. */
        public String origin() {
            var m = java.util.regex.Pattern.compile("^([a-zA-Z]+://[^/]+)").matcher(url);
            return m.find() ? m.group(1) : "";
        }
    }

    /** Reads one capture; throws {@link TemplateException} with every problem found. */
    public static List<Exchange> parse(String file, String text) {
        JsonNode root = JsonText.read(file, text, "is not a HAR file: ");
        if (root == null || !root.path("log").isObject()) {
            throw new TemplateException(new TemplateProblem(file, "/log", "is missing: not a HAR file"));
        }
        JsonNode entries = root.path("log").path("entries");
        if (!entries.isArray()) {
            throw new TemplateException(new TemplateProblem(file, "/log/entries", "must be an array"));
        }
        var problems = new ArrayList<TemplateProblem>();
        var out = new ArrayList<Exchange>();
        for (int i = 0; i < entries.size(); i++) {
            String path = "/log/entries/" + i;
            JsonNode e = entries.get(i);
            int before = problems.size();
            JsonNode req = e.path("request");
            JsonNode res = e.path("response");
            String method = req.path("method").asText("");
            String url = req.path("url").asText("");
            if (method.isEmpty()) {
                problems.add(new TemplateProblem(file, path + "/request/method", "is missing"));
            }
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                problems.add(new TemplateProblem(file, path + "/request/url", "must be an http(s) URL: '" + url + "'"));
            }
            Instant started = Instant.EPOCH;
            String when = e.path("startedDateTime").asText("");
            try {
                started = when.isEmpty()
                        ? Instant.EPOCH
                        : java.time.OffsetDateTime.parse(when).toInstant();
            } catch (DateTimeParseException ex) {
                problems.add(new TemplateProblem(
                        file, path + "/startedDateTime", "is not an ISO date-time: '" + when + "'"));
            }
            var headers = new LinkedHashMap<String, String>();
            JsonNode hs = req.path("headers");
            if (!hs.isMissingNode() && !hs.isArray()) {
                problems.add(new TemplateProblem(file, path + "/request/headers", "must be an array of {name, value}"));
            } else {
                for (int h = 0; h < hs.size(); h++) {
                    JsonNode hn = hs.get(h);
                    if (!hn.path("name").isTextual()) {
                        problems.add(new TemplateProblem(file, path + "/request/headers/" + h + "/name", "is missing"));
                    } else {
                        headers.put(hn.path("name").asText(), hn.path("value").asText(""));
                    }
                }
            }
            String requestBody = req.path("postData").path("text").asText("");
            int status = res.path("status").asInt(-1);
            if (status < 0) {
                problems.add(new TemplateProblem(file, path + "/response/status", "is missing"));
            }
            JsonNode content = res.path("content");
            String responseBody = content.path("text").asText("");
            if ("base64".equalsIgnoreCase(content.path("encoding").asText(""))) {
                try {
                    responseBody = new String(Base64.getDecoder().decode(responseBody), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException ex) {
                    problems.add(new TemplateProblem(file, path + "/response/content/text", "is not valid base64"));
                }
            }
            if (problems.size() == before) {
                out.add(new Exchange(
                        file,
                        path,
                        started,
                        method.toUpperCase(java.util.Locale.ROOT),
                        url,
                        headers,
                        requestBody,
                        status,
                        responseBody));
            }
        }
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        return out;
    }

    /** Parses JSON text found in a capture, or adds a problem at {@code path}. */
    public static Optional<JsonNode> json(String text, String file, String path, List<TemplateProblem> problems) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || n.isMissingNode()) {
                problems.add(new TemplateProblem(file, path, "is empty, expected JSON"));
                return Optional.empty();
            }
            return Optional.of(n);
        } catch (JsonProcessingException e) {
            problems.add(new TemplateProblem(file, path, "is not JSON: " + e.getOriginalMessage()));
            return Optional.empty();
        }
    }
}
