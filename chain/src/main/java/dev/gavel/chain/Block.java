package dev.gavel.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A block as the node reports it; {@code transactions} is empty when asked for hashes only. */
public record Block(
        long number,
        String hash,
        String parentHash,
        Instant timestamp,
        Optional<BigInteger> baseFeePerGas,
        List<Transaction> transactions) {
    public Block {
        transactions = List.copyOf(transactions);
    }
}
