package dev.gavel.chain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Sign-In with Ethereum message (EIP-4361): what a wallet shows its owner and signs to prove it controls
 * {@link #address()} for {@link #domain()}. {@link #text()} writes the exact text to sign; {@link #parse(String)}
 * reads one back, strictly.
 *
 * <pre>
 * gavel.example wants you to sign in with your Ethereum account:
 * 0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2
 *
 * Link this wallet to @alice on Gavel.
 *
 * URI: https://gavel.example/link
 * Version: 1
 * Chain ID: 1
 * Nonce: 32891756abc
 * Issued At: 2021-09-30T16:25:24Z
 * Expiration Time: 2021-09-30T16:35:24Z
 * </pre>
 *
 * <p>Every component is validated on construction ({@link IllegalArgumentException} names the bad one), so a
 * message always has a text that {@link #parse(String)} reads back to an equal message. Timestamps keep the offset
 * they were written with; {@link #text()} writes them canonically (seconds always, a fraction only when not zero),
 * so a parsed message's text can differ from the original in such details: check signatures against the text that
 * was signed, as {@link SiweVerifier} does. An empty {@code Resources:} section is read as no resources.
 *
 * @param scheme the optional URI scheme of the requesting origin ({@code https}), written before the domain
 * @param domain the RFC 3986 authority asking for the sign-in ({@code gavel.example}, {@code localhost:8080})
 * @param address the signing account, EIP-55 checksummed
 * @param statement an optional one-line, human-readable assertion (may be present and empty)
 * @param uri the RFC 3986 URI the sign-in is about
 * @param version always {@code "1"}
 * @param chainId the EIP-155 chain the session is bound to
 * @param nonce at least 8 ASCII letters or digits, chosen by Gavel; single use is the caller's to enforce
 * @param issuedAt when the message was made
 * @param expirationTime when the message stops being valid, if ever
 * @param notBefore when the message starts being valid, if not at once
 * @param requestId an optional identifier of the request (RFC 3986 path characters)
 * @param resources URIs the signer wants resolved as part of the sign-in, in order
 */
public record SiweMessage(
        Optional<String> scheme,
        String domain,
        String address,
        Optional<String> statement,
        String uri,
        String version,
        long chainId,
        String nonce,
        OffsetDateTime issuedAt,
        Optional<OffsetDateTime> expirationTime,
        Optional<OffsetDateTime> notBefore,
        Optional<String> requestId,
        List<String> resources) {

    /** The only version EIP-4361 defines. */
    public static final String VERSION = "1";

    /** No text longer than this many characters is read, and no longer message can be made. */
    public static final int MAX_LENGTH = 32_768;

    static final String HEADER_SUFFIX = " wants you to sign in with your Ethereum account:";
    static final String URI_LABEL = "URI: ";
    static final String VERSION_LABEL = "Version: ";
    static final String CHAIN_ID_LABEL = "Chain ID: ";
    static final String NONCE_LABEL = "Nonce: ";
    static final String ISSUED_AT_LABEL = "Issued At: ";
    static final String EXPIRATION_TIME_LABEL = "Expiration Time: ";
    static final String NOT_BEFORE_LABEL = "Not Before: ";
    static final String REQUEST_ID_LABEL = "Request ID: ";
    static final String RESOURCES_LABEL = "Resources:";
    static final String RESOURCE_PREFIX = "- ";

    public SiweMessage {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expirationTime, "expirationTime");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(requestId, "requestId");
        resources = List.copyOf(resources);
        scheme.ifPresent(s -> require("scheme", SiweSyntax.schemeProblem(s)));
        require("domain", SiweSyntax.authorityProblem(domain));
        if (!Wallets.isChecksummed(address)) {
            throw new IllegalArgumentException("address " + SiweSyntax.excerpt(address)
                    + " is not an EIP-55 checksummed address; see Wallets.normalize");
        }
        statement.ifPresent(s -> require("statement", SiweSyntax.statementProblem(s)));
        require("uri", SiweSyntax.uriProblem(uri));
        if (!VERSION.equals(version)) {
            throw new IllegalArgumentException("version must be " + VERSION + ", not " + SiweSyntax.excerpt(version));
        }
        if (chainId < 1) {
            throw new IllegalArgumentException("chainId must be positive, not " + chainId);
        }
        require("nonce", SiweSyntax.nonceProblem(nonce));
        require("issuedAt", Rfc3339.problem(issuedAt));
        expirationTime.ifPresent(t -> require("expirationTime", Rfc3339.problem(t)));
        notBefore.ifPresent(t -> require("notBefore", Rfc3339.problem(t)));
        requestId.ifPresent(r -> require("requestId", SiweSyntax.requestIdProblem(r)));
        for (int i = 0; i < resources.size(); i++) {
            require("resource " + (i + 1), SiweSyntax.uriProblem(resources.get(i)));
        }
        int length = render(
                        scheme,
                        domain,
                        address,
                        statement,
                        uri,
                        chainId,
                        nonce,
                        issuedAt,
                        expirationTime,
                        notBefore,
                        requestId,
                        resources)
                .length();
        if (length > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "the message would be " + length + " characters long, more than " + MAX_LENGTH);
        }
    }

    /**
     * A message with the required fields and no optional ones; add them with the {@code with} methods.
     *
     * @param address any valid address; it is stored checksummed
     * @throws IllegalArgumentException naming the first invalid field
     */
    public static SiweMessage of(
            String domain, String address, String uri, long chainId, String nonce, Instant issuedAt) {
        var checked = Wallets.check(address);
        if (checked instanceof AddressCheck.Invalid invalid) {
            throw new IllegalArgumentException("address: " + invalid.reason());
        }
        return new SiweMessage(
                Optional.empty(),
                domain,
                checked.address().orElseThrow(),
                Optional.empty(),
                uri,
                VERSION,
                chainId,
                nonce,
                utc(issuedAt),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of());
    }

    /** Reads a message strictly by the EIP-4361 grammar. Never throws: any text gets an answer, in linear time. */
    public static ParseResult parse(String text) {
        return SiweParser.parse(text);
    }

    /** What {@link #parse(String)} made of a text. */
    public sealed interface ParseResult {
        /** The text is a SIWE message. */
        record Parsed(SiweMessage message) implements ParseResult {}

        /** The text is not a SIWE message; the reason names the offending line and field. */
        record Invalid(String reason) implements ParseResult {}
    }

    /** The exact text a wallet signs, LF-separated with no line break at the end. */
    public String text() {
        return render(
                scheme,
                domain,
                address,
                statement,
                uri,
                chainId,
                nonce,
                issuedAt,
                expirationTime,
                notBefore,
                requestId,
                resources);
    }

    public SiweMessage withScheme(String scheme) {
        return new SiweMessage(
                Optional.of(scheme),
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
    }

    public SiweMessage withStatement(String statement) {
        return new SiweMessage(
                scheme,
                domain,
                address,
                Optional.of(statement),
                uri,
                version,
                chainId,
                nonce,
                issuedAt,
                expirationTime,
                notBefore,
                requestId,
                resources);
    }

    public SiweMessage withExpirationTime(Instant expirationTime) {
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
                Optional.of(utc(expirationTime)),
                notBefore,
                requestId,
                resources);
    }

    public SiweMessage withNotBefore(Instant notBefore) {
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
                Optional.of(utc(notBefore)),
                requestId,
                resources);
    }

    public SiweMessage withRequestId(String requestId) {
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
                Optional.of(requestId),
                resources);
    }

    public SiweMessage withResources(List<String> resources) {
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
    }

    /** The origin as written in the first line: the domain, after {@code scheme://} when there is one. */
    public String origin() {
        return scheme.map(s -> s + "://" + domain).orElse(domain);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(Objects.requireNonNull(instant, "instant"), ZoneOffset.UTC);
    }

    private static void require(String field, Optional<String> problem) {
        if (problem.isPresent()) {
            throw new IllegalArgumentException(field + " " + problem.get());
        }
    }

    private static String render(
            Optional<String> scheme,
            String domain,
            String address,
            Optional<String> statement,
            String uri,
            long chainId,
            String nonce,
            OffsetDateTime issuedAt,
            Optional<OffsetDateTime> expirationTime,
            Optional<OffsetDateTime> notBefore,
            Optional<String> requestId,
            List<String> resources) {
        var out = new StringBuilder(512);
        scheme.ifPresent(s -> out.append(s).append("://"));
        out.append(domain).append(HEADER_SUFFIX).append('\n');
        out.append(address).append('\n');
        out.append('\n');
        statement.ifPresent(s -> out.append(s).append('\n'));
        out.append('\n');
        out.append(URI_LABEL).append(uri).append('\n');
        out.append(VERSION_LABEL).append(VERSION).append('\n');
        out.append(CHAIN_ID_LABEL).append(chainId).append('\n');
        out.append(NONCE_LABEL).append(nonce).append('\n');
        out.append(ISSUED_AT_LABEL).append(Rfc3339.format(issuedAt));
        expirationTime.ifPresent(
                t -> out.append('\n').append(EXPIRATION_TIME_LABEL).append(Rfc3339.format(t)));
        notBefore.ifPresent(t -> out.append('\n').append(NOT_BEFORE_LABEL).append(Rfc3339.format(t)));
        requestId.ifPresent(r -> out.append('\n').append(REQUEST_ID_LABEL).append(r));
        if (!resources.isEmpty()) {
            out.append('\n').append(RESOURCES_LABEL);
            resources.forEach(r -> out.append('\n').append(RESOURCE_PREFIX).append(r));
        }
        return out.toString();
    }
}
