package dev.gavel.server.market.alerts;

import dev.gavel.market.alert.PriceSnapshot;
import dev.gavel.market.alert.PriceSnapshots;
import dev.gavel.market.listing.PriceKind;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Snapshots set by the test, per item; an item set to fail throws, as a broken price store would. */
final class MemorySnapshots implements PriceSnapshots {
    private final Map<Long, PriceSnapshot> byItem = new ConcurrentHashMap<>();
    private final Map<Long, RuntimeException> failing = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    MemorySnapshots set(long itemId, PriceSnapshot snapshot) {
        byItem.put(itemId, snapshot);
        return this;
    }

    MemorySnapshots failFor(long itemId) {
        failing.put(itemId, new IllegalStateException("price history for item " + itemId + " is unreadable"));
        return this;
    }

    @Override
    public Optional<PriceSnapshot> snapshot(
            long itemId, Optional<String> source, PriceKind kind, Optional<String> printing, Duration window) {
        reads.incrementAndGet();
        RuntimeException failure = failing.get(itemId);
        if (failure != null) {
            throw failure;
        }
        return Optional.ofNullable(byItem.get(itemId));
    }
}
