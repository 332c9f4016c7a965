package dev.gavel.store.market;

import static dev.gavel.store.market.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.Role;
import dev.gavel.core.time.MutableClock;
import dev.gavel.market.alert.Alert;
import dev.gavel.market.alert.AlertCondition;
import dev.gavel.market.alert.AlertDecision;
import dev.gavel.market.alert.AlertEvent;
import dev.gavel.market.alert.AlertState;
import dev.gavel.market.alert.NewAlert;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.PriceKind;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.market.AlertStore.DeliveryStatus;
import dev.gavel.store.market.AlertStore.Outcome;
import dev.gavel.store.users.NewUser;
import dev.gavel.store.users.UserStore;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@WithPostgresAndRedis
class AlertStoreIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Database database;
    private final MutableClock clock = MutableClock.at(T0);
    private final AlertStore alerts;
    private final UUID ash = UUID.randomUUID();
    private final UUID misty = UUID.randomUUID();
    private final long charizard;
    private final long pikachu;

    AlertStoreIT(TestDatabase db) {
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        // the class shares one database: each test starts with no alerts (claims take every due delivery)
        database.jdbi().useHandle(h -> h.execute("TRUNCATE alerts, alert_events, alert_deliveries CASCADE"));
        alerts = new AlertStore(database.jdbi(), clock);
        var users = new UserStore(database.jdbi());
        users.create(new NewUser(ash, "ash-" + ash + "@example.com", "h", Set.of(Role.VIEWER), T0));
        users.create(new NewUser(misty, "misty-" + misty + "@example.com", "h", Set.of(Role.VIEWER), T0));
        var ids = new CatalogStore(database.jdbi(), clock)
                .upsertAll(List.of(item("Charizard ex", "c-" + ash), item("Pikachu", "p-" + ash)));
        charizard = ids.get(0);
        pikachu = ids.get(1);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static dev.gavel.market.catalog.CatalogEntry item(String name, String externalId) {
        return new dev.gavel.market.catalog.CatalogEntry(
                Game.POKEMON,
                "tcgplayer",
                externalId,
                Optional.of("sv3pt5"),
                Optional.of("151"),
                Optional.empty(),
                Optional.of("199/165"),
                name,
                Optional.empty(),
                Optional.empty());
    }

    private static NewAlert request(String json) {
        try {
            return NewAlert.parse(MAPPER.readTree(json)).orElseThrow();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static NewAlert below(long itemId, String amount, String rearm) {
        return request("{\"itemId\":" + itemId + ",\"condition\":{\"below\":\"" + amount + "\"},"
                + "\"channels\":[{\"webhook\":\"https://hooks.example.com/a\"},{\"email\":\"ash@example.com\"}]"
                + (rearm == null ? "" : ",\"rearm\":\"" + rearm + "\"") + "}");
    }

    private static AlertDecision.Fire fire(long price) {
        return new AlertDecision.Fire("market price is low", price, Optional.empty());
    }

    @Test
    void an_alert_is_stored_as_asked_and_read_back_the_same() {
        var asked = request("""
                {"itemId": %d, "condition": {"changePercent": "-20", "window": "24h"},
                 "channels": [{"email": "ash@example.com"}], "source": "tcgplayer", "kind": "low",
                 "printing": "Holofoil", "rearm": "6h"}""".formatted(charizard));

        Alert alert = alerts.create(ash, asked).orElseThrow();

        assertThat(alert.id()).isPositive();
        assertThat(alert.ownerUserId()).isEqualTo(ash);
        assertThat(alert.itemId()).isEqualTo(charizard);
        assertThat(alert.source()).contains("tcgplayer");
        assertThat(alert.kind()).isEqualTo(PriceKind.LOW);
        assertThat(alert.printing()).contains("Holofoil");
        assertThat(alert.condition()).isEqualTo(asked.condition());
        assertThat(alert.channels()).isEqualTo(asked.channels());
        assertThat(alert.rearm()).contains(Duration.ofHours(6));
        assertThat(alert.state()).isEqualTo(AlertState.ARMED);
        assertThat(alert.lastFiredAt()).isEmpty();
        assertThat(alert.createdAt()).isEqualTo(T0);
        assertThat(alerts.find(alert.id())).contains(alert);
    }

    @Test
    void an_alert_on_an_item_the_catalog_does_not_have_is_not_stored() {
        assertThat(alerts.create(ash, below(pikachu + 10_000, "5", null))).isEmpty();
        assertThat(alerts.list(ash, 10, 0).total()).isZero();
    }

    @Test
    void owners_list_their_own_alerts_newest_first_by_page_and_delete_only_their_own() {
        var ids = new ArrayList<Long>();
        for (int i = 1; i <= 5; i++) {
            ids.add(alerts.create(ash, below(charizard, i + ".00", null))
                    .orElseThrow()
                    .id());
        }
        long mistys =
                alerts.create(misty, below(pikachu, "3", null)).orElseThrow().id();

        var first = alerts.list(ash, 2, 0);
        var last = alerts.list(ash, 2, 4);
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.items()).extracting(Alert::id).containsExactly(ids.get(4), ids.get(3));
        assertThat(last.items()).extracting(Alert::id).containsExactly(ids.get(0));
        assertThat(alerts.list(misty, 10, 0).items()).extracting(Alert::id).containsExactly(mistys);

        assertThat(alerts.delete(mistys, ash)).isFalse();
        assertThat(alerts.delete(ids.get(0), ash)).isTrue();
        assertThat(alerts.delete(ids.get(0), ash)).isFalse();
        assertThat(alerts.find(ids.get(0))).isEmpty();
        assertThat(alerts.find(mistys)).isPresent();
        assertThat(alerts.list(ash, 10, 0).total()).isEqualTo(4);
    }

    @Test
    void the_evaluator_gets_the_armed_alerts_on_the_items_it_asks_about() {
        var onCharizard = alerts.create(ash, below(charizard, "10", null)).orElseThrow();
        var onPikachu = alerts.create(misty, below(pikachu, "2", null)).orElseThrow();
        var deleted = alerts.create(ash, below(charizard, "9", null)).orElseThrow();
        alerts.delete(deleted.id(), ash);
        var fired = alerts.create(ash, below(charizard, "8", null)).orElseThrow();
        alerts.recordFiring(fired, fire(700), Currency.USD, T0);

        assertThat(alerts.armedFor(List.of(charizard))).containsExactly(onCharizard);
        assertThat(alerts.armedFor(List.of(charizard, pikachu))).containsExactly(onCharizard, onPikachu);
        assertThat(alerts.armedFor(List.of())).isEmpty();
    }

    @Test
    void a_firing_records_the_event_and_one_pending_delivery_per_channel_and_a_one_shot_alert_is_spent() {
        var alert = alerts.create(ash, below(charizard, "12.50", null)).orElseThrow();
        Instant at = T0.plusNanos(123_456_789);

        AlertEvent event = alerts.recordFiring(
                        alert,
                        new AlertDecision.Fire("fell", 1100, Optional.of(new BigDecimal("-21.50"))),
                        Currency.USD,
                        at)
                .orElseThrow();

        assertThat(event.alertId()).isEqualTo(alert.id());
        assertThat(event.ownerUserId()).isEqualTo(ash);
        assertThat(event.itemId()).isEqualTo(charizard);
        assertThat(event.price()).isEqualTo(1100);
        assertThat(event.firedAt()).isEqualTo(T0.plusNanos(123_456_000));
        var stored = alerts.find(alert.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(AlertState.FIRED);
        assertThat(stored.lastFiredAt()).contains(event.firedAt());
        assertThat(alerts.armedFor(List.of(charizard))).isEmpty();

        var deliveries = alerts.deliveries(event.id());
        assertThat(deliveries).extracting(AlertStore.Delivery::channel).containsExactly("webhook", "email");
        assertThat(deliveries)
                .extracting(AlertStore.Delivery::target)
                .containsExactly("https://hooks.example.com/a", "ash@example.com");
        assertThat(deliveries).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
            assertThat(d.attempts()).isZero();
            assertThat(d.nextAttemptAt()).isEqualTo(event.firedAt());
        });

        var history = alerts.events(ash, 10, 0);
        assertThat(history.total()).isEqualTo(1);
        assertThat(history.items().get(0).event()).isEqualTo(event);
        assertThat(history.items().get(0).itemName()).isEqualTo("Charizard ex");
        assertThat(history.items().get(0).event().changePercent()).contains(new BigDecimal("-21.50"));
        assertThat(alerts.events(misty, 10, 0).items()).isEmpty();
    }

    @Test
    void firings_read_by_id_are_the_owners_only_and_the_same_as_in_the_history() {
        var ashs = alerts.create(ash, below(charizard, "12.50", null)).orElseThrow();
        var mistys = alerts.create(misty, below(pikachu, "3.00", null)).orElseThrow();
        AlertEvent first =
                alerts.recordFiring(ashs, fire(1100), Currency.USD, T0).orElseThrow();
        AlertEvent other =
                alerts.recordFiring(mistys, fire(250), Currency.USD, T0).orElseThrow();

        var read = alerts.events(ash, List.of(other.id(), first.id(), first.id() + 1_000_000));

        assertThat(read).hasSize(1);
        assertThat(read.get(0)).isEqualTo(alerts.events(ash, 10, 0).items().get(0));
        assertThat(read.get(0).deliveries()).hasSize(2);
        assertThat(alerts.events(misty, List.of(first.id()))).isEmpty();
        assertThat(alerts.events(ash, List.of())).isEmpty();
    }

    @Test
    void two_nodes_firing_the_same_alert_at_once_record_one_firing() throws Exception {
        var oneShot = alerts.create(ash, below(charizard, "12.50", null)).orElseThrow();
        var rearmed = alerts.create(ash, below(pikachu, "12.50", "1h")).orElseThrow();
        int nodes = 8;
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(nodes)) {
            var results = new ArrayList<Future<Optional<AlertEvent>>>();
            for (int i = 0; i < nodes; i++) {
                Alert alert = i % 2 == 0 ? oneShot : rearmed;
                Instant at = T0.plusMillis(i);
                Callable<Optional<AlertEvent>> fire = () -> {
                    start.await();
                    return alerts.recordFiring(alert, fire(1000), Currency.USD, at);
                };
                results.add(pool.submit(fire));
            }
            start.countDown();
            int recorded = 0;
            for (var r : results) {
                recorded += r.get().isPresent() ? 1 : 0;
            }
            assertThat(recorded).isEqualTo(2);
        }
        assertThat(alerts.events(ash, 10, 0).total()).isEqualTo(2);

        var spent = alerts.find(rearmed.id()).orElseThrow();
        assertThat(spent.state()).isEqualTo(AlertState.ARMED);
        assertThat(spent.lastFiredAt()).isPresent();
        // a node that read the alert before that firing cannot fire it again
        assertThat(alerts.recordFiring(rearmed, fire(900), Currency.USD, T0.plusSeconds(7200)))
                .isEmpty();
        // one that read it after can, once its evaluation allows
        assertThat(alerts.recordFiring(spent, fire(900), Currency.USD, T0.plusSeconds(7200)))
                .isPresent();
        assertThat(alerts.find(rearmed.id()).orElseThrow().lastFiredAt()).contains(T0.plusSeconds(7200));
        // and a deleted alert fires no more
        var deleted = alerts.find(rearmed.id()).orElseThrow();
        alerts.delete(deleted.id(), ash);
        assertThat(alerts.recordFiring(deleted, fire(800), Currency.USD, T0.plusSeconds(99_999)))
                .isEmpty();
    }

    @Test
    void workers_claim_each_due_delivery_once_and_a_dead_workers_claim_comes_back_after_its_lease() throws Exception {
        for (int i = 0; i < 20; i++) {
            var alert = alerts.create(ash, below(charizard, (i + 1) + "", null)).orElseThrow();
            alerts.recordFiring(alert, fire(10), Currency.USD, T0).orElseThrow();
        }
        var claimedIds = new HashSet<Long>();
        int total = 0;
        try (var pool = Executors.newFixedThreadPool(4)) {
            var futures = new ArrayList<Future<List<AlertStore.Claimed>>>();
            for (int i = 0; i < 4; i++) {
                futures.add(pool.submit(() -> alerts.claimDue(15, Duration.ofSeconds(30))));
            }
            for (var f : futures) {
                for (var c : f.get()) {
                    claimedIds.add(c.deliveryId());
                    total++;
                    assertThat(c.attempt()).isEqualTo(1);
                    assertThat(c.itemName()).isEqualTo("Charizard ex");
                    assertThat(c.event().ownerUserId()).isEqualTo(ash);
                }
            }
        }
        assertThat(total).isEqualTo(40);
        assertThat(claimedIds).hasSize(40);
        assertThat(alerts.claimDue(100, Duration.ofSeconds(30))).isEmpty();

        clock.advance(Duration.ofSeconds(31));
        var again = alerts.claimDue(100, Duration.ofSeconds(30));
        assertThat(again).hasSize(40).allSatisfy(c -> assertThat(c.attempt()).isEqualTo(2));
    }

    @Test
    void a_failed_attempt_is_retried_when_due_and_the_log_keeps_every_attempt() {
        var alert = alerts.create(ash, below(charizard, "12.50", null)).orElseThrow();
        long eventId = alerts.recordFiring(alert, fire(1000), Currency.USD, T0)
                .orElseThrow()
                .id();
        var lease = Duration.ofSeconds(30);

        var first = alerts.claimDue(10, lease).get(0);
        alerts.markFailed(first.deliveryId(), first.attempt(), "HTTP 500", Optional.of(T0.plusSeconds(1)));
        assertThat(alerts.claimDue(10, lease))
                .extracting(AlertStore.Claimed::deliveryId)
                .doesNotContain(first.deliveryId());
        clock.advance(Duration.ofSeconds(1));
        var second = alerts.claimDue(10, lease).stream()
                .filter(c -> c.deliveryId() == first.deliveryId())
                .findFirst()
                .orElseThrow();
        assertThat(second.attempt()).isEqualTo(2);
        // the first attempt's worker, late, cannot overwrite what the second claim does
        alerts.markFailed(first.deliveryId(), 1, "late", Optional.empty());
        alerts.markDelivered(second.deliveryId(), second.attempt(), "HTTP 200");

        var delivery = alerts.deliveries(eventId).stream()
                .filter(d -> d.id() == first.deliveryId())
                .findFirst()
                .orElseThrow();
        assertThat(delivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivery.attempts()).isEqualTo(2);
        assertThat(delivery.deliveredAt()).contains(T0.plusSeconds(1));
        assertThat(delivery.lastError()).isEmpty();
        assertThat(delivery.log())
                .extracting(AlertStore.Attempt::attempt, AlertStore.Attempt::outcome, AlertStore.Attempt::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, Outcome.RETRY, "HTTP 500"),
                        org.assertj.core.groups.Tuple.tuple(2, Outcome.DELIVERED, "HTTP 200"));
    }

    @Test
    void a_delivery_out_of_attempts_fails_for_good_and_is_never_claimed_again() {
        var alert = alerts.create(ash, below(charizard, "12.50", null)).orElseThrow();
        long eventId = alerts.recordFiring(alert, fire(1000), Currency.USD, T0)
                .orElseThrow()
                .id();
        var claims = alerts.claimDue(10, Duration.ofSeconds(30));

        for (var c : claims) {
            alerts.markFailed(c.deliveryId(), c.attempt(), "connection refused", Optional.empty());
        }
        clock.advance(Duration.ofDays(1));

        assertThat(alerts.claimDue(10, Duration.ofSeconds(30))).isEmpty();
        assertThat(alerts.nextDue()).isEmpty();
        assertThat(alerts.deliveries(eventId)).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.lastError()).contains("connection refused");
            assertThat(d.log()).extracting(AlertStore.Attempt::outcome).containsExactly(Outcome.FAILED);
        });
    }

    @Test
    void the_next_due_delivery_tells_a_worker_how_long_it_may_wait() {
        assertThat(alerts.nextDue()).isEmpty();
        var alert = alerts.create(ash, below(charizard, "12.50", null)).orElseThrow();
        alerts.recordFiring(alert, fire(1000), Currency.USD, T0.plusSeconds(5));

        assertThat(alerts.nextDue()).contains(T0.plusSeconds(5));
        assertThat(alerts.find(alert.id()).orElseThrow().condition()).isEqualTo(new AlertCondition.Below(1250));
    }
}
