package dev.gavel.sim.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A block as the chain keeps it: its header fields and its transactions with their outcomes. The pending block (what
 * the next block would hold now) has no hash: {@link #hash()} is null.
 */
record Block(
        long number,
        String hash,
        String parentHash,
        long timestamp,
        BigInteger baseFeePerGas,
        List<Included> transactions,
        long gasUsed,
        String logsBloom) {

    Block {
        transactions = List.copyOf(transactions);
    }

    /** A transaction in a block: its position, outcome, the gas used up to and with it, its first log's index. */
    record Included(Tx tx, Outcome outcome, int index, long cumulativeGasUsed, int firstLogIndex, String logsBloom) {}

    static Block assemble(
            long number,
            String hash,
            String parentHash,
            long timestamp,
            BigInteger baseFee,
            List<Tx> txs,
            List<Outcome> outcomes) {
        var included = new ArrayList<Included>();
        byte[] blockBloom = new byte[LogsBloom.BYTES];
        long gas = 0;
        int logIndex = 0;
        for (int i = 0; i < txs.size(); i++) {
            Outcome outcome = outcomes.get(i);
            gas += outcome.gasUsed();
            byte[] bloom = LogsBloom.of(outcome.logs());
            LogsBloom.or(blockBloom, bloom);
            included.add(new Included(txs.get(i), outcome, i, gas, logIndex, Hex.data(bloom)));
            logIndex += outcome.logs().size();
        }
        return new Block(number, hash, parentHash, timestamp, baseFee, included, gas, Hex.data(blockBloom));
    }

    boolean isPending() {
        return hash == null;
    }
}
