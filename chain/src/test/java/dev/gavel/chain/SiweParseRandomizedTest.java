package dev.gavel.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.chain.SiweMessage.ParseResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random and mutated texts: {@link SiweMessage#parse} always answers, quickly, and whatever it accepts
 * prints back to a text it reads the same way. The seed is in every failure message; rerun with it to reproduce.
 */
class SiweParseRandomizedTest {
    private static final long SEED = 0x4361_0191L;
    private static final int INPUTS = 5_000;
    private static final String ALPHABET = "abcXYZ019 :/.-_%@#?\n\r\t\u00e9\u2028\u0000" + "0x";
    private static final TestWallet WALLET = TestWallet.named("randomized");

    private static final List<String> SEEDS = List.of(
            SiweMessage.of(
                            "gavel.example",
                            WALLET.address(),
                            "https://gavel.example/link",
                            1,
                            "k3Xn9pQ2vR7s",
                            Instant.parse("2026-03-01T12:00:00Z"))
                    .text(),
            SiweMessage.of(
                            "localhost:8080",
                            WALLET.address(),
                            "http://localhost:8080/",
                            8453,
                            "ABCDEFGH12",
                            Instant.parse("2026-03-01T12:00:00.250Z"))
                    .withScheme("http")
                    .withStatement("Link this wallet to @alice on Gavel.")
                    .withExpirationTime(Instant.parse("2026-03-01T12:10:00Z"))
                    .withNotBefore(Instant.parse("2026-03-01T11:59:00Z"))
                    .withRequestId("r-1")
                    .withResources(List.of("https://gavel.example/tos", "ipfs://bafy/"))
                    .text());

    @Test
    void parse_answers_every_input_quickly_and_what_it_accepts_round_trips() {
        var random = new Random(SEED);
        long slowest = 0;
        int parsed = 0;
        for (int i = 0; i < INPUTS; i++) {
            var input = generate(random);
            long start = System.nanoTime();
            var result = SiweMessage.parse(input);
            slowest = Math.max(slowest, System.nanoTime() - start);

            var context = "seed " + SEED + ", input #" + i + ": " + SiweSyntax.excerpt(input);
            assertThat(result).as(context).isNotNull();
            if (result instanceof ParseResult.Parsed p) {
                parsed++;
                assertThat(SiweMessage.parse(p.message().text())).as(context).isEqualTo(result);
            } else {
                assertThat(((ParseResult.Invalid) result).reason()).as(context).isNotBlank();
            }
        }
        assertThat(Duration.ofNanos(slowest))
                .as("seed " + SEED + ": slowest parse")
                .isLessThan(Duration.ofMillis(250));
        // the mutations are small enough that some inputs stay valid; the round trip above is exercised
        assertThat(parsed).as("seed " + SEED + ": inputs that parsed").isPositive();
    }

    @Test
    void pathological_inputs_are_answered_quickly() {
        var inputs = List.of(
                "\n".repeat(SiweMessage.MAX_LENGTH),
                "a".repeat(SiweMessage.MAX_LENGTH),
                "%".repeat(SiweMessage.MAX_LENGTH),
                " wants you to sign in with your Ethereum account:".repeat(600),
                SEEDS.get(1) + "\nResources:" + "\n- https://x.example/".repeat(1_400),
                SEEDS.get(1).replace("Resources:", "Resources:" + "\n- a:".repeat(4_000)),
                "x".repeat(SiweMessage.MAX_LENGTH + 1));
        for (var input : inputs) {
            long start = System.nanoTime();
            var result = SiweMessage.parse(input);
            assertThat(result).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as(SiweSyntax.excerpt(input))
                    .isLessThan(Duration.ofMillis(500));
        }
    }

    @Test
    void signature_recovery_answers_every_random_signature() {
        var random = new Random(SEED);
        var text = SEEDS.get(0);
        var good = WALLET.sign(text);
        for (int i = 0; i < 500; i++) {
            var signature = random.nextBoolean() ? randomHex(random, 130) : mutate(random, good);
            var check = Eip191.recover(text, signature);
            assertThat(check)
                    .as("seed " + SEED + ", signature #" + i + ": " + signature)
                    .isNotNull();
        }
    }

    private static String generate(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> randomText(random, random.nextInt(300));
            case 1 -> shuffleLines(random, SEEDS.get(random.nextInt(SEEDS.size())));
            default -> {
                var text = SEEDS.get(random.nextInt(SEEDS.size()));
                int mutations = 1 + random.nextInt(3);
                for (int m = 0; m < mutations; m++) {
                    text = mutate(random, text);
                }
                yield text;
            }
        };
    }

    private static String mutate(Random random, String text) {
        if (text.isEmpty()) {
            return randomText(random, 5);
        }
        int at = random.nextInt(text.length());
        var out = new StringBuilder(text);
        switch (random.nextInt(6)) {
            case 0 -> out.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            case 1 -> out.deleteCharAt(at);
            case 2 -> out.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            case 3 -> out.setLength(at); // truncate
            case 4 -> out.insert(at, text, at, Math.min(text.length(), at + 1 + random.nextInt(40))); // duplicate
            default -> {
                // a harmless change that may keep the text valid: swap the case of one letter
                char c = out.charAt(at);
                out.setCharAt(at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
            }
        }
        return out.toString();
    }

    private static String shuffleLines(Random random, String text) {
        var lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int a = random.nextInt(lines.size());
        int b = random.nextInt(lines.size());
        var line = lines.get(a);
        lines.set(a, lines.get(b));
        lines.set(b, line);
        return String.join("\n", lines);
    }

    private static String randomText(Random random, int length) {
        var out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }

    private static String randomHex(Random random, int digits) {
        var out = new StringBuilder("0x");
        for (int i = 0; i < digits; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }
}
