package dev.gavel.server.market.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.gavel.market.alert.AlertEvent;
import dev.gavel.market.alert.PriceSnapshot;
import dev.gavel.market.listing.Currency;
import dev.gavel.server.http.Json;
import dev.gavel.store.market.AlertStore;
import dev.gavel.store.market.AlertStore.DeliveryStatus;
import dev.gavel.store.market.AlertStore.Outcome;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alerts delivered for real: webhooks to a local HTTP receiver (signatures checked as a receiver would), e-mail to
 * an in-process SMTP server (GreenMail), retries with backoff in the delivery log, and failing or slow channels
 * that hold up nothing else.
 */
@WithPostgresAndRedis
class AlertDeliveryIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] KEY = "a key for signing alert webhooks, 32+ bytes".getBytes();

    private final Clock clock = Clock.systemUTC();
    private final AlertFixture world;
    private final MemorySnapshots prices = new MemorySnapshots();
    private final WebhookSignatures signatures = new WebhookSignatures(KEY);
    private final WebhookReceiver receiver = new WebhookReceiver();
    private final GreenMail mail =
            new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
    private final UUID ash;
    private final long charizard;

    AlertDeliveryIT(TestDatabase db) {
        world = new AlertFixture(db, clock);
        ash = world.user("ash");
        charizard = world.card("Charizard ex");
        mail.start();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        receiver.close();
        mail.stop();
        world.close();
    }

    /** Quick retries (50 ms, doubling), 3 attempts, half-second webhook timeouts, SMTP to GreenMail. */
    private AlertSettings settings() {
        return new AlertSettings(
                        Duration.ofMillis(500),
                        3,
                        Duration.ofMillis(50),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        Duration.ofMillis(100),
                        8,
                        true,
                        Optional.empty())
                .withSmtp(new AlertSettings.Smtp(
                        "127.0.0.1",
                        mail.getSmtp().getPort(),
                        "alerts@gavel.local",
                        Optional.empty(),
                        Optional.empty(),
                        false,
                        Duration.ofSeconds(5)));
    }

    /** A started dispatcher and an evaluator that wakes it, as the server wires them. */
    private AlertEvaluator start(AlertSettings settings) {
        var dispatcher = AlertDispatcher.create(
                        world.alerts,
                        settings,
                        signatures,
                        new WebhookTargets(settings.allowPrivateTargets(), Duration.ofSeconds(2)),
                        Json.mapper(),
                        clock)
                .start();
        closing.add(dispatcher);
        return new AlertEvaluator(world.alerts, prices, clock, events -> dispatcher.wake());
    }

    private String alert(long item, String amount, String... channels) {
        return "{\"itemId\":" + item + ",\"condition\":{\"below\":\"" + amount + "\"},\"channels\":["
                + String.join(",", channels) + "]}";
    }

    private static String webhook(String url) {
        return "{\"webhook\":\"" + url + "\"}";
    }

    private static String email(String address) {
        return "{\"email\":\"" + address + "\"}";
    }

    private void priceNow(long item, long cents) {
        prices.set(item, new PriceSnapshot(cents, clock.instant(), Optional.of(cents), 10, Currency.USD));
    }

    private AlertStore.Delivery delivery(AlertEvent event, String channel) {
        return world.alerts.deliveries(event.id()).stream()
                .filter(d -> d.channel().equals(channel))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void a_webhook_arrives_within_5_seconds_signed_with_the_owners_secret() {
        var evaluator = start(settings());
        var alert = world.alert(ash, alert(charizard, "12.50", webhook(receiver.url("/hooks/gavel"))));
        priceNow(charizard, 1199);

        Instant evaluated = Instant.now();
        AlertEvent event = evaluator.evaluate(List.of(charizard)).fired().get(0);

        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
        Duration took = Duration.between(evaluated, Instant.now());
        var hook = receiver.received().get(0);
        assertThat(WebhookSignatures.verify(
                        signatures.secretFor(ash),
                        hook.header("X-Gavel-Timestamp"),
                        hook.body(),
                        hook.header("X-Gavel-Signature"),
                        Instant.now().getEpochSecond(),
                        300))
                .isTrue();
        // a forged body, another user's secret or a stale timestamp do not pass
        assertThat(WebhookSignatures.verify(
                        signatures.secretFor(ash),
                        hook.header("X-Gavel-Timestamp"),
                        hook.body().replace("11.99", "1.99"),
                        hook.header("X-Gavel-Signature"),
                        Instant.now().getEpochSecond(),
                        300))
                .isFalse();
        assertThat(WebhookSignatures.verify(
                        signatures.secretFor(UUID.randomUUID()),
                        hook.header("X-Gavel-Timestamp"),
                        hook.body(),
                        hook.header("X-Gavel-Signature"),
                        Instant.now().getEpochSecond(),
                        300))
                .isFalse();
        assertThat(WebhookSignatures.verify(
                        signatures.secretFor(ash),
                        hook.header("X-Gavel-Timestamp"),
                        hook.body(),
                        hook.header("X-Gavel-Signature"),
                        Instant.now().getEpochSecond() + 3600,
                        300))
                .isFalse();
        assertThat(hook.header("X-Gavel-Signature")).matches("sha256=[0-9a-f]{64}");
        assertThat(hook.header("X-Gavel-Event")).isEqualTo("alert.fired");
        assertThat(hook.header("Content-Type")).isEqualTo("application/json");

        var body = json(hook.body());
        assertThat(body.path("eventId").asLong()).isEqualTo(event.id());
        assertThat(body.path("alertId").asLong()).isEqualTo(alert.id());
        assertThat(body.path("itemId").asLong()).isEqualTo(charizard);
        assertThat(body.path("itemName").asText()).isEqualTo("Charizard ex");
        assertThat(body.path("price").asText()).isEqualTo("11.99");
        assertThat(body.path("currency").asText()).isEqualTo("USD");
        assertThat(body.path("reason").asText()).isEqualTo("market price 11.99 USD is at or below 12.50 USD");
        assertThat(Instant.parse(body.path("firedAt").asText())).isEqualTo(event.firedAt());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> delivery(event, "webhook").status() == DeliveryStatus.DELIVERED);
        var delivered = delivery(event, "webhook");
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(hook.header("X-Gavel-Delivery")).isEqualTo(Long.toString(delivered.id()));
        assertThat(took).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void a_webhook_that_answers_500_twice_is_delivered_on_the_third_attempt_and_the_log_shows_it() {
        receiver.answer(500, 500);
        var evaluator = start(settings());
        world.alert(ash, alert(charizard, "12.50", webhook(receiver.url("/flaky"))));
        priceNow(charizard, 1000);

        AlertEvent event = evaluator.evaluate(List.of(charizard)).fired().get(0);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> delivery(event, "webhook").status() == DeliveryStatus.DELIVERED);
        var delivery = delivery(event, "webhook");
        assertThat(delivery.attempts()).isEqualTo(3);
        assertThat(delivery.log())
                .extracting(AlertStore.Attempt::attempt, AlertStore.Attempt::outcome, AlertStore.Attempt::detail)
                .containsExactly(
                        tuple(1, Outcome.RETRY, "HTTP 500: receiver trouble 500"),
                        tuple(2, Outcome.RETRY, "HTTP 500: receiver trouble 500"),
                        tuple(3, Outcome.DELIVERED, "HTTP 200"));
        // backoff: the second attempt waited at least 50 ms, the third at least 100 ms
        var log = delivery.log();
        assertThat(Duration.between(log.get(0).at(), log.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        assertThat(Duration.between(log.get(1).at(), log.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        // the same delivery each time, each signed afresh
        assertThat(receiver.received()).hasSize(3).allSatisfy(r -> {
            assertThat(r.header("X-Gavel-Delivery")).isEqualTo(Long.toString(delivery.id()));
            assertThat(WebhookSignatures.verify(
                            signatures.secretFor(ash),
                            r.header("X-Gavel-Timestamp"),
                            r.body(),
                            r.header("X-Gavel-Signature"),
                            Instant.now().getEpochSecond(),
                            300))
                    .isTrue();
        });
        // the owner's alert history shows the same log
        var history = world.alerts.events(ash, 10, 0).items().get(0);
        assertThat(history.deliveries().get(0).log()).hasSize(3);
    }

    @Test
    void an_email_alert_arrives_through_smtp() throws Exception {
        var evaluator = start(settings());
        world.alert(ash, alert(charizard, "12.50", email("ash@example.com")));
        priceNow(charizard, 1150);

        AlertEvent event = evaluator.evaluate(List.of(charizard)).fired().get(0);

        assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage message = mail.getReceivedMessages()[0];
        assertThat(message.getAllRecipients()[0].toString()).isEqualTo("ash@example.com");
        assertThat(message.getFrom()[0].toString()).isEqualTo("alerts@gavel.local");
        assertThat(message.getSubject()).isEqualTo("Gavel alert: Charizard ex at 11.50 USD");
        String text = ((String) message.getContent()).replace("\r\n", "\n");
        assertThat(text).contains("Market price 11.50 USD is at or below 12.50 USD.");
        assertThat(text).contains("Alert " + event.alertId() + ", event " + event.id());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> delivery(event, "email").status() == DeliveryStatus.DELIVERED);
    }

    @Test
    void a_failing_channel_does_not_block_the_email_or_other_alerts() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var slow = new WebhookReceiver().holdAnswers();
        closing.add(slow);
        var evaluator = start(settings());
        long pikachu = world.card("Pikachu");
        world.alert(
                ash,
                alert(
                        charizard,
                        "12.50",
                        webhook("http://127.0.0.1:" + closedPort + "/nobody-home"),
                        webhook(slow.url("/slow")),
                        email("ash@example.com")));
        world.alert(ash, alert(pikachu, "5", webhook(receiver.url("/pikachu"))));
        priceNow(charizard, 1000);
        priceNow(pikachu, 450);

        var fired = evaluator.evaluate(List.of(charizard, pikachu)).fired();
        assertThat(fired).hasSize(2);
        AlertEvent onCharizard =
                fired.stream().filter(e -> e.itemId() == charizard).findFirst().orElseThrow();

        // the e-mail and the other alert's webhook arrive while the dead and the slow webhooks are still failing
        assertThat(mail.waitForIncomingEmail(5_000, 1)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> receiver.received().size() == 1);
        assertThat(json(receiver.received().get(0).body()).path("itemName").asText())
                .isEqualTo("Pikachu");

        // both failing webhooks are given up after their 3 attempts, each with its reason
        await().atMost(Duration.ofSeconds(15)).until(() -> world.alerts.deliveries(onCharizard.id()).stream()
                .filter(d -> d.channel().equals("webhook"))
                .allMatch(d -> d.status() == DeliveryStatus.FAILED));
        var deliveries = world.alerts.deliveries(onCharizard.id());
        assertThat(deliveries)
                .filteredOn(d -> d.target().contains("nobody-home"))
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.attempts()).isEqualTo(3);
                    assertThat(d.lastError())
                            .hasValueSatisfying(e -> assertThat(e).contains("could not connect"));
                    assertThat(d.log())
                            .extracting(AlertStore.Attempt::outcome)
                            .containsExactly(Outcome.RETRY, Outcome.RETRY, Outcome.FAILED);
                });
        assertThat(deliveries)
                .filteredOn(d -> d.target().contains("/slow"))
                .singleElement()
                .satisfies(d -> assertThat(d.lastError())
                        .hasValueSatisfying(e -> assertThat(e).contains("no answer")));
        assertThat(deliveries)
                .filteredOn(d -> d.channel().equals("email"))
                .singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.DELIVERED));
    }

    @Test
    void a_delivery_left_by_a_worker_that_died_is_sent_after_its_lease() {
        world.alert(ash, alert(charizard, "12.50", webhook(receiver.url("/after-crash"))));
        priceNow(charizard, 1000);
        // a node fires the alert and claims the delivery, then dies before sending it
        var firing = new AlertEvaluator(world.alerts, prices, clock, events -> {});
        AlertEvent event = firing.evaluate(List.of(charizard)).fired().get(0);
        assertThat(world.alerts.claimDue(10, Duration.ofMillis(300))).hasSize(1);

        start(settings());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> delivery(event, "webhook").status() == DeliveryStatus.DELIVERED);
        assertThat(delivery(event, "webhook").attempts()).isEqualTo(2);
        assertThat(receiver.received()).hasSize(1);
    }
}
