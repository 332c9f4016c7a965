package dev.gavel.server.auction;

/** Told about every committed auction event, on the sequencer's thread: must not block. */
@FunctionalInterface
public interface AuctionListener {
    void on(AuctionEvent event);
}
