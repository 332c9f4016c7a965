package dev.gavel.server.market.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.time.MutableClock;
import dev.gavel.market.alert.AlertEvent;
import dev.gavel.market.alert.AlertState;
import dev.gavel.market.alert.PriceSnapshot;
import dev.gavel.market.listing.Currency;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The evaluator over a real PostgreSQL, with prices from an in-memory snapshot port and a clock the test moves. */
@WithPostgresAndRedis
class AlertEvaluationIT {
    private static final Instant T0 = Instant.parse("2026-11-21T19:00:00Z");

    private final MutableClock clock = MutableClock.at(T0);
    private final AlertFixture world;
    private final MemorySnapshots prices = new MemorySnapshots();
    private final List<AlertEvent> told = new CopyOnWriteArrayList<>();
    private final AlertEvaluator evaluator;
    private final UUID ash;
    private final long charizard;

    AlertEvaluationIT(TestDatabase db) {
        world = new AlertFixture(db, clock);
        evaluator = new AlertEvaluator(world.alerts, prices, clock, told::addAll);
        ash = world.user("ash");
        charizard = world.card("Charizard ex");
    }

    @AfterEach
    void close() {
        world.close();
    }

    private String below(long item, String amount, String rearm) {
        return "{\"itemId\":" + item + ",\"condition\":{\"below\":\"" + amount + "\"},"
                + "\"channels\":[{\"email\":\"ash@example.com\"}]"
                + (rearm == null ? "" : ",\"rearm\":\"" + rearm + "\"")
                + "}";
    }

    /** A price observed now, with a well-traded window behind it. */
    private PriceSnapshot priceNow(long cents) {
        return new PriceSnapshot(cents, clock.instant(), Optional.of(cents), 10, Currency.USD);
    }

    @Test
    void a_rearmed_alert_fires_again_only_after_its_interval() {
        var alert = world.alert(ash, below(charizard, "12.50", "1h"));

        prices.set(charizard, priceNow(1199));
        var first = evaluator.evaluate(List.of(charizard));
        assertThat(first.fired()).hasSize(1);
        assertThat(first.fired().get(0).firedAt()).isEqualTo(T0);

        for (int minutes : new int[] {1, 20, 59}) {
            clock.set(T0.plus(Duration.ofMinutes(minutes)));
            prices.set(charizard, priceNow(1100));
            assertThat(evaluator.evaluate(List.of(charizard)).fired())
                    .as("%d minutes after", minutes)
                    .isEmpty();
        }

        clock.set(T0.plus(Duration.ofMinutes(60)));
        prices.set(charizard, priceNow(1300)); // re-armed, but the price is above the amount now
        assertThat(evaluator.evaluate(List.of(charizard)).fired()).isEmpty();

        clock.set(T0.plus(Duration.ofMinutes(75)));
        prices.set(charizard, priceNow(1000));
        var again = evaluator.evaluate(List.of(charizard));
        assertThat(again.fired()).hasSize(1);
        assertThat(again.fired().get(0).firedAt()).isEqualTo(T0.plus(Duration.ofMinutes(75)));
        assertThat(again.fired().get(0).reason()).isEqualTo("market price 10.00 USD is at or below 12.50 USD");

        var history = world.alerts.events(ash, 10, 0);
        assertThat(history.total()).isEqualTo(2);
        assertThat(world.alerts.find(alert.id()).orElseThrow().state()).isEqualTo(AlertState.ARMED);
        assertThat(told).extracting(AlertEvent::alertId).containsExactly(alert.id(), alert.id());
    }

    @Test
    void a_one_shot_alert_fires_once_however_long_the_price_stays_low() {
        var alert = world.alert(ash, below(charizard, "12.50", null));
        int fired = 0;
        for (int day = 0; day < 10; day++) {
            clock.set(T0.plus(Duration.ofDays(day)));
            prices.set(charizard, priceNow(1000 - day));
            fired += evaluator.evaluate(List.of(charizard)).fired().size();
        }

        assertThat(fired).isEqualTo(1);
        assertThat(world.alerts.find(alert.id()).orElseThrow().state()).isEqualTo(AlertState.FIRED);
    }

    @Test
    void a_thin_market_does_not_fire_a_percent_drop_alert() {
        world.alert(ash, """
                {"itemId": %d, "condition": {"changePercent": "-20", "window": "24h"},
                 "channels": [{"email": "ash@example.com"}]}""".formatted(charizard));

        // one sale at half the price of yesterday's: a 50 % drop on a single observation
        prices.set(charizard, new PriceSnapshot(1000, T0, Optional.of(2000L), 1, Currency.USD));
        var thin = evaluator.evaluate(List.of(charizard));
        // a series that starts inside the window has nothing to compare with
        prices.set(charizard, new PriceSnapshot(1000, T0, Optional.empty(), 40, Currency.USD));
        var noHistory = evaluator.evaluate(List.of(charizard));

        assertThat(thin.fired()).isEmpty();
        assertThat(thin.held()).isEqualTo(1);
        assertThat(noHistory.fired()).isEmpty();
        assertThat(world.alerts.events(ash, 10, 0).total()).isZero();

        // the same drop in a traded market fires
        prices.set(charizard, new PriceSnapshot(1000, T0, Optional.of(2000L), 3, Currency.USD));
        var traded = evaluator.evaluate(List.of(charizard));
        assertThat(traded.fired()).hasSize(1);
        assertThat(traded.fired().get(0).changePercent()).contains(new java.math.BigDecimal("-50.00"));
    }

    @Test
    void nodes_evaluating_the_same_prices_at_once_fire_an_alert_once() throws Exception {
        var oneShot = world.alert(ash, below(charizard, "12.50", null));
        var rearmed = world.alert(ash, below(charizard, "20", "24h"));
        prices.set(charizard, priceNow(999));
        int nodes = 6;
        var start = new CountDownLatch(1);
        var results = new ArrayList<Future<AlertEvaluator.Result>>();
        try (var pool = Executors.newFixedThreadPool(nodes)) {
            for (int i = 0; i < nodes; i++) {
                var node = new AlertEvaluator(world.alerts, prices, clock, events -> {});
                results.add(pool.submit(() -> {
                    start.await();
                    return node.evaluate(List.of(charizard));
                }));
            }
            start.countDown();
            int fired = 0;
            for (var r : results) {
                fired += r.get().fired().size();
            }
            assertThat(fired).isEqualTo(2);
        }
        assertThat(world.alerts.events(ash, 10, 0).items())
                .extracting(e -> e.event().alertId())
                .containsExactlyInAnyOrder(oneShot.id(), rearmed.id());
    }

    @Test
    void an_alert_whose_prices_cannot_be_read_does_not_stop_the_others() {
        long pikachu = world.card("Pikachu");
        world.alert(ash, below(charizard, "12.50", null));
        var onPikachu = world.alert(ash, below(pikachu, "5", null));
        prices.failFor(charizard).set(pikachu, priceNow(400));

        var result = evaluator.evaluate(List.of(charizard, pikachu));

        assertThat(result.failed()).isEqualTo(1);
        assertThat(result.fired()).extracting(AlertEvent::alertId).containsExactly(onPikachu.id());
    }

    @Test
    void alerts_on_one_price_series_read_it_once() {
        for (int i = 1; i <= 5; i++) {
            world.alert(ash, below(charizard, i + "0", null));
        }
        prices.set(charizard, priceNow(1500));

        var result = evaluator.evaluate(List.of(charizard));

        assertThat(result.evaluated()).isEqualTo(5);
        assertThat(result.fired()).hasSize(4);
        assertThat(prices.reads).hasValue(1);
    }
}
