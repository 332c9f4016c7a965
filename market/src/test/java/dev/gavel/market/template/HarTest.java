package dev.gavel.market.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class HarTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "capture.har";

    private static ObjectNode entry(String method, String url, String requestBody, int status, String responseBody) {
        ObjectNode e = JSON.createObjectNode();
        e.put("startedDateTime", "2026-03-01T12:00:00.250+01:00");
        ObjectNode req = e.putObject("request");
        req.put("method", method);
        req.put("url", url);
        ArrayNode headers = req.putArray("headers");
        headers.addObject().put("name", "X-BLAZE-ID").put("value", "madden-2026-xbsx");
        headers.addObject().put("name", "Accept").put("value", "application/json");
        if (requestBody != null) {
            req.putObject("postData").put("mimeType", "application/json").put("text", requestBody);
        }
        ObjectNode res = e.putObject("response");
        res.put("status", status);
        res.putObject("content").put("mimeType", "application/json").put("text", responseBody);
        return e;
    }

    private static String har(ObjectNode... entries) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode log = root.putObject("log");
        log.put("version", "1.2");
        log.putObject("creator").put("name", "mitmproxy").put("version", "10");
        log.putArray("entries").addAll(List.of(entries));
        return root.toString();
    }

    private static List<TemplateProblem> problemsOf(String text) {
        var e = catchThrowableOfType(TemplateException.class, () -> Har.parse(FILE, text));
        assertThat(e).as("parse of %s", text).isNotNull();
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(FILE));
        return e.problems();
    }

    @Test
    void a_capture_reads_into_exchanges_in_order() {
        var exchanges = Har.parse(
                FILE,
                har(
                        entry("post", "https://gw.example:8443/wal/mca/Process/SK1?x=1", "{\"a\":1}", 200, "{}"),
                        entry("GET", "http://accounts.example", null, 404, "")));

        assertThat(exchanges).hasSize(2);
        var first = exchanges.get(0);
        assertThat(first.file()).isEqualTo(FILE);
        assertThat(first.path()).isEqualTo("/log/entries/0");
        assertThat(first.method()).isEqualTo("POST");
        assertThat(first.startedAt()).isEqualTo(Instant.parse("2026-03-01T11:00:00.250Z"));
        assertThat(first.urlPath()).isEqualTo("/wal/mca/Process/SK1");
        assertThat(first.origin()).isEqualTo("https://gw.example:8443");
        assertThat(first.header("x-blaze-id")).contains("madden-2026-xbsx");
        assertThat(first.header("X-Missing")).isEmpty();
        assertThat(first.requestBody()).isEqualTo("{\"a\":1}");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.responseBody()).isEqualTo("{}");
        var second = exchanges.get(1);
        assertThat(second.path()).isEqualTo("/log/entries/1");
        assertThat(second.urlPath()).isEmpty();
        assertThat(second.requestBody()).isEmpty();
        assertThat(second.status()).isEqualTo(404);
    }

    @Test
    void base64_content_is_decoded() {
        var e = entry("POST", "https://h/x", "{}", 200, "");
        ((ObjectNode) e.get("response").get("content"))
                .put("encoding", "base64")
                .put(
                        "text",
                        Base64.getEncoder()
                                .encodeToString("{\"name\":\"Micah Parsons ✓\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(Har.parse(FILE, har(e)).get(0).responseBody()).isEqualTo("{\"name\":\"Micah Parsons ✓\"}");
    }

    @Test
    void bad_base64_is_named_by_its_path() {
        var e = entry("POST", "https://h/x", "{}", 200, "");
        ((ObjectNode) e.get("response").get("content"))
                .put("encoding", "base64")
                .put("text", "not*base64");

        assertThat(problemsOf(har(entry("GET", "https://h/", null, 200, ""), e)))
                .extracting(TemplateProblem::path)
                .containsExactly("/log/entries/1/response/content/text");
    }

    @Test
    void text_that_is_not_json_is_not_a_har_file() {
        var problems = problemsOf("{\"log\":\n{\"entries\": [,]}}");

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).path()).isEmpty();
        assertThat(problems.get(0).message()).contains("not JSON").contains("line 2");
    }

    @Test
    void json_without_a_log_is_not_a_har_file() {
        for (String text : List.of("{}", "[]", "null", "", "{\"log\": []}")) {
            assertThat(problemsOf(text))
                    .as(text)
                    .extracting(TemplateProblem::path)
                    .containsExactly("/log");
        }
    }

    @Test
    void entries_that_are_not_an_array_are_named() {
        for (String text : List.of("{\"log\": {}}", "{\"log\": {\"entries\": {}}}")) {
            assertThat(problemsOf(text))
                    .as(text)
                    .extracting(TemplateProblem::path)
                    .containsExactly("/log/entries");
        }
    }

    @Test
    void every_broken_field_of_every_entry_is_named_and_nothing_is_returned() {
        var noUrl = entry("GET", "https://h/", null, 200, "");
        ((ObjectNode) noUrl.get("request")).remove("url");
        var noMethod = entry("GET", "https://h/", null, 200, "");
        ((ObjectNode) noMethod.get("request")).remove("method");
        var badDate = entry("GET", "https://h/", null, 200, "").put("startedDateTime", "yesterday");
        var noStatus = entry("GET", "https://h/", null, 200, "");
        ((ObjectNode) noStatus.get("response")).remove("status");
        var headersNotArray = entry("GET", "https://h/", null, 200, "");
        ((ObjectNode) headersNotArray.get("request")).putObject("headers");
        var headerWithoutName = entry("GET", "https://h/", null, 200, "");
        ((ArrayNode) headerWithoutName.get("request").get("headers"))
                .addObject()
                .put("value", "v");
        var notHttp = entry("GET", "ws://h/", null, 200, "");

        var problems = problemsOf(har(
                entry("GET", "https://ok/", null, 200, ""),
                noUrl,
                noMethod,
                badDate,
                noStatus,
                headersNotArray,
                headerWithoutName,
                notHttp));

        assertThat(problems)
                .extracting(TemplateProblem::path)
                .containsExactly(
                        "/log/entries/1/request/url",
                        "/log/entries/2/request/method",
                        "/log/entries/3/startedDateTime",
                        "/log/entries/4/response/status",
                        "/log/entries/5/request/headers",
                        "/log/entries/6/request/headers/2/name",
                        "/log/entries/7/request/url");
    }

    @Test
    void an_entry_that_is_not_an_object_is_named() {
        var problems = problemsOf("{\"log\": {\"entries\": [3]}}");

        assertThat(problems)
                .extracting(TemplateProblem::path)
                .contains("/log/entries/0/request/method", "/log/entries/0/request/url");
    }

    @Test
    void json_inside_a_capture_is_read_or_named() {
        var problems = new ArrayList<TemplateProblem>();

        assertThat(Har.json("{\"a\":1}", FILE, "/p", problems)).isPresent();
        assertThat(Har.json("{oops", FILE, "/q", problems)).isEmpty();
        assertThat(Har.json("", FILE, "/r", problems)).isEmpty();
        assertThat(problems).extracting(TemplateProblem::path).containsExactly("/q", "/r");
    }
}
