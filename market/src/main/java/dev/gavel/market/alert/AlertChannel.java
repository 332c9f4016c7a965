package dev.gavel.market.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an alert is told, as API.md writes it: {@code {"webhook":"https://…"}} (a signed JSON POST) or {@code
 * {"email":"a@b.c"}}. Only the syntax is checked here; whether a webhook's host resolves, and to where, is the
 * server's to check.
 */
public sealed interface AlertChannel {
    int MAX_URL_LENGTH = 2048;
    int MAX_EMAIL_LENGTH = 254;

    /** {@code "webhook"} or {@code "email"}: the channel's name in JSON and in the delivery log. */
    String kind();

    /** The URL or the address. */
    String target();

    /** An absolute http or https URL with a host, without user info or a fragment. */
    record Webhook(URI url) implements AlertChannel {
        public Webhook {
            Objects.requireNonNull(url, "url");
            String problem = problem(url);
            if (problem != null) {
                throw new IllegalArgumentException("not a webhook URL (" + problem + "): " + url);
            }
        }

        @Override
        public String kind() {
            return "webhook";
        }

        @Override
        public String target() {
            return url.toString();
        }

        static String problem(URI url) {
            if (!url.isAbsolute() || url.getScheme() == null) {
                return "must be an absolute URL such as \"https://example.com/hooks/gavel\"";
            }
            String scheme = url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return "must be an http or https URL, not " + scheme;
            }
            if (url.getHost() == null || url.getHost().isEmpty()) {
                return "must name a host, such as \"https://example.com/hooks/gavel\"";
            }
            if (url.getPort() > 65_535) {
                return "has no such port: " + url.getPort();
            }
            if (url.getRawUserInfo() != null) {
                return "must not carry a user name or password; put a token in the path instead";
            }
            if (url.getRawFragment() != null) {
                return "must not have a fragment (#…): it is never sent";
            }
            return null;
        }
    }

    /** An e-mail address: local part, {@code @}, a domain with a dot; no spaces or line breaks. */
    record Email(String address) implements AlertChannel {
        private static final Pattern ADDRESS =
                Pattern.compile("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                        + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");

        public Email {
            Objects.requireNonNull(address, "address");
            if (!valid(address)) {
                throw new IllegalArgumentException("not an e-mail address: " + address);
            }
        }

        @Override
        public String kind() {
            return "email";
        }

        @Override
        public String target() {
            return address;
        }

        static boolean valid(String address) {
            int at = address.indexOf('@');
            return address.length() <= MAX_EMAIL_LENGTH
                    && at > 0
                    && at <= 64
                    && ADDRESS.matcher(address).matches();
        }
    }

    /** The channel the JSON form gives, or every problem with it (fields relative to the channel object). */
    static Parsed<AlertChannel> parse(JsonNode node) {
        String shapes = "{\"webhook\":\"https://…\"} or {\"email\":\"you@example.com\"}";
        if (node == null || !node.isObject()) {
            return Parsed.problem("", "must be an object: " + shapes);
        }
        if (node.size() != 1) {
            return Parsed.problem("", "give exactly one of webhook or email: " + shapes);
        }
        var field = node.properties().iterator().next();
        String name = field.getKey();
        JsonNode value = field.getValue();
        if (!name.equals("webhook") && !name.equals("email")) {
            return Parsed.problem(name, "is not a channel; give " + shapes);
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            return Parsed.problem(name, "must be a string: " + shapes);
        }
        String text = value.asText().strip();
        if (name.equals("email")) {
            return Email.valid(text)
                    ? Parsed.ok(new Email(text))
                    : Parsed.problem(name, "is not an e-mail address such as \"you@example.com\"");
        }
        if (text.length() > MAX_URL_LENGTH) {
            return Parsed.problem(name, "is longer than " + MAX_URL_LENGTH + " characters");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            return Parsed.problem(name, "is not a URL: " + e.getReason() + " at index " + e.getIndex());
        }
        String problem = Webhook.problem(url);
        return problem == null ? Parsed.ok(new Webhook(url)) : Parsed.problem(name, problem);
    }

    /** The JSON form, as {@link #parse} reads it. */
    default ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put(kind(), target());
    }
}
