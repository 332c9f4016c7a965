package dev.gavel.chain;

import static dev.gavel.chain.SiweMessage.CHAIN_ID_LABEL;
import static dev.gavel.chain.SiweMessage.EXPIRATION_TIME_LABEL;
import static dev.gavel.chain.SiweMessage.HEADER_SUFFIX;
import static dev.gavel.chain.SiweMessage.ISSUED_AT_LABEL;
import static dev.gavel.chain.SiweMessage.MAX_LENGTH;
import static dev.gavel.chain.SiweMessage.NONCE_LABEL;
import static dev.gavel.chain.SiweMessage.NOT_BEFORE_LABEL;
import static dev.gavel.chain.SiweMessage.REQUEST_ID_LABEL;
import static dev.gavel.chain.SiweMessage.RESOURCES_LABEL;
import static dev.gavel.chain.SiweMessage.RESOURCE_PREFIX;
import static dev.gavel.chain.SiweMessage.URI_LABEL;
import static dev.gavel.chain.SiweMessage.VERSION;
import static dev.gavel.chain.SiweMessage.VERSION_LABEL;

import dev.gavel.chain.SiweMessage.ParseResult;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the EIP-4361 grammar line by line, in one pass: every field has a fixed place, so each line is compared
 * with the one label expected there and its value checked by {@link SiweSyntax}. Linear in the length of the text,
 * with no regular expression; a failure names the line (1-based) and the field.
 */
final class SiweParser {
    private static final List<String> OPTIONAL_LABELS =
            List.of(EXPIRATION_TIME_LABEL, NOT_BEFORE_LABEL, REQUEST_ID_LABEL, RESOURCES_LABEL);

    private final List<String> lines;
    private int next;

    private SiweParser(List<String> lines) {
        this.lines = lines;
    }

    static ParseResult parse(String text) {
        if (text == null || text.isEmpty()) {
            return new ParseResult.Invalid("the message is empty");
        }
        if (text.length() > MAX_LENGTH) {
            return new ParseResult.Invalid("the message is longer than " + MAX_LENGTH + " characters");
        }
        try {
            return new ParseResult.Parsed(new SiweParser(splitLines(text)).message());
        } catch (Reject reject) {
            return new ParseResult.Invalid(reject.getMessage());
        }
    }

