package dev.gavel.sim.chain;

import java.util.List;
import org.web3j.crypto.Hash;

/** The 2048-bit logs bloom of the yellow paper (three bits per address and topic), so clients may skip blocks. */
final class LogsBloom {
    static final int BYTES = 256;

    private LogsBloom() {}

    static byte[] of(List<Log> logs) {
        byte[] bloom = new byte[BYTES];
        for (Log log : logs) {
            add(bloom, Hex.bytes(log.address()));
            for (String topic : log.topics()) {
                add(bloom, Hex.bytes(topic));
            }
        }
        return bloom;
    }

    static void or(byte[] into, byte[] bloom) {
        for (int i = 0; i < BYTES; i++) {
            into[i] |= bloom[i];
        }
    }

    private static void add(byte[] bloom, byte[] value) {
        byte[] hash = Hash.sha3(value);
        for (int i = 0; i < 6; i += 2) {
            int bit = (((hash[i] & 0xff) << 8) | (hash[i + 1] & 0xff)) & 2047;
            bloom[BYTES - 1 - bit / 8] |= (byte) (1 << (bit % 8));
        }
    }
}
