package dev.gavel.auction;

/** The sequencer's answer to a bid: decided now, or decided before under the same natural key. */
public sealed interface Sequenced {
    /** The decision as the bid log keeps it. */
    BidRecord record();

    record Fresh(Decided decided) implements Sequenced {
        @Override
        public BidRecord record() {
            return decided.record();
        }
    }

    /** The same natural key was decided before: that decision stands and nothing changes. */
    record Duplicate(BidRecord record) implements Sequenced {}
}
