package dev.gavel.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.chain.SiweMessage.ParseResult;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The EIP-4361 text: written exactly, read back strictly, and every refusal says which line and why. */
class SiweMessageTest {
    private static final String ADDRESS = "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2";
    private static final Instant ISSUED = Instant.parse("2021-09-30T16:25:24Z");

    private static final SiweMessage MINIMAL =
            SiweMessage.of("gavel.example", ADDRESS, "https://gavel.example/link", 1, "32891756abc", ISSUED);
    private static final SiweMessage FULL = MINIMAL.withScheme("https")
            .withStatement("Link this wallet to @alice on Gavel.")
            .withExpirationTime(ISSUED.plusSeconds(600))
            .withNotBefore(ISSUED.minusSeconds(5))
            .withRequestId("req-42")
            .withResources(List.of(
                    "ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/",
                    "https://gavel.example/tos"));

    private static final String FULL_TEXT = """
            https://gavel.example wants you to sign in with your Ethereum account:
            0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2

            Link this wallet to @alice on Gavel.

            URI: https://gavel.example/link
            Version: 1
            Chain ID: 1
            Nonce: 32891756abc
            Issued At: 2021-09-30T16:25:24Z
            Expiration Time: 2021-09-30T16:35:24Z
            Not Before: 2021-09-30T16:25:19Z
            Request ID: req-42
            Resources:
            - ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/
            - https://gavel.example/tos""";

