package dev.gavel.sim.chain;

import java.math.BigInteger;
import java.util.List;

/** What executing a transaction did: success or revert (status 0x1 / 0x0), gas used, the price paid, its logs. */
record Outcome(boolean success, long gasUsed, BigInteger effectiveGasPrice, List<Log> logs) {
    Outcome {
        logs = List.copyOf(logs);
    }
}
