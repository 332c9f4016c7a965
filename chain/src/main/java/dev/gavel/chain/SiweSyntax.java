package dev.gavel.chain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The character-level rules of the EIP-4361 grammar and the RFC 3986 pieces it borrows (authority, URI, pchar),
 * written as plain loops: no regular expression, linear in the input. Each check answers with what is wrong, in
 * words, or nothing when the value is fine.
 */
final class SiweSyntax {
    private static final int MAX_HOST_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;
    private static final int MAX_IP_LITERAL_LENGTH = 45;

    private SiweSyntax() {}

    static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isUnreserved(char c) {
        return isAlpha(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isSubDelim(char c) {
        return switch (c) {
            case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=' -> true;
            default -> false;
        };
    }

    private static boolean isGenDelim(char c) {
        return switch (c) {
            case ':', '/', '?', '#', '[', ']', '@' -> true;
            default -> false;
        };
    }

    private static boolean isReserved(char c) {
        return isGenDelim(c) || isSubDelim(c);
    }

    private static boolean isPchar(char c) {
        return isUnreserved(c) || isSubDelim(c) || c == ':' || c == '@';
    }

    /** A character as a reader can see it: {@code 'x'} when printable ASCII, {@code U+000A} otherwise. */
    static String describe(char c) {
        return c >= ' ' && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    /** A short, printable excerpt of untrusted text for a reason: quoted, escaped, cut at 64 characters. */
    static String excerpt(String text) {
        int limit = Math.min(text.length(), 64);
        var out = new StringBuilder(limit + 4).append('"');
        for (int i = 0; i < limit; i++) {
            char c = text.charAt(i);
            if (c >= ' ' && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        if (text.length() > limit) {
            out.append('…');
        }
        return out.append('"').toString();
    }

    /** {@code statement = *( reserved / unreserved / " " )}: one line of URI-safe ASCII. */
    static Optional<String> statementProblem(String statement) {
        for (int i = 0; i < statement.length(); i++) {
            char c = statement.charAt(i);
            if (c == '\n') {
                return Optional.of("must be a single line");
            }
            if (!(isReserved(c) || isUnreserved(c) || c == ' ')) {
                return Optional.of("may use letters, digits, spaces and URI punctuation only; " + describe(c)
                        + " at position " + (i + 1) + " is not allowed");
            }
        }
        return Optional.empty();
    }

    /** {@code scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )} (RFC 3986). */
    static Optional<String> schemeProblem(String scheme) {
        if (scheme.isEmpty()) {
            return Optional.of("is empty");
        }
        if (!isAlpha(scheme.charAt(0))) {
            return Optional.of("must start with a letter");
        }
        for (int i = 1; i < scheme.length(); i++) {
            char c = scheme.charAt(i);
            if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.')) {
                return Optional.of("has " + describe(c) + " at position " + (i + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code authority = [ userinfo "@" ] host [ ":" port ]} (RFC 3986), with the host a DNS name, an IPv4 address
     * or a bracketed IP literal. Stricter than RFC 3986's reg-name, as wallets and other SIWE implementations are:
     * no underscore or percent-encoding in a host name.
     */
    static Optional<String> authorityProblem(String authority) {
        if (authority.isEmpty()) {
            return Optional.of("is empty");
        }
        String hostPort = authority;
        int at = authority.indexOf('@');
        if (at >= 0) {
            var userinfo = authority.substring(0, at);
            var problem = encodedProblem(userinfo, c -> isUnreserved(c) || isSubDelim(c) || c == ':');
            if (problem.isPresent()) {
                return Optional.of("user info " + problem.get());
            }
            hostPort = authority.substring(at + 1);
        }
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return Optional.of("opens an IP literal with '[' and never closes it");
            }
            var problem = ipLiteralProblem(hostPort.substring(1, close));
            if (problem.isPresent()) {
                return problem;
            }
            var rest = hostPort.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return Optional.of("has " + describe(rest.charAt(0)) + " after the IP literal");
            }
            port = rest.isEmpty() ? null : rest.substring(1);
        } else {
            int colon = hostPort.indexOf(':');
            port = colon < 0 ? null : hostPort.substring(colon + 1);
            var problem = hostNameProblem(colon < 0 ? hostPort : hostPort.substring(0, colon));
            if (problem.isPresent()) {
                return problem;
            }
        }
        return port == null ? Optional.empty() : portProblem(port);
    }

    private static Optional<String> hostNameProblem(String host) {
        if (host.isEmpty()) {
            return Optional.of("names no host");
        }
        if (host.length() > MAX_HOST_LENGTH) {
            return Optional.of("has a host name longer than " + MAX_HOST_LENGTH + " characters");
        }
        int labelStart = 0;
        for (int i = 0; i <= host.length(); i++) {
            if (i == host.length() || host.charAt(i) == '.') {
                int length = i - labelStart;
                if (length == 0) {
                    return Optional.of("has an empty label in host " + excerpt(host));
                }
                if (length > MAX_LABEL_LENGTH) {
                    return Optional.of("has a label longer than " + MAX_LABEL_LENGTH + " characters");
                }
                if (host.charAt(labelStart) == '-' || host.charAt(i - 1) == '-') {
                    return Optional.of("has a label starting or ending with '-' in host " + excerpt(host));
                }
                labelStart = i + 1;
            } else {
                char c = host.charAt(i);
                if (!(isAlpha(c) || isDigit(c) || c == '-')) {
                    return Optional.of("host " + excerpt(host) + " is not a host name: " + describe(c) + " at position "
                            + (i + 1));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> ipLiteralProblem(String literal) {
        if (literal.isEmpty() || literal.length() > MAX_IP_LITERAL_LENGTH || literal.indexOf(':') < 0) {
            return Optional.of("has an IP literal that is not an IPv6 address");
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (!(isHex(c) || c == ':' || c == '.')) {
                return Optional.of("has " + describe(c) + " in its IP literal");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> portProblem(String port) {
        if (port.isEmpty() || port.length() > 5) {
            return Optional.of("has a port that is not 1 to 5 digits");
        }
        for (int i = 0; i < port.length(); i++) {
            if (!isDigit(port.charAt(i))) {
                return Optional.of("has a port that is not a number: " + describe(port.charAt(i)));
            }
        }
        return Integer.parseInt(port) > 65_535 ? Optional.of("has a port above 65535") : Optional.empty();
    }

    /**
     * {@code URI} of RFC 3986: a scheme, then only URI characters with well-formed percent-encoding, and the whole
     * accepted by {@link java.net.URI} as well.
     */
    static Optional<String> uriProblem(String uri) {
        if (uri.isEmpty()) {
            return Optional.of("is empty");
        }
        int colon = uri.indexOf(':');
        if (colon < 0) {
            return Optional.of("is not an absolute URI (it has no scheme, as in https://…)");
        }
        var scheme = schemeProblem(uri.substring(0, colon));
        if (scheme.isPresent()) {
            return Optional.of("is not an absolute URI: its scheme " + scheme.get());
        }
        var chars = encodedProblem(uri, c -> isUnreserved(c) || isReserved(c));
        if (chars.isPresent()) {
            return chars;
        }
        if (uri.indexOf('#') != uri.lastIndexOf('#')) {
            return Optional.of("has more than one '#'");
        }
        try {
            new URI(uri);
            return Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.of("is not a URI: " + e.getReason());
        }
    }

    /** {@code request-id = *pchar}. */
    static Optional<String> requestIdProblem(String requestId) {
        return encodedProblem(requestId, SiweSyntax::isPchar);
    }

    /** {@code nonce = 8*( ALPHA / DIGIT )}. */
    static Optional<String> nonceProblem(String nonce) {
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (!(isAlpha(c) || isDigit(c))) {
                return Optional.of("may use ASCII letters and digits only; " + describe(c) + " at position " + (i + 1)
                        + " is not allowed");
            }
        }
        return nonce.length() < 8
                ? Optional.of("must be at least 8 letters or digits, this one has " + nonce.length())
                : Optional.empty();
    }

    private interface CharClass {
        boolean allows(char c);
    }

    /** Every character in {@code allowed} or a percent-encoded byte ({@code %} and two hex digits). */
    private static Optional<String> encodedProblem(String text, CharClass allowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                    return Optional.of("has a '%' at position " + (i + 1) + " not followed by two hex digits");
                }
                i += 2;
            } else if (!allowed.allows(c)) {
                return Optional.of("has " + describe(c) + " at position " + (i + 1) + ", which is not allowed there");
            }
        }
        return Optional.empty();
    }
}
