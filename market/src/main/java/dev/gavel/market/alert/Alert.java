package dev.gavel.market.alert;

import dev.gavel.market.listing.PriceKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One collector's alert on one catalog item: which price it watches ({@code source}, e.g. "tcgplayer", or any;
 * the price {@code kind}, {@link PriceKind#MARKET} unless asked; the {@code printing}, e.g. "Holofoil", or any),
 * when it fires ({@code condition}), whom it tells ({@code channels}, 1 to {@value #MAX_CHANNELS}), and whether it
 * fires once ({@code rearm} empty) or again after each {@code rearm} interval.
 *
 * @param ownerUserId the user who made it ({@code users.id}, a UUID)
 * @param itemId the catalog item ({@code catalog_items.id})
 */
public record Alert(
        long id,
        UUID ownerUserId,
        long itemId,
        Optional<String> source,
        PriceKind kind,
        Optional<String> printing,
        AlertCondition condition,
        List<AlertChannel> channels,
        Optional<Duration> rearm,
        AlertState state,
        Optional<Instant> lastFiredAt,
        Instant createdAt) {
    public static final int MAX_CHANNELS = 5;

    public Alert {
        Objects.requireNonNull(ownerUserId, "ownerUserId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(printing, "printing");
        Objects.requireNonNull(condition, "condition");
        channels = List.copyOf(channels);
        Objects.requireNonNull(rearm, "rearm");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastFiredAt, "lastFiredAt");
        Objects.requireNonNull(createdAt, "createdAt");
        if (channels.isEmpty() || channels.size() > MAX_CHANNELS) {
            throw new IllegalArgumentException("an alert has 1 to " + MAX_CHANNELS + " channels: " + channels.size());
        }
        if (rearm.filter(r -> r.isNegative() || r.isZero()).isPresent()) {
            throw new IllegalArgumentException("a re-arm interval must be positive: " + rearm.get());
        }
    }

    public boolean oneShot() {
        return rearm.isEmpty();
    }

    /** This alert after it fired at {@code at}: a one-shot alert is {@link AlertState#FIRED}, a re-armed one stays armed. */
    public Alert firedAt(Instant at) {
        return new Alert(
                id,
                ownerUserId,
                itemId,
                source,
                kind,
                printing,
                condition,
                channels,
                rearm,
                oneShot() ? AlertState.FIRED : AlertState.ARMED,
                Optional.of(at),
                createdAt);
    }

    /** When a re-armed alert may fire again; empty when it has not fired yet, or never will again. */
    public Optional<Instant> armsAgainAt() {
        return rearm.flatMap(r -> lastFiredAt.map(at -> at.plus(r)));
    }
}
