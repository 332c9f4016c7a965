package dev.gavel.store.chain;

import dev.gavel.core.money.Wei;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One settlement transaction: the NFT to the winner, the payout, or a refund to a bidder.
 *
 * @param sender who signs it (the settlement signer, or whoever must sign it by hand)
 * @param to the transaction's {@code to}: the collection contract for an NFT transfer, the recipient otherwise
 * @param recipient who ends up with the token or the ETH
 * @param value wei sent with the transaction (zero for an NFT transfer)
 * @param txHashes every hash it was broadcast under (fee bumps re-sign at the same nonce)
 */
public record SettlementTransfer(
        UUID id,
        Optional<UUID> auctionId,
        Optional<UUID> bidderId,
        Kind kind,
        long chainId,
        String sender,
        String to,
        String recipient,
        Optional<String> contract,
        Optional<BigInteger> tokenId,
        Wei value,
        String data,
        Status status,
        Optional<Long> nonce,
        Optional<String> txHash,
        List<String> txHashes,
        Optional<String> rawTx,
        Optional<BigInteger> gasLimit,
        Optional<BigInteger> maxFee,
        Optional<BigInteger> tip,
        int attempts,
        Optional<Instant> sentAt,
        Optional<String> reason,
        Instant createdAt,
        Instant updatedAt) {

    public SettlementTransfer {
        txHashes = List.copyOf(txHashes);
    }

    public enum Kind {
        NFT_TRANSFER,
        PAYOUT,
        REFUND
    }

    public enum Status {
        PLANNED,
        SENT,
        CONFIRMED,
        FAILED,
        MANUAL_DONE;

        public boolean isDone() {
            return this == CONFIRMED || this == MANUAL_DONE;
        }
    }

    /** A new plan. */
    public static SettlementTransfer plan(
            Optional<UUID> auctionId,
            Optional<UUID> bidderId,
            Kind kind,
            long chainId,
            String sender,
            String to,
            String recipient,
            Optional<String> contract,
            Optional<BigInteger> tokenId,
            Wei value,
            String data,
            Instant at) {
        return new SettlementTransfer(
                UUID.randomUUID(),
                auctionId,
                bidderId,
                kind,
                chainId,
                sender,
                to,
                recipient,
                contract,
                tokenId,
                value,
                data,
                Status.PLANNED,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0,
                Optional.empty(),
                Optional.empty(),
                at,
                at);
    }

    public SettlementTransfer withStatus(Status next, Optional<String> why) {
        return new SettlementTransfer(
                id, auctionId, bidderId, kind, chainId, sender, to, recipient, contract, tokenId, value, data, next,
                nonce, txHash, txHashes, rawTx, gasLimit, maxFee, tip, attempts, sentAt, why, createdAt, updatedAt);
    }
}
