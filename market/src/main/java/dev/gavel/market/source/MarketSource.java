package dev.gavel.market.source;

import dev.gavel.market.strategy.PageOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A marketplace Gavel collects listings from. Implementations sit in {@code sources} and must never throw
 * for a failed call: every failure comes back as a {@link PageOutcome}. Thread-safe.
 */
public interface MarketSource {
    /** The short id listings carry ("m26"). */
    String id();

    /** The shortest watch interval this source allows. */
    Duration minimumInterval();

    /** What is wrong with a query for this source, field by field; empty when it can be run. */
    Map<String, String> queryProblems(Map<String, String> query);

    /** How many pages a query asks for (its {@code pages} parameter, 1 by default). */
    default int pages(Map<String, String> query) {
        try {
            return Math.max(1, Integer.parseInt(query.getOrDefault("pages", "1")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Fetches page {@code page} (0-based) of {@code query}. */
    PageOutcome search(Map<String, String> query, int page);

    /** The source's state for operators: circuit, rate budget, pool. */
    SourceHealth health();

    /** The query keys this source understands, for help texts. */
    List<String> queryKeys();
}
