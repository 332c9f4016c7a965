package dev.gavel.auction;

/** The sequencer's answer to a bid: decided now, or decided before under the same natural key. */
public sealed interface Sequenced {
    Decided decided();

    record Fresh(Decided decided) implements Sequenced {}

    /** The same natural key was decided before: that decision stands and nothing changes. */
    record Duplicate(Decided decided) implements Sequenced {}
}
