package dev.gavel.server.market.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.market.alert.AlertChannel;
import dev.gavel.store.market.AlertStore;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Delivers alerts to webhooks: a JSON POST ({@link AlertMessage#json}) signed with the owner's secret ({@link
 * WebhookSignatures}), with {@code X-Gavel-Event: alert.fired} and {@code X-Gavel-Delivery: <delivery id>} (the
 * same on every retry, for receivers that drop repeats). Any 2xx answer delivers it; anything else, or no answer
 * within the timeout, is retried. Redirects are not followed: a webhook says where it is. Thread-safe.
 */
public final class WebhookSender implements AlertSender, AutoCloseable {
    private final HttpClient http;
    private final ObjectMapper mapper;
    private final WebhookSignatures signatures;
    private final WebhookTargets targets;
    private final Duration timeout;
    private final Clock clock;

    public WebhookSender(
            ObjectMapper mapper, WebhookSignatures signatures, WebhookTargets targets, Duration timeout, Clock clock) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.mapper = mapper;
        this.signatures = signatures;
        this.targets = targets;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Outcome send(AlertStore.Claimed delivery) {
        if (!(delivery.channel() instanceof AlertChannel.Webhook hook)) {
            return new Outcome.Failed("not a webhook: " + delivery.channel().kind(), false);
        }
        URI url = hook.url();
        Optional<WebhookTargets.Refusal> refused = targets.refusal(url);
        if (refused.isPresent()) {
            return new Outcome.Failed(refused.get().reason(), !refused.get().lasting());
        }
        String body = AlertMessage.json(mapper, delivery);
        long timestamp = clock.instant().getEpochSecond();
        var request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Gavel-Alerts/1")
                .header("X-Gavel-Event", "alert.fired")
                .header("X-Gavel-Delivery", Long.toString(delivery.deliveryId()))
                .header("X-Gavel-Timestamp", Long.toString(timestamp))
                .header("X-Gavel-Signature", signatures.sign(delivery.event().ownerUserId(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return new Outcome.Delivered("HTTP " + status);
            }
            String said = response.body() == null ? "" : response.body().strip();
            return new Outcome.Failed(
                    "HTTP " + status
                            + (said.isEmpty() ? "" : ": " + (said.length() > 200 ? said.substring(0, 200) : said)),
                    true);
        } catch (HttpTimeoutException e) {
            return new Outcome.Failed(
                    "no answer from " + url.getHost() + " within " + timeout.toMillis() + " ms", true);
        } catch (ConnectException e) {
            return new Outcome.Failed("could not connect to " + url.getHost() + ":" + port(url) + " (" + e + ")", true);
        } catch (IOException e) {
            return new Outcome.Failed("sending to " + url.getHost() + " failed: " + e, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Failed("interrupted while sending", true);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
