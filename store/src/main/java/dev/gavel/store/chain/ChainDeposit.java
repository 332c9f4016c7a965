package dev.gavel.store.chain;

import dev.gavel.core.money.Wei;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A transfer into an escrow address as Gavel saw it on chain.
 *
 * @param logIndex -1 for native ETH, the log's index for an ERC-20 transfer
 * @param token the ERC-20 contract; empty for native ETH
 */
public record ChainDeposit(
        long chainId,
        String txHash,
        int logIndex,
        String escrow,
        Optional<String> token,
        String from,
        Wei amount,
        long blockNumber,
        String blockHash,
        Status status,
        Optional<UUID> bidderId,
        Optional<String> note,
        Instant seenAt,
        Optional<Instant> settledAt) {

    public static final int NATIVE = -1;

    /** Where a deposit is on its way to the ledger. */
    public enum Status {
        /** Seen in a block, not yet final. */
        PENDING,
        /** Final, but from a wallet no bidder has linked; credited when one links it. */
        HELD,
        /** Final and in the bidder's funds. */
        CREDITED,
        /** Its block left the chain before it was final; never counted. */
        REORGED,
        /** The transaction failed on chain (receipt status 0x0); reported, never counted. */
        FAILED
    }

    /** The deposit's natural key in the funds ledger: the same whoever credits it (watcher or tx-hash bid). */
    public String ledgerReference() {
        return chainId + ":" + txHash + (logIndex == NATIVE ? "" : ":" + logIndex);
    }

    public static ChainDeposit seen(
            long chainId,
            String txHash,
            int logIndex,
            String escrow,
            Optional<String> token,
            String from,
            Wei amount,
            long blockNumber,
            String blockHash,
            Instant at) {
        return new ChainDeposit(
                chainId,
                txHash,
                logIndex,
                escrow,
                token,
                from,
                amount,
                blockNumber,
                blockHash,
                Status.PENDING,
                Optional.empty(),
                Optional.empty(),
                at,
                Optional.empty());
    }
}
