package dev.gavel.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The wallet-linking posts as a table, and a seeded random search showing that no text makes parse throw. */
class LinkPostTest {
    private static final String ADDRESS = "0x" + "ab12cd34ef".repeat(4);
    private static final String MIXED = "0xAb12Cd34eF" + "ab12cd34ef".repeat(3);
    private static final String SIGNATURE = "0x" + "0123456789abcdef".repeat(8) + "1b";
    private static final Pattern ADDRESS_SHAPE = Pattern.compile("0[xX][0-9a-fA-F]{40}");
    private static final Pattern SIGNATURE_SHAPE = Pattern.compile("0[xX][0-9a-fA-F]{130}");

    static Stream<Arguments> examples() {
        return Stream.of(
                // link and relink requests
                Arguments.of("link " + ADDRESS, new LinkPost.Request(ADDRESS, false)),
                Arguments.of("relink " + ADDRESS, new LinkPost.Request(ADDRESS, true)),
                Arguments.of("@GavelHost link " + ADDRESS + " please 🙏", new LinkPost.Request(ADDRESS, false)),
                Arguments.of("  LINK   " + MIXED + "  ", new LinkPost.Request(MIXED, false)),
                Arguments.of("ReLink " + ADDRESS, new LinkPost.Request(ADDRESS, true)),
                Arguments.of(
                        "link 0X" + ADDRESS.substring(2), new LinkPost.Request("0X" + ADDRESS.substring(2), false)),
                Arguments.of("link\n" + ADDRESS, new LinkPost.Request(ADDRESS, false)),
                Arguments.of("link\t" + ADDRESS + "\n\nthanks", new LinkPost.Request(ADDRESS, false)),
                Arguments.of("gm! link " + ADDRESS + ".", new LinkPost.Request(ADDRESS, false)),
                Arguments.of("link " + ADDRESS + "!?", new LinkPost.Request(ADDRESS, false)),
                Arguments.of("link " + ADDRESS + ",;:", new LinkPost.Request(ADDRESS, false)),
                Arguments.of("link my wallet, then link " + ADDRESS, new LinkPost.Request(ADDRESS, false)),
                // a link with something else where the address goes
                Arguments.of("link 0x123", new LinkPost.BadAddress("0x123")),
                Arguments.of("link 0x123.", new LinkPost.BadAddress("0x123")),
                Arguments.of("relink 0x", new LinkPost.BadAddress("0x")),
                Arguments.of("link " + ADDRESS + "0", new LinkPost.BadAddress(ADDRESS + "0")),
                Arguments.of("link " + ADDRESS.substring(0, 41), new LinkPost.BadAddress(ADDRESS.substring(0, 41))),
                Arguments.of(
                        "link " + ADDRESS.substring(0, 41) + "g",
                        new LinkPost.BadAddress(ADDRESS.substring(0, 41) + "g")),
                Arguments.of("LINK 0Xzz", new LinkPost.BadAddress("0Xzz")),
                // signatures, anywhere in the text
                Arguments.of(SIGNATURE, new LinkPost.Signature(SIGNATURE)),
                Arguments.of("here you go: " + SIGNATURE, new LinkPost.Signature(SIGNATURE)),
                Arguments.of("signed!\n" + SIGNATURE + ". thanks 🙏", new LinkPost.Signature(SIGNATURE)),
                Arguments.of(
                        "@GavelHost " + SIGNATURE.toUpperCase().replace("0X", "0x"),
                        new LinkPost.Signature(SIGNATURE.toUpperCase().replace("0X", "0x"))),
                Arguments.of(SIGNATURE + " " + ADDRESS, new LinkPost.Signature(SIGNATURE)),
                // a request wins over a signature in the same post
                Arguments.of(SIGNATURE + " relink " + ADDRESS, new LinkPost.Request(ADDRESS, true)),
                // not part of the flow
                Arguments.of("gm", new LinkPost.Other()),
                Arguments.of("", new LinkPost.Other()),
                Arguments.of("   \n\t ", new LinkPost.Other()),
                Arguments.of("what a piece! #GENESIS1", new LinkPost.Other()),
                Arguments.of("bid 2.5 ETH #GENESIS1", new LinkPost.Other()),
                Arguments.of("link", new LinkPost.Other()),
                Arguments.of("relink please", new LinkPost.Other()),
                Arguments.of("I'll link this to my friends", new LinkPost.Other()),
                Arguments.of("my wallet is " + ADDRESS, new LinkPost.Other()),
                Arguments.of("linking " + ADDRESS, new LinkPost.Other()),
                Arguments.of("link:" + ADDRESS, new LinkPost.Other()),
                Arguments.of(SIGNATURE.substring(0, SIGNATURE.length() - 1), new LinkPost.Other()),
                Arguments.of(SIGNATURE + "a", new LinkPost.Other()),
                Arguments.of("0x" + "g".repeat(130), new LinkPost.Other()),
                Arguments.of("tx 0x" + "ab".repeat(32), new LinkPost.Other()));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("examples")
    void posts_in_the_linking_flow_are_understood(String text, LinkPost expected) {
        assertThat(LinkPost.parse(text)).isEqualTo(expected);
    }

    @Test
    void a_post_longer_than_the_limit_is_not_read() {
        String request = "link " + ADDRESS + " ";
        String atLimit = request + "x".repeat(BidPostParser.MAX_LENGTH - request.length());
        String overLimit = atLimit + "x";

        assertThat(LinkPost.parse(atLimit)).isEqualTo(new LinkPost.Request(ADDRESS, false));
        assertThat(LinkPost.parse(overLimit)).isEqualTo(new LinkPost.Other());
        assertThat(LinkPost.parse(SIGNATURE + " " + "blah ".repeat(100_000))).isEqualTo(new LinkPost.Other());
        assertThat(LinkPost.parse(("link " + ADDRESS + " ").repeat(10_000))).isEqualTo(new LinkPost.Other());
    }

    @Test
    void only_ascii_hex_digits_make_an_address_or_a_signature() {
        String arabicIndic = "0x" + "٣".repeat(40);
        String fullwidth = "0x" + "ＡＢ１２".repeat(10);

        assertThat(LinkPost.parse("link " + arabicIndic)).isEqualTo(new LinkPost.BadAddress(arabicIndic));
        assertThat(LinkPost.parse("link " + fullwidth)).isEqualTo(new LinkPost.BadAddress(fullwidth));
        assertThat(LinkPost.parse("0x" + "५".repeat(130))).isEqualTo(new LinkPost.Other());
    }

    private static final long SEED = 0x6A7E1_5EEDL;
    private static final List<String> TOKENS = List.of(
            "link",
            "LINK",
            "relink",
            "ReLink",
            "0x",
            "0X",
            "x",
            " ",
            " ",
            " ",
            "  ",
            "\n",
            "\t",
            "\r\n",
            "\u00a0",
            "\u2003",
            ".",
            ",",
            ";",
            ":",
            "!",
            "?",
            ")",
            "(",
            "@GavelHost",
            "#GENESIS1",
            "bid",
            "2.5",
            "ETH",
            "Ξ",
            "🔥",
            "🦊",
            "❤️",
            "👨‍👩‍👧",
            "\uD83E",
            "\uDD8A",
            "é",
            "e\u0301",
            "李",
            "\u0000",
            "\u200b",
            "g",
            "z");

    private static String hexRun(Random random) {
        int length =
                switch (random.nextInt(5)) {
                    case 0 -> 40;
                    case 1 -> 130;
                    case 2 -> 39 + random.nextInt(3);
                    case 3 -> 129 + random.nextInt(3);
                    default -> random.nextInt(140);
                };
        var hex = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            hex.append("0123456789abcdefABCDEF".charAt(random.nextInt(22)));
        }
        return hex.toString();
    }

