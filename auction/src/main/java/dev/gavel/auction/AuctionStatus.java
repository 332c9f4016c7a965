package dev.gavel.auction;

/** Where an auction is in its life. */
public enum AuctionStatus {
    /** Planned; not taking bids yet. */
    PENDING,
    /** Taking bids. */
    ACTIVE,
    /** Stopped by an admin; resumes to ACTIVE. */
    PAUSED,
    /** Past its end; deciding bids still in flight for the grace window, then the winner. */
    PROCESSING,
    /** Finalized: the winner (or no sale) is decided. */
    COMPLETED,
    /** Called off by an admin; no sale. */
    CANCELLED;

    public boolean isFinal() {
        return this == COMPLETED || this == CANCELLED;
    }
}
