package dev.gavel.server.market.alerts;

import dev.gavel.store.market.AlertStore;

/** Sends one claimed delivery over one kind of channel ({@code "webhook"}, {@code "email"}). Thread-safe. */
public interface AlertSender {
    /** What sending came to; never throws for the receiver's failures, which are the outcome. */
    Outcome send(AlertStore.Claimed delivery);

    /** A delivery attempt's outcome. */
    sealed interface Outcome {
        /** Delivered; {@code detail} is what the receiver said, such as "HTTP 204". */
        record Delivered(String detail) implements Outcome {}

        /** Not delivered: {@code retry} when trying again later may help (not for a refused address). */
        record Failed(String error, boolean retry) implements Outcome {}
    }
}
