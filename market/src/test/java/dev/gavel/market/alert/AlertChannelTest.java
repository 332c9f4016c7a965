package dev.gavel.market.alert;

import static dev.gavel.market.alert.AlertConditionTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlertChannelTest {
    @Test
    void a_webhook_and_an_email_are_read_and_render_back() {
        var hook = AlertChannel.parse(json("{\"webhook\":\"https://hooks.example.com/gavel?token=abc\"}"))
                .orElseThrow();
        var mail = AlertChannel.parse(json("{\"email\":\"ash@example.com\"}")).orElseThrow();

        assertThat(hook).isEqualTo(new AlertChannel.Webhook(URI.create("https://hooks.example.com/gavel?token=abc")));
        assertThat(hook.kind()).isEqualTo("webhook");
        assertThat(mail).isEqualTo(new AlertChannel.Email("ash@example.com"));
        assertThat(mail.target()).isEqualTo("ash@example.com");
        assertThat(hook.toJson()).isEqualTo(json("{\"webhook\":\"https://hooks.example.com/gavel?token=abc\"}"));
        assertThat(mail.toJson()).isEqualTo(json("{\"email\":\"ash@example.com\"}"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1:8099/hook",
                "https://example.com",
                "https://[::1]:8443/x",
                "HTTPS://Example.COM/Path"
            })
    void absolute_http_urls_with_a_host_are_webhooks(String url) {
        assertThat(AlertChannel.parse(json("{\"webhook\":\"" + url + "\"}")).isValid())
                .as(url)
                .isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"webhook":"ftp://example.com/x"}                 | webhook | http or https
            {"webhook":"/relative/path"}                      | webhook | absolute
            {"webhook":"https:///nohost"}                     | webhook | host
            {"webhook":"https://user:pw@example.com/x"}       | webhook | password
            {"webhook":"https://example.com/x#frag"}          | webhook | fragment
            {"webhook":"https://exa mple.com/"}               | webhook | not a URL
            {"webhook":"https://example.com:99999/"}          | webhook | port
            {"webhook":"mailto:a@b.c"}                        | webhook | http or https
            {"webhook":42}                                    | webhook | string
            {"email":"not-an-address"}                        | email   | e-mail address
            {"email":"a@b"}                                   | email   | e-mail address
            {"email":"a b@example.com"}                       | email   | e-mail address
            {"email":"a@example.com\\r\\nBcc: x@y.z"}         | email   | e-mail address
            {"email":".a@example.com"}                        | email   | e-mail address
            {"sms":"+15555550100"}                            | sms     | not a channel
            {"webhook":"https://a.b","email":"a@b.c"}         | ''      | exactly one
            []                                                | ''      | an object
            """)
    void a_malformed_channel_says_what_is_wrong(String text, String field, String reason) {
        var parsed = AlertChannel.parse(json(text));

        assertThat(parsed.isValid()).as(text).isFalse();
        assertThat(parsed.problems().get(field)).as(text).contains(reason);
    }

    @Test
    void an_overlong_address_or_url_is_refused() {
        String local = "a".repeat(65);
        assertThat(AlertChannel.parse(json("{\"email\":\"" + local + "@example.com\"}"))
                        .isValid())
                .isFalse();
        String url = "https://example.com/" + "x".repeat(AlertChannel.MAX_URL_LENGTH);
        assertThat(AlertChannel.parse(json("{\"webhook\":\"" + url + "\"}"))
                        .problems()
                        .get("webhook"))
                .contains("longer");
    }
}
