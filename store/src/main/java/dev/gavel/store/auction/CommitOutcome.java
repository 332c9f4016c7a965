package dev.gavel.store.auction;

import java.util.Set;
import java.util.UUID;

/** What a group commit came to. Business outcomes are values: only a broken database throws. */
public sealed interface CommitOutcome {
    record Committed() implements CommitOutcome {}

    /** Another node holds a newer lease on the auction: this sequencer must stop. */
    record LeaseLost(long ours, long theirs) implements CommitOutcome {}

    /**
     * Another auction reserved the same bidders' money first: nothing was written; re-decide the batch with
     * fresh funds for these bidders.
     */
    record FundsConflict(Set<UUID> bidders) implements CommitOutcome {}
}
