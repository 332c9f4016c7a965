package dev.gavel.auction;

import java.time.Duration;
import java.util.UUID;

/** An admin's override of an auction; every one is audited with its reason. */
public sealed interface AdminAction {
    String reason();

    record Pause(String reason) implements AdminAction {}

    record Resume(String reason) implements AdminAction {}

    record Extend(Duration by, String reason) implements AdminAction {}

    record Cancel(String reason) implements AdminAction {}

    /** End now: bids made before this moment are still decided during the grace window. */
    record Close(String reason) implements AdminAction {}

    /** Void one accepted bid; the highest is re-evaluated from the remaining accepted bids. */
    record VoidBid(UUID bidId, String reason) implements AdminAction {}
}
