package dev.gavel.server.market.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {
    private final WebhookTargets publicOnly = new WebhookTargets(false, Duration.ofSeconds(2));
    private final WebhookTargets anywhere = new WebhookTargets(true, Duration.ofSeconds(2));

    @Test
    void a_host_that_does_not_resolve_is_refused_for_now() {
        var refusal =
                anywhere.refusal(URI.create("https://no-such-host.invalid/x")).orElseThrow();

        assertThat(refusal.reason()).isEqualTo("webhook host does not resolve: no-such-host.invalid");
        assertThat(refusal.lasting()).isFalse();
    }

    @Test
    void local_and_private_addresses_are_refused_unless_allowed() {
        for (String url : new String[] {
            "http://127.0.0.1:8080/x",
            "http://localhost/x",
            "http://10.1.2.3/x",
            "http://192.168.0.10/x",
            "http://172.20.0.1/x",
            "http://169.254.169.254/latest/meta-data",
            "http://100.64.0.1/x",
            "http://0.0.0.0/x",
            "http://[::1]/x",
            "http://[fd00::1]/x",
            "http://[fe80::1]/x",
        }) {
            var refusal = publicOnly.refusal(URI.create(url));
            assertThat(refusal).as(url).isPresent();
            assertThat(refusal.get().lasting()).as(url).isTrue();
            assertThat(refusal.get().reason()).as(url).contains("private or local address");
            assertThat(anywhere.refusal(URI.create(url))).as(url).isEmpty();
        }
    }

    @Test
    void public_addresses_are_fine() throws Exception {
        for (String address : new String[] {"93.184.215.14", "8.8.8.8", "2606:4700::1111", "100.128.0.1"}) {
            assertThat(WebhookTargets.isPrivate(InetAddress.getByName(address)))
                    .as(address)
                    .isFalse();
        }
        assertThat(publicOnly.refusal(URI.create("https://93.184.215.14/hook"))).isEmpty();
    }
}
