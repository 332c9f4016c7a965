package dev.gavel.chain;

import java.util.List;

/** A contract event log. Topics and addresses are lower case; {@code removed} is set on a reorg. */
public record EventLog(
        String address,
        List<String> topics,
        String data,
        long blockNumber,
        String blockHash,
        String transactionHash,
        long logIndex,
        boolean removed) {
    public EventLog {
        topics = List.copyOf(topics);
    }
}
