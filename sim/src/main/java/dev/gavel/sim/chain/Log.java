package dev.gavel.sim.chain;

import java.util.List;

/** An event a transaction emitted: the emitting contract, up to four topics and the unindexed data (all hex). */
record Log(String address, List<String> topics, String data) {
    Log {
        topics = List.copyOf(topics);
    }
}
