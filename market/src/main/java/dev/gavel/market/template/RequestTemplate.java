package dev.gavel.market.template;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One marketplace call as data. The file is JSON:
 *
 * <pre>{@code
 * { "name": "m26.search", "method": "POST", "url": "${baseUrl}/wal/mca/Process/${ticket}",
 *   "headers": { "X-BLAZE-ID": "madden-2026-${console}" },
 *   "bodyType": "json",                       // or "form" (an object of strings, URL-encoded)
 *   "body": { "apiVersion": 2, "requestInfo": { "$json": { "commandId": 9153, "pageSize": "${pageSize:number}" } } },
 *   "defaults": { "console": "ps5" },
 *   "extract": { "sessionKey": "/userLoginInfo/sessionKey" } }
 * }</pre>
 *
 * A string that is exactly one placeholder {@code ${name:type}} becomes a value of that type ({@code
 * string} by default, {@code number}, {@code bool}, or {@code json}: the value parsed as JSON); a
 * placeholder inside a longer string is interpolated as text. {@code {"$json": X}} renders X and then
 * writes it as a JSON string, which is how Blaze nests {@code requestInfo} and {@code requestPayload}.
 * Immutable and thread-safe.
 */
public final class RequestTemplate {
    // one JSON document: text after it is an error (JsonText.STRICT)
    private static final ObjectMapper JSON = JsonText.STRICT;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)(?::([a-z]+))?}");
    private static final Set<String> TYPES = Set.of("string", "number", "bool", "json");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");
    private static final Set<String> KEYS =
            Set.of("name", "method", "url", "headers", "bodyType", "body", "defaults", "extract", "description");
    private static final String NESTED = "$json";

    private final String file;
    private final String name;
    private final String method;
    private final String url;
    private final Map<String, String> headers;
    private final boolean form;
    private final Optional<JsonNode> body;
    private final Map<String, String> defaults;
    private final Map<String, JsonPointer> extract;
    private final Set<String> placeholders;

    private RequestTemplate(
            String file,
            String name,
            String method,
            String url,
            Map<String, String> headers,
            boolean form,
            Optional<JsonNode> body,
            Map<String, String> defaults,
            Map<String, JsonPointer> extract,
            Set<String> placeholders) {
        this.file = file;
        this.name = name;
        this.method = method;
        this.url = url;
        this.headers = headers;
        this.form = form;
        this.body = body;
        this.defaults = defaults;
        this.extract = extract;
        this.placeholders = placeholders;
    }

    /** Reads a template; {@code file} names it in problems. Throws {@link TemplateException} listing them all. */
    public static RequestTemplate parse(String file, String text) {
        return parse(file, JsonText.read(file, text, "is "));
    }

    /** Checks a template already read as a JSON tree. */
    public static RequestTemplate parse(String file, JsonNode root) {
        var problems = new ArrayList<TemplateProblem>();
        if (root == null || !root.isObject()) {
            throw new TemplateException(new TemplateProblem(file, "", "must be a JSON object"));
        }
        for (var key : iterable(root.fieldNames())) {
            if (!KEYS.contains(key)) {
                problems.add(
                        new TemplateProblem(file, "/" + escape(key), "is not a template key; expected one of " + KEYS));
            }
        }
        String name = text(root, "name", file, problems, true);
        String method = text(root, "method", file, problems, true).toUpperCase(Locale.ROOT);
        if (!method.isEmpty() && !METHODS.contains(method)) {
            problems.add(new TemplateProblem(file, "/method", "'" + method + "' is not one of " + METHODS));
        }
        String url = text(root, "url", file, problems, true);
        var placeholders = new LinkedHashSet<String>();
        scanText(url, file, "/url", problems, placeholders, false);
        if (!url.isEmpty() && !url.startsWith("${") && !url.startsWith("http://") && !url.startsWith("https://")) {
            problems.add(new TemplateProblem(file, "/url", "must start with http://, https:// or a ${placeholder}"));
        }
        var headers = new LinkedHashMap<String, String>();
        JsonNode h = root.path("headers");
        if (!h.isMissingNode()) {
            if (!h.isObject()) {
                problems.add(new TemplateProblem(file, "/headers", "must be an object of header name to text"));
            } else {
                for (var e : h.properties()) {
                    String path = "/headers/" + escape(e.getKey());
                    if (!e.getValue().isTextual()) {
                        problems.add(new TemplateProblem(file, path, "must be text"));
                    } else {
                        scanText(e.getValue().asText(), file, path, problems, placeholders, false);
                        headers.put(e.getKey(), e.getValue().asText());
                    }
                }
            }
        }
        String bodyType = root.path("bodyType").asText("json");
        if (!bodyType.equals("json") && !bodyType.equals("form")) {
            problems.add(new TemplateProblem(file, "/bodyType", "'" + bodyType + "' is not json or form"));
        }
        boolean form = bodyType.equals("form");
        Optional<JsonNode> body = Optional.ofNullable(root.get("body")).filter(b -> !b.isNull());
        body.ifPresent(b -> {
            if (form) {
                if (!b.isObject()) {
                    problems.add(new TemplateProblem(file, "/body", "a form body must be an object of text values"));
                } else {
                    for (var e : b.properties()) {
                        String path = "/body/" + escape(e.getKey());
                        if (!e.getValue().isTextual()) {
                            problems.add(new TemplateProblem(file, path, "a form value must be text"));
                        } else {
                            scanText(e.getValue().asText(), file, path, problems, placeholders, false);
                        }
                    }
                }
            } else {
                scanBody(b, file, "/body", problems, placeholders);
            }
        });
        if (!"GET".equals(method) && body.isEmpty() && problems.isEmpty() && !"DELETE".equals(method)) {
            problems.add(new TemplateProblem(file, "/body", "a " + method + " template needs a body"));
        }
        var defaults = new LinkedHashMap<String, String>();
        JsonNode d = root.path("defaults");
        if (!d.isMissingNode()) {
            if (!d.isObject()) {
                problems.add(new TemplateProblem(file, "/defaults", "must be an object of placeholder to text"));
            } else {
                for (var e : d.properties()) {
                    if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                        problems.add(new TemplateProblem(file, "/defaults/" + escape(e.getKey()), "must be text"));
                    } else {
                        defaults.put(e.getKey(), e.getValue().asText());
                    }
                }
            }
        }
        var extract = new LinkedHashMap<String, JsonPointer>();
        JsonNode x = root.path("extract");
        if (!x.isMissingNode()) {
            if (!x.isObject()) {
                problems.add(new TemplateProblem(file, "/extract", "must be an object of name to JSON Pointer"));
            } else {
                for (var e : x.properties()) {
                    String path = "/extract/" + escape(e.getKey());
                    pointer(e.getValue(), file, path, problems).ifPresent(p -> extract.put(e.getKey(), p));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        return new RequestTemplate(
                file,
                name,
                method,
                url,
                Map.copyOf(headers),
                form,
                body.map(JsonNode::deepCopy),
                Map.copyOf(defaults),
                Map.copyOf(extract),
                Set.copyOf(placeholders));
    }

    /** Reads a JSON Pointer value of a template or strategy file, adding a problem when it is not one. */
    public static Optional<JsonPointer> pointer(
            JsonNode value, String file, String path, List<TemplateProblem> problems) {
        if (value == null || !value.isTextual()) {
            problems.add(new TemplateProblem(file, path, "must be a JSON Pointer such as \"/a/b/0\""));
            return Optional.empty();
        }
        try {
            return Optional.of(JsonPointer.compile(value.asText()));
        } catch (IllegalArgumentException e) {
            problems.add(new TemplateProblem(
                    file, path, "'" + value.asText() + "' is not a JSON Pointer (it must start with /)"));
            return Optional.empty();
        }
    }

    public String file() {
        return file;
    }

    public String name() {
        return name;
    }

    public String method() {
        return method;
    }

    /** Every placeholder the template uses. */
    public Set<String> placeholders() {
        return placeholders;
    }

    public Map<String, String> defaults() {
        return defaults;
    }

    public Map<String, JsonPointer> extractions() {
        return extract;
    }

    /**
     * Fills the template with {@code values} (over its defaults). Throws {@link IllegalArgumentException}
     * naming the placeholder when one has no value or a value of the wrong type.
     */
    public RenderedRequest render(Map<String, String> values) {
        var merged = new LinkedHashMap<>(defaults);
        merged.putAll(values);
        var missing = new ArrayList<String>();
        for (String p : placeholders) {
            if (!merged.containsKey(p)) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + ": no value for " + missing);
        }
        String renderedUrl = interpolate(url, merged, "/url");
        var renderedHeaders = new LinkedHashMap<String, String>();
        headers.forEach((k, v) -> renderedHeaders.put(k, interpolate(v, merged, "/headers/" + k)));
        Optional<String> renderedBody = body.map(b -> {
            if (form) {
                var sb = new StringBuilder();
                for (var e : b.properties()) {
                    if (!sb.isEmpty()) {
                        sb.append('&');
                    }
                    sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
                            .append('=')
                            .append(URLEncoder.encode(
                                    interpolate(e.getValue().asText(), merged, "/body/" + e.getKey()),
                                    StandardCharsets.UTF_8));
                }
                return sb.toString();
            }
            return write(renderNode(b, merged, "/body"));
        });
        if (renderedBody.isPresent() && renderedHeaders.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            renderedHeaders.put("Content-Type", form ? "application/x-www-form-urlencoded" : "application/json");
        }
        return new RenderedRequest(method, renderedUrl, renderedHeaders, renderedBody);
    }

    /** Picks the {@code extract} values out of an answer; a pointer that finds nothing is left out. */
    public Map<String, String> extract(JsonNode answer) {
        var out = new LinkedHashMap<String, String>();
        extract.forEach((k, p) -> {
            JsonNode v = answer.at(p);
            if (!v.isMissingNode() && !v.isNull() && v.isValueNode()) {
                out.put(k, v.asText());
            }
        });
        return out;
    }

    private static JsonNode renderNode(JsonNode node, Map<String, String> values, String path) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has(NESTED)) {
                return TextNode.valueOf(write(renderNode(node.get(NESTED), values, path + "/" + NESTED)));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (var e : node.properties()) {
                out.set(e.getKey(), renderNode(e.getValue(), values, path + "/" + escape(e.getKey())));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            int i = 0;
            for (JsonNode item : node) {
                out.add(renderNode(item, values, path + "/" + i++));
            }
            return out;
        }
        if (node.isTextual()) {
            Matcher whole = PLACEHOLDER.matcher(node.asText());
            if (whole.matches()) {
                return typed(whole.group(1), Optional.ofNullable(whole.group(2)).orElse("string"), values, path);
            }
            return TextNode.valueOf(interpolate(node.asText(), values, path));
        }
        return node;
    }

    private static JsonNode typed(String name, String type, Map<String, String> values, String path) {
        String value = values.get(name);
        Optional<JsonNode> node =
                switch (type) {
                    case "number" -> number(value);
                    case "bool" ->
                        value.equals("true") || value.equals("false")
                                ? Optional.of(JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value)))
                                : Optional.empty();
                    case "json" -> json(value);
                    default -> Optional.of(TextNode.valueOf(value));
                };
        return node.orElseThrow(() -> new IllegalArgumentException(
                "${" + name + ":" + type + "} at " + path + ": '" + value + "' is not " + type));
    }

    private static Optional<JsonNode> number(String value) {
        try {
            return Optional.of(JsonNodeFactory.instance.numberNode(new BigDecimal(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> json(String value) {
        try {
            return Optional.ofNullable(JSON.readTree(value)).filter(n -> !n.isMissingNode());
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static String interpolate(String text, Map<String, String> values, String path) {
        Matcher m = PLACEHOLDER.matcher(text);
        var sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static void scanBody(
            JsonNode node, String file, String path, List<TemplateProblem> problems, Set<String> placeholders) {
        if (node.isObject()) {
            if (node.has(NESTED) && node.size() != 1) {
                problems.add(new TemplateProblem(file, path, "\"$json\" must be the object's only key"));
            }
            for (var e : node.properties()) {
                if (e.getKey().startsWith("$") && !e.getKey().equals(NESTED)) {
                    problems.add(new TemplateProblem(
                            file, path + "/" + escape(e.getKey()), "unknown directive; only \"$json\" is known"));
                }
                scanBody(e.getValue(), file, path + "/" + escape(e.getKey()), problems, placeholders);
            }
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode item : node) {
                scanBody(item, file, path + "/" + i++, problems, placeholders);
            }
        } else if (node.isTextual()) {
            scanText(node.asText(), file, path, problems, placeholders, true);
        }
    }

    private static void scanText(
            String text,
            String file,
            String path,
            List<TemplateProblem> problems,
            Set<String> placeholders,
            boolean typesAllowed) {
        Matcher m = PLACEHOLDER.matcher(text);
        boolean whole = m.matches();
        m.reset();
        int end = 0;
        while (m.find()) {
            if (text.substring(end, m.start()).contains("${")) {
                problems.add(new TemplateProblem(file, path, "has a malformed placeholder in '" + text + "'"));
            }
            String type = m.group(2);
            if (type != null) {
                if (!TYPES.contains(type)) {
                    problems.add(new TemplateProblem(
                            file, path, "${" + m.group(1) + ":" + type + "} has an unknown type; use one of " + TYPES));
                } else if (!type.equals("string") && (!typesAllowed || !whole)) {
                    problems.add(new TemplateProblem(
                            file, path, "${" + m.group(1) + ":" + type + "} must be the whole value to be a " + type));
                }
            }
            placeholders.add(m.group(1));
            end = m.end();
        }
        if (text.substring(end).contains("${")) {
            problems.add(new TemplateProblem(file, path, "has a malformed placeholder in '" + text + "'"));
        }
    }

    private static String text(
            JsonNode root, String key, String file, List<TemplateProblem> problems, boolean required) {
        JsonNode v = root.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(new TemplateProblem(file, "/" + key, "is missing"));
            }
            return "";
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add(new TemplateProblem(file, "/" + key, "must be non-empty text"));
            return "";
        }
        return v.asText();
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }

    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        return () -> it;
    }
}
