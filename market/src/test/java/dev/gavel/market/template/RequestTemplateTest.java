package dev.gavel.market.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "t.json";

    /** A template with {@code extra} spliced in after the name (a JSON fragment starting with a comma). */
    private static String template(String method, String body, String extra) {
        return """
                {"name": "t", "method": "%s", "url": "${baseUrl}/x"%s%s}
                """.formatted(method, body == null ? "" : ", \"body\": " + body, extra);
    }

    private static List<TemplateProblem> problemsOf(String text) {
        var e = catchThrowableOfType(TemplateException.class, () -> RequestTemplate.parse(FILE, text));
        assertThat(e).as("parse of %s", text).isNotNull();
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(FILE));
        return e.problems();
    }

    private static List<String> pathsOf(String text) {
        return problemsOf(text).stream().map(TemplateProblem::path).toList();
    }

    private static JsonNode tree(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void a_whole_value_placeholder_becomes_a_value_of_its_type() throws Exception {
        var t = RequestTemplate.parse(FILE, template("POST", """
                        {"s": "${s}", "n": "${n:number}", "b": "${b:bool}", "j": "${j:json}", "t": "${t:string}"}
                        """, ""));

        var r = t.render(
                Map.of("baseUrl", "https://h", "s", "42", "n", "42", "b", "true", "j", "{\"a\":[1]}", "t", "x"));

        assertThat(tree(r.body().orElseThrow()))
                .isEqualTo(tree("{\"s\":\"42\",\"n\":42,\"b\":true,\"j\":{\"a\":[1]},\"t\":\"x\"}"));
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).isEqualTo("https://h/x");
        assertThat(r.headers()).containsEntry("Content-Type", "application/json");
    }

    @Test
    void a_placeholder_inside_a_longer_string_is_interpolated_as_text() throws Exception {
        var t = RequestTemplate.parse(FILE, """
                {"name": "t", "method": "post", "url": "https://h/${a}/p?q=${b}",
                 "headers": {"X-Id": "madden-2026-${console}"},
                 "body": {"v": "pre-${a}-${b}-post", "list": ["${a}", 3, null, true]}}
                """);

        var r = t.render(Map.of("a", "A$1\\", "b", "B", "console", "xbsx"));

        assertThat(r.url()).isEqualTo("https://h/A$1\\/p?q=B");
        assertThat(r.headers()).containsEntry("X-Id", "madden-2026-xbsx");
        assertThat(tree(r.body().orElseThrow()))
                .isEqualTo(tree("{\"v\":\"pre-A$1\\\\-B-post\",\"list\":[\"A$1\\\\\",3,null,true]}"));
        assertThat(t.placeholders()).containsExactlyInAnyOrder("a", "b", "console");
        assertThat(t.method()).isEqualTo("POST");
    }

    @Test
    void a_json_directive_nests_a_json_string_inside_a_json_string() throws Exception {
        var t = RequestTemplate.parse(FILE, template("POST", """
                        {"apiVersion": 2, "requestInfo": {"$json": {"commandId": 9153,
                          "requestPayload": {"$json": {"pageSize": "${pageSize:number}", "filters": "${filters:json}"}}}}}
                        """, ""));

        var body = tree(t.render(Map.of("baseUrl", "https://h", "pageSize", "20", "filters", "[{\"type\":\"team\"}]"))
                .body()
                .orElseThrow());

        assertThat(body.get("apiVersion").asInt()).isEqualTo(2);
        assertThat(body.get("requestInfo").isTextual()).isTrue();
        JsonNode info = tree(body.get("requestInfo").asText());
        assertThat(info.get("commandId").asInt()).isEqualTo(9153);
        assertThat(info.get("requestPayload").isTextual()).isTrue();
        assertThat(tree(info.get("requestPayload").asText()))
                .isEqualTo(tree("{\"pageSize\":20,\"filters\":[{\"type\":\"team\"}]}"));
    }

    @Test
    void a_form_body_is_url_encoded_with_its_content_type() {
        var t = RequestTemplate.parse(FILE, """
                {"name": "t", "method": "POST", "url": "https://h/token", "bodyType": "form",
                 "body": {"grant_type": "refresh_token", "refresh_token": "${rt}", "client id": "a&b"}}
                """);

        var r = t.render(Map.of("rt", "x=y &z"));

        assertThat(r.body()).contains("grant_type=refresh_token&refresh_token=x%3Dy+%26z&client+id=a%26b");
        assertThat(r.headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded");
    }

    @Test
    void a_content_type_in_the_template_is_kept() {
        var t = RequestTemplate.parse(
                FILE, template("POST", "{}", ", \"headers\": {\"content-type\": \"application/json; charset=utf-8\"}"));

        var r = t.render(Map.of("baseUrl", "https://h"));

        assertThat(r.headers()).containsExactly(Map.entry("content-type", "application/json; charset=utf-8"));
    }

    @Test
    void a_get_needs_no_body_and_sends_none() {
        var r = RequestTemplate.parse(FILE, template("GET", null, "")).render(Map.of("baseUrl", "https://h"));

        assertThat(r.body()).isEmpty();
        assertThat(r.headers()).isEmpty();
    }

    @Test
    void defaults_fill_what_the_caller_leaves_out_and_the_caller_wins() throws Exception {
        var t = RequestTemplate.parse(
                FILE, template("POST", "{\"c\": \"${console}\"}", ", \"defaults\": {\"console\": \"ps5\", \"n\": 3}"));

        assertThat(tree(t.render(Map.of("baseUrl", "https://h")).body().orElseThrow())
                        .get("c")
                        .asText())
                .isEqualTo("ps5");
        assertThat(tree(t.render(Map.of("baseUrl", "https://h", "console", "xbsx"))
                                .body()
                                .orElseThrow())
                        .get("c")
                        .asText())
                .isEqualTo("xbsx");
        assertThat(t.defaults()).containsEntry("n", "3");
    }

    @Test
    void extract_picks_values_by_json_pointer_and_leaves_out_what_is_not_there() throws Exception {
        var t = RequestTemplate.parse(FILE, template("GET", null, """
                        , "extract": {"sessionKey": "/userLoginInfo/sessionKey", "n": "/a/0", "obj": "/userLoginInfo",
                                      "gone": "/nope", "nul": "/z"}
                        """));

        var got = t.extract(tree("{\"userLoginInfo\":{\"sessionKey\":\"SK1\"},\"a\":[7],\"z\":null}"));

        assertThat(got).containsExactlyInAnyOrderEntriesOf(Map.of("sessionKey", "SK1", "n", "7"));
        assertThat(t.extractions()).containsOnlyKeys("sessionKey", "n", "obj", "gone", "nul");
    }

    @Test
    void a_missing_value_at_render_names_the_placeholder() {
        var t = RequestTemplate.parse(FILE, template("POST", "{\"a\": \"${ticket}\"}", ""));

        assertThatThrownBy(() -> t.render(Map.of("baseUrl", "https://h")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(FILE)
                .hasMessageContaining("ticket")
                .hasMessageNotContaining("baseUrl");
    }

    @Test
    void a_number_placeholder_given_text_fails_naming_the_placeholder_path_and_value() {
        var t = RequestTemplate.parse(FILE, template("POST", "{\"p\": {\"size\": \"${pageSize:number}\"}}", ""));

        assertThatThrownBy(() -> t.render(Map.of("baseUrl", "https://h", "pageSize", "abc")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${pageSize:number}")
                .hasMessageContaining("/body/p/size")
                .hasMessageContaining("'abc'");
    }

    @Test
    void a_bool_or_json_placeholder_given_a_bad_value_fails_clearly() {
        var t = RequestTemplate.parse(FILE, template("POST", "{\"b\": \"${b:bool}\", \"j\": \"${j:json}\"}", ""));

        assertThatThrownBy(() -> t.render(Map.of("baseUrl", "https://h", "b", "yes", "j", "[]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${b:bool}")
                .hasMessageContaining("'yes'");
        assertThatThrownBy(() -> t.render(Map.of("baseUrl", "https://h", "b", "true", "j", "{oops")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${j:json}")
                .hasMessageContaining("'{oops'");
        assertThatThrownBy(() -> t.render(Map.of("baseUrl", "https://h", "b", "true", "j", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${j:json}");
        assertThatThrownBy(() -> t.render(Map.of("baseUrl", "https://h", "b", "true", "j", "[1] [2]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${j:json}");
    }

    @Test
    void an_unknown_key_is_named_by_its_path() {
        assertThat(pathsOf(template("GET", null, ", \"header\": {}, \"a/b\": 1")))
                .containsExactlyInAnyOrder("/header", "/a~1b");
    }

    @Test
    void a_bad_method_is_named() {
        var problems = problemsOf(template("FETCH", "{}", ""));

        assertThat(problems).extracting(TemplateProblem::path).containsExactly("/method");
        assertThat(problems.get(0).message()).contains("FETCH");
    }

    @Test
    void a_missing_or_empty_name_method_or_url_is_named() {
        assertThat(pathsOf("{\"body\": {}}")).containsExactlyInAnyOrder("/name", "/method", "/url");
        assertThat(pathsOf("{\"name\": \"\", \"method\": 3, \"url\": null}"))
                .containsExactlyInAnyOrder("/name", "/method", "/url");
    }

    @Test
    void a_url_that_is_not_http_is_named() {
        assertThat(pathsOf("{\"name\": \"t\", \"method\": \"GET\", \"url\": \"ftp://h/x\"}"))
                .containsExactly("/url");
    }

    @Test
    void a_post_without_a_body_is_named() {
        assertThat(pathsOf(template("POST", null, ""))).containsExactly("/body");
    }

    @Test
    void a_placeholder_of_an_unknown_type_is_named_at_its_exact_path() {
        var problems = problemsOf(template("POST", "{\"a\": [1, {\"b\": \"${x:int}\"}]}", ""));

        assertThat(problems).extracting(TemplateProblem::path).containsExactly("/body/a/1/b");
        assertThat(problems.get(0).message()).contains("${x:int}").contains("unknown type");
    }

    @Test
    void a_typed_placeholder_that_is_not_the_whole_value_is_named() {
        assertThat(pathsOf(template("POST", "{\"a\": \"id-${x:number}\"}", ""))).containsExactly("/body/a");
        assertThat(pathsOf(template("POST", "{\"a\": \"${x:number}${y}\"}", "")))
                .containsExactly("/body/a");
        assertThat(pathsOf(template("GET", null, ", \"headers\": {\"X-N\": \"${n:number}\"}")))
                .containsExactly("/headers/X-N");
        assertThat(pathsOf("{\"name\": \"t\", \"method\": \"GET\", \"url\": \"${u:json}\"}"))
                .containsExactly("/url");
        assertThat(
                        pathsOf(
                                "{\"name\": \"t\", \"method\": \"POST\", \"url\": \"https://h\", \"bodyType\": \"form\", \"body\": {\"n\": \"${n:number}\"}}"))
                .containsExactly("/body/n");
    }

    @Test
    void a_malformed_placeholder_is_named() {
        for (String bad : List.of("${x", "a ${x", "${1x}", "${x:}", "${}", "${x} and ${", "${x:NUMBER}", "${ x}")) {
            var problems = problemsOf(template("POST", "{\"k\": {\"v\": " + JSON.valueToTree(bad) + "}}", ""));
            assertThat(problems).as(bad).extracting(TemplateProblem::path).containsExactly("/body/k/v");
        }
        assertThat(pathsOf(template("GET", null, ", \"headers\": {\"a/b\": \"${x\"}")))
                .containsExactly("/headers/a~1b");
    }

    @Test
    void a_json_directive_with_siblings_is_named() {
        var problems = problemsOf(template("POST", "{\"info\": {\"$json\": {}, \"other\": 1}}", ""));

        assertThat(problems).extracting(TemplateProblem::path).containsExactly("/body/info");
        assertThat(problems.get(0).message()).contains("$json");
    }

    @Test
    void an_unknown_directive_is_named() {
        var problems = problemsOf(template("POST", "{\"info\": [{\"$jsn\": {}}]}", ""));

        assertThat(problems).extracting(TemplateProblem::path).containsExactly("/body/info/0/$jsn");
        assertThat(problems.get(0).message()).contains("unknown directive");
    }

    @Test
    void a_bad_json_pointer_in_extract_is_named() {
        var problems = problemsOf(template("GET", null, ", \"extract\": {\"a\": \"userLoginInfo\", \"b\": 3}"));

        assertThat(problems).extracting(TemplateProblem::path).containsExactlyInAnyOrder("/extract/a", "/extract/b");
    }

    @Test
    void wrong_shapes_of_headers_body_type_defaults_and_extract_are_named() {
        assertThat(pathsOf(template("GET", null, ", \"headers\": []"))).containsExactly("/headers");
        assertThat(pathsOf(template("GET", null, ", \"headers\": {\"X\": 1}"))).containsExactly("/headers/X");
        assertThat(pathsOf(template("POST", "{}", ", \"bodyType\": \"xml\""))).containsExactly("/bodyType");
        assertThat(pathsOf(template("POST", "[]", ", \"bodyType\": \"form\""))).containsExactly("/body");
        assertThat(pathsOf(template("POST", "{\"a\": 1}", ", \"bodyType\": \"form\"")))
                .containsExactly("/body/a");
        assertThat(pathsOf(template("GET", null, ", \"defaults\": []"))).containsExactly("/defaults");
        assertThat(pathsOf(template("GET", null, ", \"defaults\": {\"a\": {}}")))
                .containsExactly("/defaults/a");
        assertThat(pathsOf(template("GET", null, ", \"extract\": \"/a\""))).containsExactly("/extract");
    }

    @Test
    void every_problem_of_a_template_is_listed_at_once() {
        var problems = problemsOf("""
                {"name": "t", "method": "FETCH", "url": "${baseUrl}/x", "bogus": 1,
                 "body": {"a": "${x:int}", "b": {"$json": 1, "c": 2}, "d": {"$oops": 1}},
                 "extract": {"e": "nope"}}
                """);

        assertThat(problems)
                .extracting(TemplateProblem::path)
                .containsExactlyInAnyOrder("/bogus", "/method", "/body/a", "/body/b", "/body/d/$oops", "/extract/e");
    }

    @Test
    void text_that_is_not_json_is_named_with_its_line() {
        var problems = problemsOf("{\n  \"name\": \"t\",\n  \"method\": POST\n}");

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).path()).isEmpty();
        assertThat(problems.get(0).message()).contains("not JSON").contains("line 3");
    }

    @Test
    void json_followed_by_more_text_is_not_a_template() {
        var problems = problemsOf(template("GET", null, "") + "{\"name\": \"other\"}");

        assertThat(problems.get(0).message()).contains("not JSON").contains("line 2");
    }

    @Test
    void json_that_is_not_an_object_is_not_a_template() {
        for (String text : List.of("[]", "3", "\"x\"", "null", "", "   ")) {
            assertThat(problemsOf(text))
                    .as(text)
                    .extracting(TemplateProblem::path)
                    .containsExactly("");
        }
    }

    @Test
    void a_problem_prints_the_file_and_path() {
        assertThat(new TemplateProblem("f.json", "/a", "is wrong").toString()).isEqualTo("f.json at /a: is wrong");
        assertThat(new TemplateProblem("f.json", "", "is wrong").toString()).isEqualTo("f.json: is wrong");
        assertThat(new TemplateException(
                                List.of(new TemplateProblem("f", "/a", "x"), new TemplateProblem("f", "/b", "y")))
                        .getMessage())
                .isEqualTo("f at /a: x; f at /b: y");
    }
}
