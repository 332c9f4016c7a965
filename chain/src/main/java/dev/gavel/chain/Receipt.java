package dev.gavel.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * A mined transaction's outcome. {@code succeeded} is true only for an explicit status {@code 0x1}; a
 * receipt without a status (pre-Byzantium) does not count as success.
 */
public record Receipt(
        String transactionHash,
        long blockNumber,
        String blockHash,
        String from,
        Optional<String> to,
        boolean succeeded,
        BigInteger gasUsed,
        Optional<BigInteger> effectiveGasPrice,
        Optional<String> contractAddress,
        List<EventLog> logs) {
    public Receipt {
        logs = List.copyOf(logs);
    }

    /** Confirmations with {@code head} as the newest block: the receipt's own block counts as one. */
    public long confirmations(long head) {
        return Math.max(0, head - blockNumber + 1);
    }
}
