package dev.gavel.sources.m26;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.market.auth.Credential;
import dev.gavel.market.auth.CredentialKind;
import dev.gavel.market.auth.CredentialState;
import dev.gavel.market.template.RequestTemplate;
import dev.gavel.market.template.TemplateException;
import dev.gavel.market.template.TemplateProblem;
import dev.gavel.sources.m26.M26HarImport.Capture;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class M26HarImportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode entry(
            String url, Map<String, String> headers, String requestBody, int status, String responseBody) {
        ObjectNode e = JSON.createObjectNode();
        e.put("startedDateTime", "2026-03-01T12:00:00.000Z");
        e.put("time", 120);
        ObjectNode req = e.putObject("request");
        req.put("method", "POST");
        req.put("url", url);
        req.put("httpVersion", "HTTP/1.1");
        ArrayNode hs = req.putArray("headers");
        headers.forEach((k, v) -> hs.addObject().put("name", k).put("value", v));
        req.putObject("postData").put("text", requestBody);
        ObjectNode res = e.putObject("response");
        res.put("status", status);
        res.putObject("content").put("mimeType", "application/json").put("text", responseBody);
        return e;
    }

    static ObjectNode refresh(String refreshToken, String accessToken) {
        return entry(
                "https://accounts.example/connect/token",
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "grant_type=refresh_token&refresh_token=" + refreshToken + "&client_id=X",
                200,
                "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    static ObjectNode login(String accessToken, String sessionKey, String account) {
        return entry(
                "https://gw.example/wal/authentication/login",
                Map.of("Content-Type", "application/json"),
                "{\"accessToken\":\"" + accessToken + "\",\"productName\":\"madden-2026-xbsx-mca\"}",
                200,
                "{\"userLoginInfo\":{\"sessionKey\":\"" + sessionKey + "\",\"personaDetails\":{\"displayName\":\""
                        + account + "\",\"personaId\":1234}}}");
    }

    static String searchBody(String commandName) {
        ObjectNode payload = JSON.createObjectNode();
        payload.putArray("filters").addObject().put("type", "team").put("value", "DAL");
        payload.put("itemName", "");
        payload.put("pageSize", 20);
        ObjectNode info = JSON.createObjectNode();
        info.put("messageExpirationTime", 1772366700000L);
        info.put("deviceId", "dev-123");
        info.put("commandName", commandName);
        info.put("componentId", 2050);
        info.put("commandId", 9153);
        info.put("ipAddress", "10.0.0.2");
        info.put("componentName", "mut");
        info.put("requestPayload", payload.toString());
        info.putObject("messageAuthData")
                .put("authCode", "AC")
                .put("authData", "AD")
                .put("authType", 17039361);
        ObjectNode body = JSON.createObjectNode();
        body.put("apiVersion", 2);
        body.put("clientDevice", 3);
        body.put("requestInfo", info.toString());
        return body.toString();
    }

    static ObjectNode search(String sessionKey) {
        return entry(
                "https://gw.example/wal/mca/Process/" + sessionKey,
                Map.of(
                        "X-BLAZE-ID", "madden-2026-xbsx",
                        "X-Application-Key", "MADDEN-MCA",
                        "X-BLAZE-VOID-RESP", "XML",
                        "Content-Type", "application/json",
                        "Accept", "application/json",
                        "User-Agent", "okhttp/4"),
                searchBody("Mobile_SearchAuctions"),
                200,
                "{\"responseInfo\":{\"value\":{\"details\":[]}}}");
    }

    static String har(ObjectNode... entries) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode log = root.putObject("log");
        log.put("version", "1.2");
        log.putObject("creator").put("name", "mitmproxy").put("version", "10.1");
        log.putArray("entries").addAll(List.of(entries));
        return root.toString();
    }

    static String harWith(Consumer<ObjectNode> change) {
        ObjectNode root = (ObjectNode) read(har(refresh("RT1", "AT1"), login("AT1", "SK1", "acct-1"), search("SK1")));
        change.accept(root);
        return root.toString();
    }

    static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<TemplateProblem> problemsOf(Capture... captures) {
        var e = catchThrowableOfType(TemplateException.class, () -> M26HarImport.read(List.of(captures)));
        assertThat(e).as("the import fails").isNotNull();
        return e.problems();
    }

    static List<String> credentialsOf(M26HarImport.Result r) {
        return r.credentials().stream()
                .map(c -> c.account() + " " + c.kind() + " " + c.secret().reveal())
                .toList();
    }

    @Test
    void a_capture_of_the_login_chain_and_a_search_gives_credentials_and_a_search_template() throws Exception {
        var result = M26HarImport.read(List.of(
                new Capture("phone.har", har(refresh("RT1", "AT1"), login("AT1", "SK1", "acct-1"), search("SK1")))));

        assertThat(credentialsOf(result)).containsExactly("acct-1 SESSION_TICKET SK1", "acct-1 REFRESH_TOKEN RT1");
        assertThat(result.credentials()).allSatisfy(c -> {
            assertThat(c.source()).isEqualTo("m26");
            assertThat(c.state()).isEqualTo(CredentialState.ACTIVE);
            assertThat(c.health()).isEqualTo(100);
        });
        assertThat(result.templates()).containsOnlyKeys("search.json");
        String text = result.templates().get("search.json");
        assertThat(text).doesNotContain("SK1").doesNotContain("RT1").doesNotContain("AT1");

        var template = RequestTemplate.parse("search.json", text);

        assertThat(template.placeholders()).contains("ticket", "console", "baseUrl", "expiresAtMillis");
        assertThat(template.defaults()).containsEntry("console", "xbsx");
        var rendered = template.render(M26TemplatesTest.searchValues());
        assertThat(rendered.url()).isEqualTo("https://gw.example/wal/mca/Process/SK1");
        assertThat(rendered.headers())
                .containsEntry("X-BLAZE-ID", "madden-2026-xbsx")
                .containsEntry("X-Application-Key", "MADDEN-MCA")
                .doesNotContainKey("User-Agent");
        var e = M26TemplatesTest.envelope(rendered.body().orElseThrow());
        assertThat(e[0].get("apiVersion").asInt()).isEqualTo(2);
        assertThat(e[1].get("commandId").asInt()).isEqualTo(9153);
        assertThat(e[1].get("commandName").asText()).isEqualTo("Mobile_SearchAuctions");
        assertThat(e[1].get("deviceId").asText()).isEqualTo("dev-123");
        assertThat(e[1].get("messageExpirationTime").asLong()).isEqualTo(1772366700000L);
        assertThat(e[1].at("/messageAuthData/authCode").asText()).isEqualTo("AC");
        assertThat(e[2])
                .isEqualTo(
                        read(
                                "{\"filters\":[{\"type\":\"team\",\"value\":\"DAL\"}],\"itemName\":\"\",\"pageSize\":20,\"start\":40}"));
    }

    @Test
    void the_imported_template_loads_as_the_m26_search_template() throws Exception {
        var result = M26HarImport.read(List.of(
                new Capture("phone.har", har(refresh("RT1", "AT1"), login("AT1", "SK1", "acct-1"), search("SK1")))));
        var folder = java.nio.file.Files.createTempDirectory("m26-templates");
        try {
            java.nio.file.Files.writeString(
                    folder.resolve("search.json"), result.templates().get("search.json"));

            var templates = M26Templates.load(java.util.Optional.of(folder));

            assertThat(templates.search().file()).endsWith("search.json").doesNotStartWith("shipped:");
            assertThat(templates.login().file()).isEqualTo("shipped:login.json");
        } finally {
            java.nio.file.Files.deleteIfExists(folder.resolve("search.json"));
            java.nio.file.Files.deleteIfExists(folder);
        }
    }

    @Test
    void a_capture_without_a_search_keeps_the_search_template_and_says_so() {
        var result = M26HarImport.read(List.of(new Capture("a.har", har(login("AT9", "SK9", "acct-9")))));

        assertThat(credentialsOf(result)).containsExactly("acct-9 SESSION_TICKET SK9");
        assertThat(result.templates()).isEmpty();
        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("Mobile_SearchAuctions"));
    }

    @Test
    void two_captures_merge_and_duplicates_are_removed() {
        var result = M26HarImport.read(List.of(
                new Capture("a.har", har(refresh("RT1", "AT1"), login("AT1", "SK1", "acct-1"))),
                new Capture("b.har", har(login("AT2", "SK2", "acct-2"), search("SK2"), login("AT2", "SK2", "acct-2"))),
                new Capture(
                        "a-again.har",
                        har(refresh("RT1", "AT1"), login("AT1", "SK1", "acct-1"), login("AT1", "SK3", "acct-1")))));

        assertThat(credentialsOf(result))
                .containsExactly(
                        "acct-1 SESSION_TICKET SK1",
                        "acct-1 REFRESH_TOKEN RT1",
                        "acct-2 SESSION_TICKET SK2",
                        "acct-1 SESSION_TICKET SK3");
        assertThat(result.templates()).containsKey("search.json");
    }

    @Test
    void a_login_answered_without_a_session_key_is_skipped_with_a_note() {
        var failed = entry(
                "https://gw.example/wal/authentication/login",
                Map.of(),
                "{\"accessToken\":\"AT1\"}",
                200,
                "{\"error\":{\"errorname\":\"ERR_AUTHENTICATION_REQUIRED\"}}");

        var result = M26HarImport.read(List.of(new Capture("a.har", har(failed, login("AT1", "SK1", "acct-1")))));

        assertThat(credentialsOf(result)).containsExactly("acct-1 SESSION_TICKET SK1");
        assertThat(result.notes())
                .anySatisfy(n ->
                        assertThat(n).contains("ERR_AUTHENTICATION_REQUIRED").contains("/log/entries/0"));
    }

    @Test
    void a_capture_that_is_not_json_is_named() {
        var problems = problemsOf(new Capture("notes.txt", "this is not a HAR"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("notes.txt");
            assertThat(p.path()).isEmpty();
            assertThat(p.message()).contains("not JSON");
        });
    }

    @Test
    void a_capture_without_a_log_or_entries_is_named() {
        assertThat(problemsOf(new Capture("x.har", "{\"entries\":[]}")))
                .extracting(TemplateProblem::file, TemplateProblem::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x.har", "/log"));
        assertThat(problemsOf(new Capture("y.har", "{\"log\":{\"entries\":{}}}")))
                .extracting(TemplateProblem::file, TemplateProblem::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("y.har", "/log/entries"));
    }

    @Test
    void an_entry_without_a_url_is_named_and_nothing_is_returned() {
        String broken = harWith(root -> ((ObjectNode) root.at("/log/entries/1/request")).remove("url"));

        var problems =
                problemsOf(new Capture("ok.har", har(login("AT5", "SK5", "acct-5"))), new Capture("b.har", broken));

        assertThat(problems)
                .extracting(TemplateProblem::file, TemplateProblem::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b.har", "/log/entries/1/request/url"));
    }

    @Test
    void a_request_info_that_is_not_a_string_is_named() {
        String broken = harWith(root -> {
            ObjectNode req = (ObjectNode) root.at("/log/entries/2/request");
            ObjectNode body = (ObjectNode) read(req.at("/postData/text").asText());
            body.set("requestInfo", read(body.get("requestInfo").asText()));
            ((ObjectNode) req.get("postData")).put("text", body.toString());
        });

        var problems = problemsOf(new Capture("c.har", broken));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("c.har");
            assertThat(p.path()).isEqualTo("/log/entries/2/request/postData/text");
            assertThat(p.message()).contains("requestInfo").contains("string");
        });
    }

    @Test
    void a_request_payload_that_is_not_a_string_is_named() {
        String broken = harWith(root -> {
            ObjectNode req = (ObjectNode) root.at("/log/entries/2/request");
            ObjectNode body = (ObjectNode) read(req.at("/postData/text").asText());
            ObjectNode info = (ObjectNode) read(body.get("requestInfo").asText());
            info.set("requestPayload", read(info.get("requestPayload").asText()));
            body.put("requestInfo", info.toString());
            ((ObjectNode) req.get("postData")).put("text", body.toString());
        });

        var problems = problemsOf(new Capture("c.har", broken));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).startsWith("/log/entries/2/request/postData/text");
            assertThat(p.message()).contains("requestPayload");
        });
    }

    @Test
    void a_login_that_names_no_account_is_named() {
        String broken = harWith(root -> ((ObjectNode) root.at("/log/entries/1/response/content"))
                .put("text", "{\"userLoginInfo\":{\"sessionKey\":\"SK1\",\"personaDetails\":{}}}"));

        var problems = problemsOf(new Capture("d.har", broken));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("d.har");
            assertThat(p.path()).isEqualTo("/log/entries/1/response/content/text");
            assertThat(p.message()).contains("account");
        });
    }

    @Test
    void a_refresh_without_a_token_or_an_answer_without_an_access_token_is_named() {
        var noToken = entry(
                "https://accounts.example/connect/token", Map.of(), "grant_type=refresh_token&client_id=X", 200, "{}");
        var noAccess = refresh("RT1", "AT1");
        ((ObjectNode) noAccess.at("/response/content")).put("text", "{\"error\":\"invalid_grant\"}");

        var problems = problemsOf(new Capture("e.har", har(noToken, noAccess, login("AT1", "SK1", "acct-1"))));

        assertThat(problems)
                .extracting(TemplateProblem::path)
                .containsExactly("/log/entries/0/request/postData/text", "/log/entries/1/response/content/text");
    }

    @Test
    void a_capture_without_a_login_is_named() {
        var problems = problemsOf(new Capture("f.har", har(search("SK1"))));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("f.har");
            assertThat(p.path()).isEqualTo("/log/entries");
            assertThat(p.message()).contains("login");
        });
        assertThat(problemsOf()).singleElement().satisfies(p -> assertThat(p.file())
                .isEqualTo("(no files)"));
    }

    @Test
    void the_problems_of_every_capture_are_listed_together() {
        var problems = problemsOf(
                new Capture("one.har", "nope"),
                new Capture("two.har", "{}"),
                new Capture("three.har", har(refresh("RT1", "AT1"), login("AT1", "SK1", "acct-1"))));

        assertThat(problems).extracting(TemplateProblem::file).containsExactly("one.har", "two.har");
    }

    @Test
    void other_blaze_commands_are_not_taken_for_the_search() {
        var other = entry(
                "https://gw.example/wal/mca/Process/SK1",
                Map.of("X-BLAZE-ID", "madden-2026-ps5"),
                searchBody("Mobile_GetAuctionBids"),
                200,
                "{}");

        var result = M26HarImport.read(List.of(new Capture("g.har", har(login("AT1", "SK1", "acct-1"), other))));

        assertThat(result.templates()).isEmpty();
        assertThat(result.credentials()).extracting(Credential::kind).containsExactly(CredentialKind.SESSION_TICKET);
    }
}