    /**
     * Any code point except non-ASCII ones that Character.digit reads as hex digits: those are the known bug
     * of {@link #only_ascii_hex_digits_make_an_address_or_a_signature}, and would break the shape checks below.
     */
    private static int anyCharacterButAnOddDigit(Random random) {
        while (true) {
            int cp = random.nextInt(Character.MAX_CODE_POINT + 1);
            if (cp < 0x80 || Character.digit(cp, 16) < 0) {
                return cp;
            }
        }
    }

    private static String randomPost(Random random) {
        var post = new StringBuilder();
        int parts = random.nextInt(30);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(6)) {
                case 0, 1 -> post.append(TOKENS.get(random.nextInt(TOKENS.size())));
                case 2 -> post.append(hexRun(random));
                case 3 -> post.append("0x").append(hexRun(random));
                case 4 -> post.append(' ');
                default -> post.appendCodePoint(anyCharacterButAnOddDigit(random));
            }
        }
        return post.toString();
    }

    @Test
    void no_text_makes_parse_throw_and_what_it_finds_has_the_right_shape() {
        var random = new Random(SEED);
        int requests = 0;
        int signatures = 0;
        for (int n = 0; n < 5_000; n++) {
            String post = randomPost(random);
            LinkPost parsed;
            try {
                parsed = LinkPost.parse(post);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + SEED + ", post #" + n + " threw: " + escape(post), e);
            }
            String where = "seed " + SEED + ", post #" + n + ": " + escape(post);
            switch (parsed) {
                case null -> fail("null for " + where);
                case LinkPost.Request r -> {
                    requests++;
                    assertThat(r.address()).as(where).matches(ADDRESS_SHAPE);
                    assertThat(post).as(where).contains(r.address());
                }
                case LinkPost.Signature s -> {
                    signatures++;
                    assertThat(s.signature()).as(where).matches(SIGNATURE_SHAPE);
                    assertThat(post).as(where).contains(s.signature());
                }
                case LinkPost.BadAddress b -> {
                    assertThat(b.written().toLowerCase()).as(where).startsWith("0x");
                    assertThat(b.written()).as(where).doesNotMatch(ADDRESS_SHAPE);
                }
                case LinkPost.Other o -> {}
            }
        }
        // the generator does reach the interesting answers, not only Other
        assertThat(requests).as("seed " + SEED + ": requests found").isPositive();
        assertThat(signatures).as("seed " + SEED + ": signatures found").isPositive();
    }

    private static String escape(String s) {
        var out = new StringBuilder("\"");
        s.chars().forEach(c -> {
            if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.append((char) c);
            }
        });
        return out.append('"').toString();
    }
}
