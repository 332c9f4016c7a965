package dev.gavel.market.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of a real template, as trees and as text: {@link RequestTemplate#parse} answers every one
 * with a template or a {@link TemplateException} naming the file, and a template it accepts renders or fails
 * with an {@link IllegalArgumentException}. The seed and the input are in every failure message.
 */
class RequestTemplateFuzzTest {
    private static final long SEED = 0x6A5E_2026L;
    private static final int INPUTS = 4_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> KEYS = List.of(
            "name",
            "method",
            "url",
            "headers",
            "bodyType",
            "body",
            "defaults",
            "extract",
            "description",
            "$json",
            "$x",
            "a/b",
            "~",
            "");
    private static final List<String> TEXTS = List.of(
            "",
            "x",
            "POST",
            "get",
            "FETCH",
            "json",
            "form",
            "${a}",
            "${a:number}",
            "${a:json}",
            "${a:bool}",
            "${a:int}",
            "${",
            "${a",
            "}${",
            "${1}",
            "/a/b",
            "a/b",
            "https://h/${t}",
            "${baseUrl}/x",
            "pre-${a:number}",
            "\u0000",
            "\ud83d\ude00",
            "$json",
            "~1");
    private static final String BASE = """
            {"name": "m26.search", "method": "POST", "url": "${baseUrl}/wal/mca/Process/${ticket}",
             "headers": {"X-BLAZE-ID": "madden-2026-${console}", "Accept": "application/json"},
             "body": {"apiVersion": 2, "requestInfo": {"$json": {"commandId": 9153, "n": "${n:number}",
               "requestPayload": {"$json": {"filters": "${filters:json}", "b": "${b:bool}", "list": [1, "${a}"]}}}}},
             "defaults": {"console": "ps5", "n": "20", "filters": "[]", "b": "true"},
             "extract": {"sessionKey": "/userLoginInfo/sessionKey"}}
            """;

    @Test
    void parse_answers_every_mutated_tree_with_a_template_or_a_template_exception() throws Exception {
        var random = new Random(SEED);
        JsonNode base = JSON.readTree(BASE);
        int accepted = 0;
        for (int i = 0; i < INPUTS; i++) {
            JsonNode input = base.deepCopy();
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                input = mutate(input, random, 0);
            }
            String text = input.toString();
            if (check(text, "seed " + SEED + ", tree #" + i + ": " + text)) {
                accepted++;
            }
        }
        assertThat(accepted)
                .as("seed " + SEED + ": mutated trees that stayed templates")
                .isPositive();
    }

    @Test
    void parse_answers_every_mutated_text_with_a_template_or_a_template_exception() {
        var random = new Random(SEED + 1);
        String alphabet = "{}[]\":,$/\\ \n0aZ-~";
        for (int i = 0; i < INPUTS; i++) {
            var sb = new StringBuilder(BASE);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits && !sb.isEmpty(); e++) {
                int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            check(sb.toString(), "seed " + (SEED + 1) + ", text #" + i + ": " + sb);
        }
    }

    /** True when the input parsed. */
    private static boolean check(String text, String context) {
        RequestTemplate t;
        try {
            t = RequestTemplate.parse("fuzz.json", text);
        } catch (TemplateException e) {
            assertThat(e.problems()).as(context).isNotEmpty();
            assertThat(e.problems()).as(context).allSatisfy(p -> {
                assertThat(p.file()).isEqualTo("fuzz.json");
                assertThat(p.path()).isNotNull();
                assertThat(p.path().isEmpty() || p.path().startsWith("/")).isTrue();
                assertThat(p.message()).isNotBlank();
            });
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            fail(context + " threw " + e, e);
            return false;
        }
        var values = new HashMap<String, String>();
        t.placeholders().forEach(p -> values.put(p, "1"));
        try {
            var r = t.render(values);
            assertThat(r.method()).as(context).isEqualTo(t.method());
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as(context).isNotBlank();
        } catch (RuntimeException e) {
            fail(context + " render threw " + e, e);
        }
        return true;
    }

    private static JsonNode mutate(JsonNode node, Random random, int depth) {
        if (node.isContainerNode() && node.size() > 0 && random.nextInt(3) != 0) {
            if (node instanceof ObjectNode o) {
                var names =
                        List.copyOf(o.properties().stream().map(e -> e.getKey()).toList());
                String key = names.get(random.nextInt(names.size()));
                switch (random.nextInt(6)) {
                    case 0 -> o.remove(key);
                    case 1 -> o.set(KEYS.get(random.nextInt(KEYS.size())), leaf(random, depth));
                    default -> o.set(key, mutate(o.get(key), random, depth + 1));
                }
                return o;
            }
            ArrayNode a = (ArrayNode) node;
            int at = random.nextInt(a.size());
            switch (random.nextInt(4)) {
                case 0 -> a.remove(at);
                case 1 -> a.insert(at, leaf(random, depth));
                default -> a.set(at, mutate(a.get(at), random, depth + 1));
            }
            return a;
        }
        return leaf(random, depth);
    }

    private static JsonNode leaf(Random random, int depth) {
        return switch (random.nextInt(depth > 6 ? 5 : 8)) {
            case 0 -> F.nullNode();
            case 1 -> F.numberNode(random.nextInt(20_000) - 10_000);
            case 2 -> F.booleanNode(random.nextBoolean());
            case 3, 4 -> F.textNode(TEXTS.get(random.nextInt(TEXTS.size())));
            case 5 -> F.arrayNode().add(leaf(random, depth + 1)).add(leaf(random, depth + 1));
            case 6 -> F.objectNode().set("$json", leaf(random, depth + 1));
            default -> {
                ObjectNode o = F.objectNode();
                o.set(KEYS.get(random.nextInt(KEYS.size())), leaf(random, depth + 1));
                o.set(TEXTS.get(random.nextInt(TEXTS.size())), leaf(random, depth + 1));
                yield o;
            }
        };
    }
}
