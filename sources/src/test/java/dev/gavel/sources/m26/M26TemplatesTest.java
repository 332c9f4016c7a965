package dev.gavel.sources.m26;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The templates shipped in the jar render the calls SOURCES.md describes. */
class M26TemplatesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final M26Templates SHIPPED = M26Templates.shipped();

    static Map<String, String> searchValues() {
        return Map.of(
                "baseUrl", "https://gw.example",
                "ticket", "SK1",
                "console", "xbsx",
                "expiresAtMillis", "1772366700000",
                "filters", "[{\"type\":\"team\",\"value\":\"DAL\"}]",
                "pageSize", "20",
                "start", "40");
    }

    /** The Blaze envelope of a rendered search body: requestInfo, and its requestPayload, read back. */
    static JsonNode[] envelope(String body) throws Exception {
        JsonNode root = JSON.readTree(body);
        assertThat(root.get("requestInfo").isTextual())
                .as("requestInfo is a JSON string")
                .isTrue();
        JsonNode info = JSON.readTree(root.get("requestInfo").asText());
        assertThat(info.get("requestPayload").isTextual())
                .as("requestPayload is a JSON string")
                .isTrue();
        JsonNode payload = JSON.readTree(info.get("requestPayload").asText());
        return new JsonNode[] {root, info, payload};
    }

    @Test
    void the_shipped_search_renders_a_blaze_envelope_with_the_payload_as_a_string_inside_a_string() throws Exception {
        var rendered = SHIPPED.search().render(searchValues());

        assertThat(rendered.method()).isEqualTo("POST");
        assertThat(rendered.url()).isEqualTo("https://gw.example/wal/mca/Process/SK1");
        assertThat(rendered.headers())
                .containsEntry("X-BLAZE-ID", "madden-2026-xbsx")
                .containsEntry("X-Application-Key", "MADDEN-MCA")
                .containsEntry("X-BLAZE-VOID-RESP", "XML")
                .containsEntry("Content-Type", "application/json");
        var e = envelope(rendered.body().orElseThrow());
        assertThat(e[0].get("apiVersion").asInt()).isEqualTo(2);
        assertThat(e[0].get("clientDevice").asInt()).isEqualTo(3);
        assertThat(e[1].get("commandName").asText()).isEqualTo("Mobile_SearchAuctions");
        assertThat(e[1].get("commandId").asInt()).isEqualTo(9153);
        assertThat(e[1].get("componentId").asInt()).isEqualTo(2050);
        assertThat(e[1].get("messageExpirationTime").asLong()).isEqualTo(1772366700000L);
        assertThat(e[1].get("deviceId").asText()).isEqualTo("gavel-collector");
        assertThat(e[1].at("/messageAuthData/authType").asInt()).isEqualTo(17039361);
        assertThat(e[2])
                .isEqualTo(
                        JSON.readTree(
                                "{\"filters\":[{\"type\":\"team\",\"value\":\"DAL\"}],\"itemName\":\"\",\"pageSize\":20,\"start\":40}"));
    }

    @Test
    void the_shipped_login_and_refresh_render_and_extract() throws Exception {
        var login =
                SHIPPED.login().render(Map.of("baseUrl", "https://gw.example", "accessToken", "AT1", "console", "ps5"));
        assertThat(login.url()).isEqualTo("https://gw.example/wal/authentication/login");
        assertThat(JSON.readTree(login.body().orElseThrow()))
                .isEqualTo(JSON.readTree("{\"accessToken\":\"AT1\",\"productName\":\"madden-2026-ps5-mca\"}"));
        assertThat(
                        SHIPPED.login()
                                .extract(
                                        JSON.readTree(
                                                "{\"userLoginInfo\":{\"sessionKey\":\"SK1\",\"personaDetails\":{\"displayName\":\"acct-1\"}}}")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("sessionKey", "SK1", "account", "acct-1"));

        var refresh =
                SHIPPED.refresh().render(Map.of("accountsUrl", "https://accounts.example", "refreshToken", "RT/1+"));
        assertThat(refresh.url()).isEqualTo("https://accounts.example/connect/token");
        assertThat(refresh.body())
                .contains("grant_type=refresh_token&refresh_token=RT%2F1%2B&client_id=MCA_25_COMP_APP");
        assertThat(refresh.headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded");
    }

    @Test
    void the_shipped_templates_load_from_an_empty_folder_too() {
        var loaded = M26Templates.load(Optional.of(java.nio.file.Path.of("target/no-such-folder")));

        assertThat(loaded.search().file()).isEqualTo("shipped:search.json");
        assertThat(loaded.search().placeholders()).contains("ticket", "baseUrl", "console");
    }

    @Test
    void a_broken_template_in_the_folder_is_named_with_the_path_inside_it_and_every_problem(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("search.json"), """
                {"name":"m26.search","method":"POST","url":"${baseUrl}/wal/mca/Process/${ticket}",
                 "body":{"requestInfo":{"$json":{"pageSize":"${pageSize:integer}"},"extra":1}}}""");
        java.nio.file.Files.writeString(dir.resolve("strategies.json"), "{\"source\":\"m26\",\"strategies\":[");

        var e = org.assertj.core.api.Assertions.catchThrowableOfType(
                dev.gavel.market.template.TemplateException.class, () -> M26Templates.load(java.util.Optional.of(dir)));

        org.assertj.core.api.Assertions.assertThat(e.problems())
                .extracting(p -> p.file() + " " + p.path())
                .contains(
                        dir.resolve("search.json") + " /body/requestInfo",
                        dir.resolve("search.json") + " /body/requestInfo/$json/pageSize",
                        dir.resolve("strategies.json") + " ");
        org.assertj.core.api.Assertions.assertThat(e.getMessage())
                .contains("unknown type")
                .contains("is not JSON");
    }
}