    /** Split on LF only, keeping empty lines (a trailing LF makes an empty last line). */
    private static List<String> splitLines(String text) {
        var lines = new ArrayList<String>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i));
                start = i + 1;
            }
        }
        lines.add(text.substring(start));
        return lines;
    }

    private SiweMessage message() throws Reject {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).indexOf('\r') >= 0) {
                throw reject(i + 1, "has a carriage return; SIWE lines end with a bare line feed (LF)");
            }
        }
        var header = lines.get(0);
        if (!header.endsWith(HEADER_SUFFIX)) {
            throw reject(1, "must end with \"" + HEADER_SUFFIX.strip() + "\"");
        }
        var origin = header.substring(0, header.length() - HEADER_SUFFIX.length());
        Optional<String> scheme = Optional.empty();
        var domain = origin;
        int separator = origin.indexOf("://");
        if (separator >= 0) {
            scheme = Optional.of(origin.substring(0, separator));
            domain = origin.substring(separator + 3);
            check(1, "scheme", SiweSyntax.schemeProblem(scheme.get()));
        }
        if (domain.isEmpty()) {
            throw reject(1, "names no domain before \"wants you to sign in\"");
        }
        check(1, "domain", SiweSyntax.authorityProblem(domain));

        var address = line(2, "the address");
        var checked = Wallets.check(address);
        if (checked instanceof AddressCheck.Invalid invalid) {
            throw reject(2, "address " + SiweSyntax.excerpt(address) + ": " + invalid.reason());
        }
        var checksummed = checked.address().orElseThrow();
        if (!checksummed.equals(address)) {
            throw reject(2, "address is not EIP-55 checksummed; write it as " + checksummed);
        }
        if (!line(3, "an empty line").isEmpty()) {
            throw reject(3, "must be empty (after the address)");
        }
        Optional<String> statement = statement();

        var uri = field(URI_LABEL);
        check(next, "URI", SiweSyntax.uriProblem(uri));
        var version = field(VERSION_LABEL);
        if (!VERSION.equals(version)) {
            throw reject(next, "Version must be " + VERSION + ", not " + SiweSyntax.excerpt(version));
        }
        long chainId = chainId(field(CHAIN_ID_LABEL));
        var nonce = field(NONCE_LABEL);
        check(next, "Nonce", SiweSyntax.nonceProblem(nonce));
        var issuedAt = time(field(ISSUED_AT_LABEL), "Issued At");

        Optional<OffsetDateTime> expirationTime = Optional.empty();
        if (optional(EXPIRATION_TIME_LABEL)) {
            expirationTime = Optional.of(time(field(EXPIRATION_TIME_LABEL), "Expiration Time"));
        }
        Optional<OffsetDateTime> notBefore = Optional.empty();
        if (optional(NOT_BEFORE_LABEL)) {
            notBefore = Optional.of(time(field(NOT_BEFORE_LABEL), "Not Before"));
        }
        Optional<String> requestId = Optional.empty();
        if (optional(REQUEST_ID_LABEL)) {
            requestId = Optional.of(field(REQUEST_ID_LABEL));
            check(next, "Request ID", SiweSyntax.requestIdProblem(requestId.get()));
        }
        var resources = new ArrayList<String>();
        if (next < lines.size() && lines.get(next).equals(RESOURCES_LABEL)) {
            next++;
            while (next < lines.size() && lines.get(next).startsWith(RESOURCE_PREFIX)) {
                var resource = lines.get(next++).substring(RESOURCE_PREFIX.length());
                check(next, "resource", SiweSyntax.uriProblem(resource));
                resources.add(resource);
            }
        }
        if (next < lines.size()) {
            throw unexpected(next + 1, lines.get(next));
        }
        try {
            return new SiweMessage(
                    scheme,
                    domain,
                    address,
                    statement,
                    uri,
                    version,
                    chainId,
                    nonce,
                    issuedAt,
                    expirationTime,
                    notBefore,
                    requestId,
                    resources);
        } catch (IllegalArgumentException e) {
            // every field was checked above; what is left is the whole (a message too long to write back)
            throw new Reject(e.getMessage());
        }
    }

    /**
     * After the address and its empty line: either an empty line (no statement) or the statement and an empty line.
     * A statement may be present and empty, which makes three empty lines.
     */
    private Optional<String> statement() throws Reject {
        var fourth = line(4, "a statement or an empty line");
        if (fourth.isEmpty()) {
            if (lines.size() > 5 && lines.get(4).isEmpty()) {
                next = 5;
                return Optional.of("");
            }
            next = 4;
            return Optional.empty();
        }
        if (fourth.startsWith(URI_LABEL) && lines.size() > 4 && lines.get(4).startsWith(VERSION_LABEL)) {
            throw reject(4, "must be empty: a message without a statement has two empty lines before \"URI:\"");
        }
        check(4, "statement", SiweSyntax.statementProblem(fourth));
        if (!line(5, "an empty line after the statement").isEmpty()) {
            throw reject(5, "must be empty: the statement is a single line, followed by an empty line");
        }
        next = 5;
        return Optional.of(fourth);
    }

    /** The value of the line at {@code next}, which must start with {@code label}; moves past it. */
    private String field(String label) throws Reject {
        int number = next + 1;
        if (next >= lines.size()) {
            throw reject(number, "is missing: expected \"" + label.strip() + "\" but the message ends");
        }
        var line = lines.get(next);
        if (!line.startsWith(label)) {
            var found = line.isEmpty() ? "an empty line" : SiweSyntax.excerpt(line);
            throw reject(number, "expected \"" + label + "…\", found " + found);
        }
        next++;
        return line.substring(label.length());
    }

    private boolean optional(String label) {
        return next < lines.size() && lines.get(next).startsWith(label);
    }

    private Reject unexpected(int number, String line) {
        if (line.isEmpty()) {
            return reject(number, "is an unexpected empty line (the message ends with its last field, no line break)");
        }
        for (var label : OPTIONAL_LABELS) {
            if (line.startsWith(label.strip())) {
                return reject(
                        number,
                        "\"" + label.strip() + "\" is out of place or malformed: after Issued At come Expiration Time,"
                                + " Not Before, Request ID and Resources, each at most once, in that order,"
                                + " written \"Label: value\"");
            }
        }
        return reject(number, "unexpected " + SiweSyntax.excerpt(line));
    }

    private long chainId(String digits) throws Reject {
        int number = next;
        if (digits.isEmpty()) {
            throw reject(number, "Chain ID is empty");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!SiweSyntax.isDigit(digits.charAt(i))) {
                throw reject(number, "Chain ID " + SiweSyntax.excerpt(digits) + " is not a number");
            }
        }
        if (digits.charAt(0) == '0') {
            throw reject(number, "Chain ID must be a positive number without leading zeros");
        }
        if (digits.length() > 18) { // beyond any chain id, and keeps the value inside a long
            throw reject(number, "Chain ID is too large");
        }
        return Long.parseLong(digits);
    }

    private OffsetDateTime time(String text, String field) throws Reject {
        var reading = Rfc3339.read(text);
        if (reading.value().isEmpty()) {
            throw reject(next, field + " " + reading.problem());
        }
        return reading.value().get();
    }

    private String line(int number, String expected) throws Reject {
        if (number > lines.size()) {
            throw reject(number, "is missing: expected " + expected + " but the message ends");
        }
        return lines.get(number - 1);
    }

    private static void check(int number, String field, Optional<String> problem) throws Reject {
        if (problem.isPresent()) {
            throw reject(number, field + " " + problem.get());
        }
    }

    private static Reject reject(int number, String why) {
        return new Reject("line " + number + ": " + why);
    }

    /** Ends a parse with a reason; internal, never escapes {@link #parse(String)}. */
    private static final class Reject extends Exception {
        private static final long serialVersionUID = 1L;

        Reject(String reason) {
            super(reason, null, false, false);
        }
    }
}
