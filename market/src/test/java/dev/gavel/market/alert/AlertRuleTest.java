package dev.gavel.market.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.market.alert.AlertCondition.Above;
import dev.gavel.market.alert.AlertCondition.Below;
import dev.gavel.market.alert.AlertCondition.ChangePercent;
import dev.gavel.market.alert.AlertDecision.Fire;
import dev.gavel.market.alert.AlertDecision.Hold;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.PriceKind;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertRuleTest {
    private static final Instant T0 = Instant.parse("2026-11-20T15:00:00Z");
    private static final UUID OWNER = UUID.fromString("00000000-0000-0000-0000-0000000000a1");

    static Alert alert(AlertCondition condition, Optional<Duration> rearm) {
        return new Alert(
                1,
                OWNER,
                77,
                Optional.of("tcgplayer"),
                PriceKind.MARKET,
                Optional.empty(),
                condition,
                List.of(new AlertChannel.Webhook(URI.create("https://hooks.example.com/x"))),
                rearm,
                AlertState.ARMED,
                Optional.empty(),
                T0.minus(Duration.ofDays(1)));
    }

    static Alert oneShot(AlertCondition condition) {
        return alert(condition, Optional.empty());
    }

    static PriceSnapshot price(long latest) {
        return new PriceSnapshot(latest, T0, Optional.of(latest), 10, Currency.USD);
    }

    static PriceSnapshot moved(long from, long to, int observations) {
        return new PriceSnapshot(to, T0, Optional.of(from), observations, Currency.USD);
    }

    static ChangePercent drop(String percent) {
        return new ChangePercent(new BigDecimal(percent), Duration.ofHours(24));
    }

    @Test
    void a_below_alert_fires_at_or_under_its_amount_and_says_so() {
        var alert = oneShot(new Below(1250));

        var fired = AlertRule.evaluate(alert, price(1199), T0);
        assertThat(fired).isInstanceOf(Fire.class);
        assertThat(((Fire) fired).reason()).isEqualTo("market price 11.99 USD is at or below 12.50 USD");
        assertThat(((Fire) fired).price()).isEqualTo(1199);
        assertThat(((Fire) fired).changePercent()).isEmpty();
        assertThat(AlertRule.evaluate(alert, price(1250), T0)).isInstanceOf(Fire.class);
        assertThat(AlertRule.evaluate(alert, price(1251), T0)).isInstanceOf(Hold.class);
    }

    @Test
    void an_above_alert_fires_at_or_over_its_amount() {
        var alert = oneShot(new Above(4000));

        assertThat(AlertRule.evaluate(alert, price(4000), T0)).isInstanceOf(Fire.class);
        assertThat(AlertRule.evaluate(alert, price(3999), T0)).isInstanceOf(Hold.class);
    }

    @Test
    void a_threshold_holds_when_the_prices_are_not_in_dollars() {
        var coins = new PriceSnapshot(100, T0, Optional.empty(), 10, Currency.COINS);

        assertThat(AlertRule.evaluate(oneShot(new Below(1250)), coins, T0))
                .isEqualTo(new Hold("prices of this item are in COINS; the alert's amount is in USD"));
    }

    @Test
    void a_drop_alert_fires_on_a_drop_of_at_least_its_percent() {
        var alert = oneShot(drop("-20"));

        var fired = AlertRule.evaluate(alert, moved(1500, 1200, 5), T0);
        assertThat(fired).isInstanceOf(Fire.class);
        assertThat(((Fire) fired).changePercent()).contains(new BigDecimal("-20.00"));
        assertThat(((Fire) fired).reason())
                .isEqualTo(
                        "market price fell 20.00 % in 24h, from 15.00 USD to 12.00 USD (alert: a drop of at least 20 %)");
        assertThat(AlertRule.evaluate(alert, moved(1500, 1000, 5), T0)).isInstanceOf(Fire.class);
        assertThat(AlertRule.evaluate(alert, moved(1500, 1201, 5), T0)).isInstanceOf(Hold.class);
        assertThat(AlertRule.evaluate(alert, moved(1500, 1800, 5), T0)).isInstanceOf(Hold.class);
    }

    @Test
    void a_rise_alert_fires_on_a_rise_of_at_least_its_percent() {
        var alert = oneShot(new ChangePercent(new BigDecimal("15"), Duration.ofDays(7)));

        assertThat(AlertRule.evaluate(alert, moved(1000, 1150, 3), T0)).isInstanceOf(Fire.class);
        assertThat(AlertRule.evaluate(alert, moved(1000, 1149, 3), T0)).isInstanceOf(Hold.class);
        assertThat(AlertRule.evaluate(alert, moved(1000, 500, 3), T0)).isInstanceOf(Hold.class);
    }

    @Test
    void a_change_a_hair_short_of_the_percent_does_not_fire_by_rounding() {
        // -19.996 % rounds to -20.00 % but is not a drop of 20 %
        var alert = oneShot(drop("-20"));

        var decision = AlertRule.evaluate(alert, moved(25_000, 20_001, 5), T0);

        assertThat(decision).isInstanceOf(Hold.class);
    }

    @Test
    void a_thin_market_does_not_fire_a_drop_alert() {
        var alert = oneShot(drop("-20"));

        var oneSale = AlertRule.evaluate(alert, moved(1500, 100, AlertRule.MIN_OBSERVATIONS - 1), T0);
        var noReference = AlertRule.evaluate(alert, new PriceSnapshot(100, T0, Optional.empty(), 50, Currency.USD), T0);

        assertThat(oneSale).isInstanceOf(Hold.class);
        assertThat(((Hold) oneSale).why()).startsWith("thin market: 2 price(s) observed in 24h");
        assertThat(noReference).isInstanceOf(Hold.class);
        assertThat(((Hold) noReference).why()).startsWith("thin market: no price from 24h ago");
        assertThat(AlertRule.evaluate(alert, moved(1500, 100, AlertRule.MIN_OBSERVATIONS), T0))
                .isInstanceOf(Fire.class);
    }

    @Test
    void a_change_from_zero_has_no_percent() {
        assertThat(AlertRule.evaluate(
                        oneShot(new ChangePercent(BigDecimal.TEN, Duration.ofHours(1))), moved(0, 5, 9), T0))
                .isInstanceOf(Hold.class);
    }

    @Test
    void a_disabled_alert_never_fires() {
        var base = oneShot(new Below(1250));
        var disabled = new Alert(
                base.id(),
                base.ownerUserId(),
                base.itemId(),
                base.source(),
                base.kind(),
                base.printing(),
                base.condition(),
                base.channels(),
                base.rearm(),
                AlertState.DISABLED,
                Optional.empty(),
                base.createdAt());

        assertThat(AlertRule.evaluate(disabled, price(1), T0)).isEqualTo(new Hold("the alert is disabled"));
    }

    @Test
    void a_one_shot_alert_fires_once() {
        var alert = oneShot(new Below(1250));
        assertThat(AlertRule.evaluate(alert, price(1000), T0)).isInstanceOf(Fire.class);

        var fired = alert.firedAt(T0);

        assertThat(fired.state()).isEqualTo(AlertState.FIRED);
        assertThat(fired.lastFiredAt()).contains(T0);
        var later = new PriceSnapshot(900, T0.plus(Duration.ofDays(30)), Optional.empty(), 10, Currency.USD);
        assertThat(AlertRule.evaluate(fired, later, T0.plus(Duration.ofDays(30))))
                .isInstanceOf(Hold.class);
    }

    @Test
    void a_rearmed_alert_fires_again_only_after_its_interval_on_a_new_price_that_holds() {
        var alert = alert(new Below(1250), Optional.of(Duration.ofHours(6))).firedAt(T0);
        assertThat(alert.state()).isEqualTo(AlertState.ARMED);
        assertThat(alert.armsAgainAt()).contains(T0.plus(Duration.ofHours(6)));

        Instant early = T0.plus(Duration.ofHours(5));
        var tooSoon =
                AlertRule.evaluate(alert, new PriceSnapshot(1000, early, Optional.empty(), 5, Currency.USD), early);
        assertThat(tooSoon).isInstanceOf(Hold.class);
        assertThat(((Hold) tooSoon).why()).startsWith("re-arms at 2026-11-20T21:00:00Z");

        Instant after = T0.plus(Duration.ofHours(6));
        var stale = new PriceSnapshot(1000, T0, Optional.empty(), 5, Currency.USD);
        assertThat(((Hold) AlertRule.evaluate(alert, stale, after)).why()).startsWith("no price observed since");
        var above = new PriceSnapshot(1300, after, Optional.empty(), 5, Currency.USD);
        assertThat(AlertRule.evaluate(alert, above, after)).isInstanceOf(Hold.class);
        var below = new PriceSnapshot(1100, after, Optional.empty(), 5, Currency.USD);
        assertThat(AlertRule.evaluate(alert, below, after)).isInstanceOf(Fire.class);
    }

    @Test
    void threshold_alerts_ask_for_a_day_and_change_alerts_for_their_window() {
        assertThat(AlertRule.window(new Below(1))).isEqualTo(Duration.ofHours(24));
        assertThat(AlertRule.window(new ChangePercent(BigDecimal.ONE, Duration.ofDays(7))))
                .isEqualTo(Duration.ofDays(7));
    }

    /**
     * Many generated price walks against generated alerts, with the alert fired whenever the rule says so: a
     * threshold fires exactly when the price crosses it, a change never fires in a thin market, and firings of a
     * re-armed alert are at least its interval apart (a one-shot alert fires at most once).
     */
    @Test
    void generated_price_walks_keep_the_rules_invariants() {
        long seed = 88L;
        var random = new SplittableRandom(seed);
        for (int run = 0; run < 500; run++) {
            AlertCondition condition =
                    switch (random.nextInt(3)) {
                        case 0 -> new Below(500 + random.nextLong(2_000));
                        case 1 -> new Above(500 + random.nextLong(2_000));
                        default ->
                            new ChangePercent(
                                    BigDecimal.valueOf(
                                            random.nextBoolean() ? -(1 + random.nextInt(60)) : 1 + random.nextInt(60)),
                                    Duration.ofHours(1 + random.nextInt(48)));
                    };
            Optional<Duration> rearm =
                    random.nextBoolean() ? Optional.empty() : Optional.of(Duration.ofMinutes(1 + random.nextInt(600)));
            Alert alert = alert(condition, rearm);
            Instant now = T0;
            long priceNow = 500 + random.nextLong(2_000);
            int firings = 0;
            Instant lastFiring = null;
            for (int step = 0; step < 200; step++) {
                now = now.plus(Duration.ofMinutes(1 + random.nextInt(60)));
                long reference = priceNow;
                priceNow = Math.max(1, priceNow + random.nextLong(-200, 201));
                int observations = random.nextInt(8);
                var snapshot = new PriceSnapshot(
                        priceNow,
                        now,
                        random.nextInt(10) == 0 ? Optional.empty() : Optional.of(reference),
                        observations,
                        Currency.USD);
                var decision = AlertRule.evaluate(alert, snapshot, now);
                final Alert evaluated = alert;
                final int r = run, st = step;
                java.util.function.Supplier<String> context =
                        () -> "seed " + seed + ", run " + r + ", step " + st + ": " + evaluated + " " + snapshot;
                boolean mayFire = evaluated.state() == AlertState.ARMED
                        && evaluated
                                .armsAgainAt()
                                .map(at -> !at.isAfter(snapshot.latestAt()))
                                .orElse(true);
                switch (condition) {
                    case Below b ->
                        assertThat(decision instanceof Fire).as(context).isEqualTo(mayFire && priceNow <= b.amount());
                    case Above a ->
                        assertThat(decision instanceof Fire).as(context).isEqualTo(mayFire && priceNow >= a.amount());
                    case ChangePercent c -> {
                        if (observations < AlertRule.MIN_OBSERVATIONS
                                || snapshot.reference().isEmpty()) {
                            assertThat(decision).as(context).isInstanceOf(Hold.class);
                        }
                    }
                }
                if (decision instanceof Fire fire) {
                    assertThat(fire.price()).as(context).isEqualTo(priceNow);
                    if (lastFiring != null) {
                        assertThat(rearm).as(context).isPresent();
                        assertThat(Duration.between(lastFiring, now))
                                .as(context)
                                .isGreaterThanOrEqualTo(rearm.get());
                    }
                    lastFiring = now;
                    firings++;
                    alert = alert.firedAt(now);
                }
            }
            if (rearm.isEmpty()) {
                assertThat(firings).as("seed %d, run %d", seed, run).isLessThanOrEqualTo(1);
            }
        }
    }
}
