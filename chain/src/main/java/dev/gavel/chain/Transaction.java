package dev.gavel.chain;

import java.math.BigInteger;
import java.util.Optional;

/**
 * A transaction as the node reports it. Addresses and hashes are lower case; {@code to} is empty for a
 * contract creation, the block fields while it is pending.
 */
public record Transaction(
        String hash,
        String from,
        Optional<String> to,
        BigInteger value,
        String input,
        long nonce,
        Optional<Long> blockNumber,
        Optional<String> blockHash) {}
