package dev.gavel.market.alert;

import dev.gavel.market.alert.AlertDecision.Fire;
import dev.gavel.market.alert.AlertDecision.Hold;
import dev.gavel.market.listing.Currency;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether an alert fires, from a snapshot of its price series and the time:
 *
 * <ul>
 *   <li>a {@link AlertState#DISABLED} alert never fires, nor does a one-shot alert that has fired;
 *   <li>a re-armed alert fires again only once its interval since it last fired is over, on a price observed
 *       after that firing, and only if its condition holds then;
 *   <li>below and above compare the latest price, at or below and at or above the amount; they hold when the
 *       series is not in dollars;
 *   <li>a change alert compares the latest price with the price a window ago, and holds in a thin market: fewer
 *       than {@value #MIN_OBSERVATIONS} prices observed in the window, or none from before it, so one sale
 *       cannot fire a drop.
 * </ul>
 */
public final class AlertRule {
    /** The fewest prices in its window a change alert needs: one or two sales are not a market. */
    public static final int MIN_OBSERVATIONS = 3;
    /** The window a below/above alert asks a snapshot for; it reads only the latest price. */
    public static final Duration THRESHOLD_WINDOW = Duration.ofHours(24);

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private AlertRule() {}

    /** The window to ask {@link PriceSnapshots} for when evaluating {@code condition}. */
    public static Duration window(AlertCondition condition) {
        return condition instanceof AlertCondition.ChangePercent c ? c.window() : THRESHOLD_WINDOW;
    }

    public static AlertDecision evaluate(Alert alert, PriceSnapshot snapshot, Instant now) {
        switch (alert.state()) {
            case DISABLED -> {
                return new Hold("the alert is disabled");
            }
            case FIRED -> {
                return new Hold("a one-shot alert fires once; it fired at "
                        + alert.lastFiredAt().map(Instant::toString).orElse("some time"));
            }
            case ARMED -> {}
        }
        Optional<Instant> last = alert.lastFiredAt();
        if (last.isPresent()) {
            if (alert.oneShot()) {
                return new Hold("a one-shot alert fires once; it fired at " + last.get());
            }
            Instant again = alert.armsAgainAt().orElseThrow();
            if (now.isBefore(again)) {
                return new Hold("re-arms at " + again + ", "
                        + DurationText.format(alert.rearm().orElseThrow()) + " after it fired");
            }
            if (!snapshot.latestAt().isAfter(last.get())) {
                return new Hold("no price observed since it last fired at " + last.get());
            }
        }
        String price = alert.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " price";
        Currency currency = snapshot.currency();
        long latest = snapshot.latest();
        return switch (alert.condition()) {
            case AlertCondition.Below b -> {
                if (currency != AlertCondition.CURRENCY) {
                    yield notDollars(currency);
                }
                yield latest <= b.amount()
                        ? new Fire(
                                price + " " + money(latest, currency) + " is at or below "
                                        + money(b.amount(), currency),
                                latest,
                                Optional.empty())
                        : new Hold(price + " " + money(latest, currency) + " is above " + money(b.amount(), currency));
            }
            case AlertCondition.Above a -> {
                if (currency != AlertCondition.CURRENCY) {
                    yield notDollars(currency);
                }
                yield latest >= a.amount()
                        ? new Fire(
                                price + " " + money(latest, currency) + " is at or above "
                                        + money(a.amount(), currency),
                                latest,
                                Optional.empty())
                        : new Hold(price + " " + money(latest, currency) + " is below " + money(a.amount(), currency));
            }
            case AlertCondition.ChangePercent c -> change(c, snapshot, price);
        };
    }

    private static AlertDecision change(AlertCondition.ChangePercent c, PriceSnapshot snapshot, String price) {
        String window = DurationText.format(c.window());
        if (snapshot.observationsInWindow() < MIN_OBSERVATIONS) {
            return new Hold("thin market: " + snapshot.observationsInWindow() + " price(s) observed in " + window
                    + ", a change alert needs at least " + MIN_OBSERVATIONS);
        }
        if (snapshot.reference().isEmpty()) {
            return new Hold("thin market: no price from " + window + " ago to compare with");
        }
        long reference = snapshot.reference().get();
        if (reference <= 0) {
            return new Hold("the price " + window + " ago was 0; a change from 0 has no percent");
        }
        long latest = snapshot.latest();
        // exact: (latest - reference) * 100 against percent * reference, so rounding never fires an alert
        BigDecimal moved = BigDecimal.valueOf(latest - reference).multiply(HUNDRED);
        BigDecimal asked = c.percent().multiply(BigDecimal.valueOf(reference));
        boolean fires = c.isDrop() ? moved.compareTo(asked) <= 0 : moved.compareTo(asked) >= 0;
        BigDecimal change = moved.divide(BigDecimal.valueOf(reference), 2, RoundingMode.HALF_EVEN);
        Currency currency = snapshot.currency();
        String movement = (change.signum() < 0 ? "fell " + change.negate() : "rose " + change) + " % in " + window
                + ", from " + money(reference, currency) + " to " + money(latest, currency);
        String target = (c.isDrop() ? "a drop of at least " : "a rise of at least ")
                + c.percent().abs().stripTrailingZeros().toPlainString() + " %";
        return fires
                ? new Fire(price + " " + movement + " (alert: " + target + ")", latest, Optional.of(change))
                : new Hold(price + " " + movement + "; the alert asks for " + target);
    }

    private static Hold notDollars(Currency currency) {
        return new Hold(
                "prices of this item are in " + currency + "; the alert's amount is in " + AlertCondition.CURRENCY);
    }

    private static String money(long minor, Currency currency) {
        return Amounts.format(minor, currency) + " " + currency;
    }
}
