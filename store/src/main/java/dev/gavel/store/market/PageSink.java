package dev.gavel.store.market;

/** Where {@link PendingPages#drain} hands held-back pages, typically {@link MarketStore#ingest}. */
@FunctionalInterface
public interface PageSink {
    /** Stores the page, or throws (PostgreSQL is still down) to stop the drain with the page kept. */
    void accept(PendingPage page);
}