    private static SiweMessage parsed(String text) {
        var result = SiweMessage.parse(text);
        assertThat(result).as(text).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).message();
    }

    @Test
    void a_message_with_every_field_is_written_in_the_eip_4361_layout() {
        assertThat(FULL.text()).isEqualTo(FULL_TEXT);
    }

    @Test
    void a_message_without_a_statement_has_two_empty_lines_before_the_uri() {
        assertThat(MINIMAL.text()).isEqualTo("""
                gavel.example wants you to sign in with your Ethereum account:
                0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2


                URI: https://gavel.example/link
                Version: 1
                Chain ID: 1
                Nonce: 32891756abc
                Issued At: 2021-09-30T16:25:24Z""");
    }

    static Stream<SiweMessage> messages() {
        return Stream.of(
                MINIMAL,
                FULL,
                MINIMAL.withStatement(""),
                MINIMAL.withStatement("I accept the Terms: https://gavel.example/tos?x=1&y=2#top (really!)"),
                MINIMAL.withRequestId(""),
                MINIMAL.withRequestId("a:b@c%20d"),
                MINIMAL.withResources(List.of("did:pkh:eip155:1:" + ADDRESS)),
                MINIMAL.withExpirationTime(Instant.parse("2100-01-07T14:31:43.952Z")),
                MINIMAL.withNotBefore(Instant.parse("2021-09-30T16:25:24.000001Z")),
                MINIMAL.withNotBefore(Instant.parse("2021-09-30T16:25:24.123456789Z")),
                new SiweMessage(
                        Optional.empty(),
                        "user:pw@[::1]:8080",
                        ADDRESS,
                        Optional.empty(),
                        "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
                        "1",
                        8453,
                        "ABCDEFGH",
                        OffsetDateTime.of(2025, 2, 28, 23, 59, 59, 0, ZoneOffset.ofHoursMinutes(-5, -30)),
                        Optional.of(OffsetDateTime.of(2025, 3, 1, 1, 0, 0, 500_000_000, ZoneOffset.ofHours(2))),
                        Optional.empty(),
                        Optional.empty(),
                        List.of()));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void every_message_reads_back_from_its_text_unchanged(SiweMessage message) {
        var text = message.text();

        assertThat(SiweMessage.parse(text)).isEqualTo(new ParseResult.Parsed(message));
        assertThat(parsed(text).text()).isEqualTo(text);
    }

    /** The three examples in EIP-4361 itself: implicit scheme, explicit port, explicit scheme. */
    @ParameterizedTest
    @MethodSource("specExamples")
    void the_examples_of_the_specification_parse_and_print_back_identically(String origin) {
        var text = origin + """
                 wants you to sign in with your Ethereum account:
                0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2

                I accept the ExampleOrg Terms of Service: https://example.com/tos

                URI: https://example.com/login
                Version: 1
                Chain ID: 1
                Nonce: 32891756
                Issued At: 2021-09-30T16:25:24Z
                Resources:
                - ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/
                - https://example.com/my-web2-claim.json""";

        var message = parsed(text);

        assertThat(message.origin()).isEqualTo(origin);
        assertThat(message.address()).isEqualTo(ADDRESS);
        assertThat(message.statement()).contains("I accept the ExampleOrg Terms of Service: https://example.com/tos");
        assertThat(message.nonce()).isEqualTo("32891756");
        assertThat(message.resources()).hasSize(2);
        assertThat(message.text()).isEqualTo(text);
    }

    static Stream<String> specExamples() {
        return Stream.of("example.com", "example.com:3388", "https://example.com");
    }

    @Test
    void timestamps_keep_their_meaning_and_offset_and_are_written_canonically() {
        var text = MINIMAL.text().replace("2021-09-30T16:25:24Z", "2021-09-30t18:25:24.500+02:00");

        var message = parsed(text);

        assertThat(message.issuedAt()).isEqualTo(OffsetDateTime.parse("2021-09-30T18:25:24.5+02:00"));
        assertThat(message.issuedAt().toInstant()).isEqualTo(Instant.parse("2021-09-30T16:25:24.5Z"));
        assertThat(message.text()).contains("Issued At: 2021-09-30T18:25:24.500+02:00");
    }

    @Test
    void an_empty_resources_section_reads_as_no_resources() {
        var message = parsed(MINIMAL.text() + "\nResources:");

        assertThat(message).isEqualTo(MINIMAL);
    }

    static Stream<Arguments> malformedTexts() {
        String base = FULL_TEXT;
        return Stream.of(
                Arguments.of("nothing", "", "the message is empty"),
                Arguments.of("too long", base + "x".repeat(SiweMessage.MAX_LENGTH), "longer than 32768"),
                Arguments.of("not a sign-in", "gm", "line 1: must end with \"wants you to sign in"),
                Arguments.of(
                        "no domain", base.replace("https://gavel.example wants", " wants"), "line 1: names no domain"),
                Arguments.of(
                        "empty domain",
                        base.replace("https://gavel.example wants", "https:// wants"),
                        "line 1: names no domain"),
                Arguments.of(
                        "domain not a host name",
                        base.replace("https://gavel.example wants", "not_rfc4501 wants"),
                        "line 1: domain host \"not_rfc4501\" is not a host name: '_' at position 4"),
                Arguments.of(
                        "bad port",
                        base.replace("https://gavel.example wants", "gavel.example:99999 wants"),
                        "line 1: domain has a port above 65535"),
                Arguments.of(
                        "bad scheme",
                        base.replace("https://gavel.example wants", "1http://gavel.example wants"),
                        "line 1: scheme must start with a letter"),
                Arguments.of("missing address", base.replace(ADDRESS + "\n", ""), "line 2: address \"\": no address"),
                Arguments.of(
                        "lower-case address",
                        base.replace(ADDRESS, ADDRESS.toLowerCase(java.util.Locale.ROOT)),
                        "line 2: address is not EIP-55 checksummed; write it as " + ADDRESS),
                Arguments.of(
                        "checksum typo",
                        base.replace(ADDRESS, ADDRESS.replace("aaA", "AaA")),
                        "line 2: address \"0xC02AaA39b223FE8D0A0e5C4F27eAD9083C756Cc2\": the capital letters"),
                Arguments.of("short address", base.replace(ADDRESS, ADDRESS.substring(0, 41)), "line 2: address"),
                Arguments.of(
                        "no empty line after the address",
                        base.replace(ADDRESS + "\n\n", ADDRESS + "\n"),
                        "line 3: must be empty"),
                Arguments.of(
                        "statement with a line break",
                        base.replace("Link this wallet", "Link this\nwallet"),
                        "line 5: must be empty: the statement is a single line"),
                Arguments.of(
                        "statement with a character outside URI punctuation",
                        base.replace("@alice", "\"alice\""),
                        "line 4: statement may use letters, digits, spaces and URI punctuation only; '\"'"),
                Arguments.of(
                        "statement not in ASCII",
                        base.replace("Gavel.", "Gável."),
                        "line 4: statement may use letters, digits, spaces and URI punctuation only; U+00E1"),
                Arguments.of(
                        "old layout: one empty line when there is no statement",
                        MINIMAL.text().replace("\n\n\nURI", "\n\nURI"),
                        "line 4: must be empty: a message without a statement has two empty lines"),
                Arguments.of(
                        "an empty line too many before the statement",
                        base.replace("\n\nLink", "\n\n\nLink"),
                        "line 5: expected \"URI: …\", found \"Link this wallet"),
                Arguments.of(
                        "missing URI",
                        base.replace("URI: https://gavel.example/link\n", ""),
                        "line 6: expected \"URI: …\", found \"Version: 1\""),
                Arguments.of(
                        "URI without a scheme",
                        base.replace("URI: https://gavel.example/link", "URI: _not_a_rfc3986_valid_uri_"),
                        "line 6: URI is not an absolute URI"),
                Arguments.of(
                        "URI with a space",
                        base.replace("URI: https://gavel.example/link", "URI: https://gavel.example/a link"),
                        "line 6: URI has ' ' at position 24"),
                Arguments.of(
                        "URI with a broken percent-encoding",
                        base.replace("URI: https://gavel.example/link", "URI: https://gavel.example/%zz"),
                        "line 6: URI has a '%' at position 23 not followed by two hex digits"),
                Arguments.of(
                        "lower-case label",
                        base.replace("URI: ", "uri: "),
                        "line 6: expected \"URI: …\", found \"uri: "),
                Arguments.of(
                        "wrong version",
                        base.replace("Version: 1", "Version: 2"),
                        "line 7: Version must be 1, not \"2\""),
                Arguments.of(
                        "fields out of order",
                        base.replace("Version: 1\nChain ID: 1", "Chain ID: 1\nVersion: 1"),
                        "line 7: expected \"Version: …\", found \"Chain ID: 1\""),
                Arguments.of(
                        "missing chain id",
                        base.replace("Chain ID: 1\n", ""),
                        "line 8: expected \"Chain ID: …\", found \"Nonce: 32891756abc\""),
                Arguments.of(
                        "chain id not a number",
                        base.replace("Chain ID: 1", "Chain ID: ?"),
                        "line 8: Chain ID \"?\" is not a number"),
                Arguments.of(
                        "chain id with a leading zero",
                        base.replace("Chain ID: 1", "Chain ID: 01"),
                        "line 8: Chain ID must be a positive number"),
                Arguments.of(
                        "chain id zero",
                        base.replace("Chain ID: 1", "Chain ID: 0"),
                        "line 8: Chain ID must be a positive number"),
                Arguments.of(
                        "chain id too large",
                        base.replace("Chain ID: 1", "Chain ID: 99999999999999999999"),
                        "line 8: Chain ID is too large"),
                Arguments.of(
                        "short nonce",
                        base.replace("Nonce: 32891756abc", "Nonce: 1234567"),
                        "line 9: Nonce must be at least 8 letters or digits, this one has 7"),
                Arguments.of(
                        "nonce with punctuation",
                        base.replace("Nonce: 32891756abc", "Nonce: 32891756-abc"),
                        "line 9: Nonce may use ASCII letters and digits only; '-' at position 9"),
                Arguments.of(
                        "issued at in another format",
                        base.replace("2021-09-30T16:25:24Z", "Wed Oct 05 2011 16:48:00 GMT+0200 (CEST)"),
                        "line 10: Issued At \"Wed Oct 05 2011 16:48:00 GMT+0200 (CEST)\" is not an RFC 3339 date-time"),
                Arguments.of(
                        "issued at without seconds",
                        base.replace("2021-09-30T16:25:24Z", "2021-09-30T16:25Z"),
                        "line 10: Issued At \"2021-09-30T16:25Z\" is not an RFC 3339"),
                Arguments.of(
                        "issued at without offset",
                        base.replace("2021-09-30T16:25:24Z", "2021-09-30T16:25:24"),
                        "line 10: Issued At \"2021-09-30T16:25:24\" is not an RFC 3339 date-time such as"
                                + " 2021-09-30T16:25:24Z: it has no offset"),
                Arguments.of(
                        "issued on a day that does not exist",
                        base.replace("2021-09-30T16:25:24Z", "2021-02-29T16:25:24Z"),
                        "there is no such date"),
                Arguments.of(
                        "a leap second",
                        base.replace("2021-09-30T16:25:24Z", "2016-12-31T23:59:60Z"),
                        "leap seconds are not supported"),
                Arguments.of(
                        "ten digits of a second",
                        base.replace("2021-09-30T16:25:24Z", "2021-09-30T16:25:24.1234567891Z"),
                        "more than 9 digits of a second"),
                Arguments.of(
                        "expiration time in another format",
                        base.replace("Expiration Time: 2021-09-30T16:35:24Z", "Expiration Time: tomorrow"),
                        "line 11: Expiration Time \"tomorrow\" is not an RFC 3339"),
                Arguments.of(
                        "not before in another format",
                        base.replace("Not Before: 2021-09-30T16:25:19Z", "Not Before: 2021-09-30 16:25:19Z"),
                        "line 12: Not Before \"2021-09-30 16:25:19Z\" is not an RFC 3339"),
                Arguments.of(
                        "optional fields out of order",
                        base.replace(
                                "Expiration Time: 2021-09-30T16:35:24Z\nNot Before: 2021-09-30T16:25:19Z",
                                "Not Before: 2021-09-30T16:25:19Z\nExpiration Time: 2021-09-30T16:35:24Z"),
                        "line 12: \"Expiration Time:\" is out of place"),
                Arguments.of(
                        "request id after the resources",
                        base.replace("Request ID: req-42\n", "") + "\nRequest ID: req-42",
                        "line 16: \"Request ID:\" is out of place"),
                Arguments.of(
                        "request id with a space",
                        base.replace("Request ID: req-42", "Request ID: req 42"),
                        "line 13: Request ID has ' ' at position 4"),
                Arguments.of(
                        "resources on one line",
                        base.replace("/\n- https://gavel.example/tos", "/ - https://gavel.example/tos"),
                        "line 15: resource has ' ' at position"),
                Arguments.of(
                        "a resource that is not a URI",
                        base.replace("- https://gavel.example/tos", "- _not_a_rfc3986_valid_uri_"),
                        "line 16: resource is not an absolute URI"),
                Arguments.of(
                        "a trailing line break",
                        base + "\n",
                        "line 17: is an unexpected empty line (the message ends with its last field"),
                Arguments.of("trailing text", base + "\nP.S. hi", "line 17: unexpected \"P.S. hi\""),
                Arguments.of(
                        "Windows line endings",
                        base.replace("\n", "\r\n"),
                        "line 1: has a carriage return; SIWE lines end with a bare line feed"),
                Arguments.of(
                        "truncated after the nonce",
                        base.substring(0, base.indexOf("\nIssued At")),
                        "line 10: is missing: expected \"Issued At:\" but the message ends"),
                Arguments.of(
                        "truncated after the address",
                        base.substring(0, base.indexOf(ADDRESS) + 42),
                        "line 3: is missing: expected an empty line"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTexts")
    void malformed_texts_are_refused_with_a_reason_naming_the_line(String name, String text, String reason) {
        assertThat(SiweMessage.parse(text))
                .isInstanceOfSatisfying(ParseResult.Invalid.class, invalid -> assertThat(invalid.reason())
                        .contains(reason));
    }

    @Test
    void parse_accepts_null_as_no_message() {
        assertThat(SiweMessage.parse(null)).isEqualTo(new ParseResult.Invalid("the message is empty"));
    }

    @Test
    void a_message_cannot_be_made_with_an_invalid_field() {
        assertThatThrownBy(() -> SiweMessage.of("gavel.example", ADDRESS, "https://x.example/", 1, "short", ISSUED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nonce must be at least 8");
        assertThatThrownBy(() -> SiweMessage.of("gavel.example", "0x1234", "https://x.example/", 1, "32891756", ISSUED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("address");
        assertThatThrownBy(() -> SiweMessage.of("gavel.example", ADDRESS, "not a uri", 1, "32891756", ISSUED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("uri");
        assertThatThrownBy(() -> SiweMessage.of("gavel.example", ADDRESS, "https://x.example/", 0, "32891756", ISSUED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chainId");
        assertThatThrownBy(() -> MINIMAL.withStatement("two\nlines"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("statement must be a single line");
        assertThatThrownBy(
                        () -> MINIMAL.withResources(List.of("https://x.example/" + "a".repeat(SiweMessage.MAX_LENGTH))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 32768");
    }

    @Test
    void the_canonical_constructor_wants_the_checksummed_address_and_of_writes_it() {
        var lower = ADDRESS.toLowerCase(java.util.Locale.ROOT);

        assertThat(SiweMessage.of("gavel.example", lower, "https://x.example/", 1, "32891756", ISSUED)
                        .address())
                .isEqualTo(ADDRESS);
        assertThatThrownBy(() -> new SiweMessage(
                        Optional.empty(),
                        "gavel.example",
                        lower,
                        Optional.empty(),
                        "https://x.example/",
                        "1",
                        1,
                        "32891756",
                        OffsetDateTime.ofInstant(ISSUED, ZoneOffset.UTC),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an EIP-55 checksummed address");
    }
}
