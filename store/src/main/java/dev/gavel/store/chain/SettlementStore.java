package dev.gavel.store.chain;

import dev.gavel.core.money.Wei;
import dev.gavel.store.Database;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Settlement transactions and refunds (see {@link SettlementTransfer}). Thread-safe. */
public final class SettlementStore {
    private final Jdbi jdbi;

    public SettlementStore(Database database) {
        this.jdbi = database.jdbi();
    }

    /** A finished auction with a winner and no settlement planned yet. */
    public record Won(
            UUID auctionId,
            UUID winnerId,
            Optional<String> winnerWallet,
            Wei amount,
            Optional<String> contract,
            Optional<BigInteger> tokenId) {}

    /** Auctions completed since {@code since} with a winner and no settlement rows. */
    public List<Won> wonWithoutSettlement(Instant since) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT a.id, a.highest_bidder_id, b.wallet, a.highest_amount,
                               CASE WHEN a.artwork->>'contract' ~ '^0x[0-9a-fA-F]{40}$'
                                    THEN lower(a.artwork->>'contract') END AS contract,
                               CASE WHEN a.artwork->>'tokenId' ~ '^[0-9]{1,78}$' THEN a.artwork->>'tokenId' END AS token
                        FROM auctions a JOIN bidders b ON b.id = a.highest_bidder_id
                        WHERE a.status = 'COMPLETED' AND a.updated_at >= :since
                          AND NOT EXISTS (SELECT 1 FROM settlement_transfers s WHERE s.auction_id = a.id)
                        ORDER BY a.updated_at""")
                .bind("since", Timestamp.from(since))
                .map((rs, ctx) -> new Won(
                        rs.getObject("id", UUID.class),
                        rs.getObject("highest_bidder_id", UUID.class),
                        Optional.ofNullable(rs.getString("wallet")),
                        Wei.of(rs.getBigDecimal("highest_amount").toBigIntegerExact()),
                        Optional.ofNullable(rs.getString("contract")),
                        Optional.ofNullable(rs.getString("token")).map(BigInteger::new)))
                .list());
    }

    /** Saves new plans; a plan for an auction and kind that exists already is left as it is. */
    public void plan(List<SettlementTransfer> plans) {
        jdbi.useTransaction(h -> plans.forEach(p -> insert(h, p)));
    }

    private static void insert(Handle h, SettlementTransfer p) {
        h.createUpdate("""
                        INSERT INTO settlement_transfers (id, auction_id, bidder_id, kind, chain_id, sender, to_address,
                            recipient, contract, token_id, value, data, status, reason, created_at, updated_at)
                        VALUES (:id, CAST(:auction AS uuid), CAST(:bidder AS uuid), :kind, :chain, :sender, :to,
                            :recipient, :contract, CAST(:token AS numeric), :value, :data, :status, :reason, :at, :at)
                        ON CONFLICT DO NOTHING""")
                .bind("id", p.id())
                .bind("auction", p.auctionId().orElse(null))
                .bind("bidder", p.bidderId().orElse(null))
                .bind("kind", p.kind().name())
                .bind("chain", p.chainId())
                .bind("sender", p.sender())
                .bind("to", p.to())
                .bind("recipient", p.recipient())
                .bind("contract", p.contract().orElse(null))
                .bind("token", p.tokenId().map(BigDecimal::new).orElse(null))
                .bind("value", new BigDecimal(p.value().value()))
                .bind("data", p.data())
                .bind("status", p.status().name())
                .bind("reason", p.reason().orElse(null))
                .bind("at", Timestamp.from(p.createdAt()))
                .execute();
    }

    /** What asking for a refund came to. */
    public sealed interface RefundOutcome {
        /** Planned now, its amount taken out of the bidder's funds. */
        record Planned(SettlementTransfer transfer) implements RefundOutcome {}

        /** The same request key was used before: that refund, unchanged. */
        record Repeated(SettlementTransfer transfer) implements RefundOutcome {}

        /** The bidder's available funds are less than the amount. */
        record Short() implements RefundOutcome {}
    }

    /**
     * A refund: takes {@code amount} out of the bidder's available funds (as withdrawn) and plans its transfer,
     * in one transaction. A {@code requestKey} used before for this bidder gives that refund back instead.
     */
    public RefundOutcome refund(SettlementTransfer plan, Optional<String> requestKey) {
        UUID bidder = plan.bidderId().orElseThrow();
        return jdbi.inTransaction(h -> {
            if (requestKey.isPresent()) {
                // one request per key at a time: a retry racing the first waits for it
                h.execute(
                        "SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))", bidder.toString(), requestKey.get());
                var earlier = h.createQuery(SELECT + " WHERE bidder_id = :bidder AND request_key = :key")
                        .bind("bidder", bidder)
                        .bind("key", requestKey.get())
                        .map((rs, ctx) -> row(rs))
                        .findOne();
                if (earlier.isPresent()) {
                    return new RefundOutcome.Repeated(earlier.get());
                }
            }
            int taken = h.createUpdate("""
                            UPDATE bidder_funds f SET withdrawn = f.withdrawn + :amount
                            WHERE f.bidder_id = :bidder
                              AND f.deposits - f.captured - f.withdrawn
                                  - coalesce((SELECT sum(r.amount) FROM fund_reservations r WHERE r.bidder_id = f.bidder_id), 0)
                                  >= :amount""")
                    .bind("amount", new BigDecimal(plan.value().value()))
                    .bind("bidder", bidder)
                    .execute();
            if (taken == 0) {
                return new RefundOutcome.Short();
            }
            insert(h, plan);
            requestKey.ifPresent(
                    key -> h.createUpdate("UPDATE settlement_transfers SET request_key = :key WHERE id = :id")
                            .bind("key", key)
                            .bind("id", plan.id())
                            .execute());
            return new RefundOutcome.Planned(plan);
        });
    }

    public List<SettlementTransfer> open(long chainId) {
        return jdbi.withHandle(h -> h.createQuery(
                        SELECT + " WHERE chain_id = :chain AND status IN ('PLANNED', 'SENT') ORDER BY created_at, kind")
                .bind("chain", chainId)
                .map((rs, ctx) -> row(rs))
                .list());
    }

    public List<SettlementTransfer> ofAuction(UUID auctionId) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE auction_id = :id ORDER BY kind")
                .bind("id", auctionId)
                .map((rs, ctx) -> row(rs))
                .list());
    }

    public List<SettlementTransfer> refundsOf(UUID bidderId) {
        return jdbi.withHandle(
                h -> h.createQuery(SELECT + " WHERE bidder_id = :id AND kind = 'REFUND' ORDER BY created_at DESC")
                        .bind("id", bidderId)
                        .map((rs, ctx) -> row(rs))
                        .list());
    }

    public Optional<SettlementTransfer> find(UUID id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> row(rs))
                .findOne());
    }

    /**
     * The highest nonce held by this sender's transfers still in flight (planned with a nonce kept from a refused
     * broadcast, or sent): the next transfer goes after them. Nonces of finished transfers are on chain already.
     */
    public OptionalLong highestNonce(long chainId, String sender) {
        Optional<Long> n = jdbi.withHandle(h -> h.createQuery("""
                        SELECT max(nonce) FROM settlement_transfers
                        WHERE chain_id = :chain AND sender = :sender AND status IN ('PLANNED', 'SENT')""")
                .bind("chain", chainId)
                .bind("sender", sender)
                .mapTo(Long.class)
                .findOne());
        return n.map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /**
     * Records a signed transaction before it is broadcast: the nonce it holds, its hash (added to the hashes it
     * had), its bytes and fees. Only moves a transfer that is as the caller saw it: planned when {@code
     * replacing} is empty, else sent with {@code replacing} as its latest hash. False when it had moved on (an
     * operator marked it done meanwhile, say): then nothing may be broadcast.
     */
    public boolean signed(
            UUID id,
            Optional<String> replacing,
            long nonce,
            String txHash,
            String raw,
            BigInteger gasLimit,
            BigInteger maxFee,
            BigInteger tip,
            Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("""
                                UPDATE settlement_transfers SET status = 'SENT', nonce = :nonce, tx_hash = :hash,
                                    tx_hashes = array_append(tx_hashes, :hash), raw_tx = :raw, gas_limit = :gas,
                                    max_fee = :fee, tip = :tip, attempts = attempts + 1, sent_at = :at, reason = NULL,
                                    updated_at = :at
                                WHERE id = :id AND CASE WHEN CAST(:replacing AS text) IS NULL THEN status = 'PLANNED'
                                                        ELSE status = 'SENT' AND tx_hash = :replacing END""")
                        .bind("id", id)
                        .bind("replacing", replacing.orElse(null))
                        .bind("nonce", nonce)
                        .bind("hash", txHash)
                        .bind("raw", raw)
                        .bind("gas", new BigDecimal(gasLimit))
                        .bind("fee", new BigDecimal(maxFee))
                        .bind("tip", new BigDecimal(tip))
                        .bind("at", Timestamp.from(at))
                        .execute())
                == 1;
    }

    /**
     * A first broadcast the node refused: back to planned, keeping its nonce (so a later attempt takes the same
     * one and at most one of them can ever be mined) and its hashes.
     */
    public boolean unsent(UUID id, String txHash, String reason, Instant at) {
        return jdbi.withHandle(h -> h.createUpdate("""
                                UPDATE settlement_transfers SET status = 'PLANNED', raw_tx = NULL, reason = :reason,
                                    updated_at = :at
                                WHERE id = :id AND status = 'SENT' AND tx_hash = :hash""")
                        .bind("id", id)
                        .bind("hash", txHash)
                        .bind("reason", reason)
                        .bind("at", Timestamp.from(at))
                        .execute())
                == 1;
    }

    /** A planned transfer one of whose earlier transactions was mined after all: tracked as sent again. */
    public void resumed(UUID id, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE settlement_transfers SET status = 'SENT', reason = NULL, updated_at = :at
                        WHERE id = :id AND status = 'PLANNED' AND nonce IS NOT NULL""")
                .bind("id", id)
                .bind("at", Timestamp.from(at))
                .execute());
    }

    /**
     * Moves a transfer from one of {@code from} to {@code status} (with the hash that settled it). A refund that
     * fails gives its amount back to the bidder's funds in the same transaction. False when the transfer was
     * not in one of {@code from} (it moved meanwhile), or when {@code txHash} already settled another transfer.
     */
    public boolean settle(
            UUID id,
            Set<SettlementTransfer.Status> from,
            SettlementTransfer.Status status,
            Optional<String> txHash,
            Optional<String> reason,
            Instant at) {
        try {
            return jdbi.inTransaction(h -> {
                var moved = h.createQuery("""
                                UPDATE settlement_transfers SET status = :status, tx_hash = coalesce(:hash, tx_hash),
                                    reason = :reason, updated_at = :at
                                WHERE id = :id AND status IN (<from>)
                                RETURNING kind, bidder_id, value""")
                        .bind("id", id)
                        .bindList("from", from.stream().map(Enum::name).toList())
                        .bind("status", status.name())
                        .bind("hash", txHash.orElse(null))
                        .bind("reason", reason.orElse(null))
                        .bind("at", Timestamp.from(at))
                        .map((rs, ctx) -> new Object[] {
                            rs.getString("kind"), rs.getObject("bidder_id", UUID.class), rs.getBigDecimal("value")
                        })
                        .findOne();
                if (moved.isEmpty()) {
                    return false;
                }
                var row = moved.get();
                if (status == SettlementTransfer.Status.FAILED && "REFUND".equals(row[0])) {
                    h.createUpdate("UPDATE bidder_funds SET withdrawn = withdrawn - :amount WHERE bidder_id = :bidder")
                            .bind("amount", row[2])
                            .bind("bidder", row[1])
                            .execute();
                }
                return true;
            });
        } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return false; // settlement_transfers_done_tx: that hash settled another transfer
            }
            throw e;
        }
    }

    /** The transfer that {@code txHash} settled, if any. */
    public Optional<SettlementTransfer> settledBy(long chainId, String txHash) {
        return jdbi.withHandle(h -> h.createQuery(SELECT
                        + " WHERE chain_id = :chain AND tx_hash = :hash AND status IN ('CONFIRMED', 'MANUAL_DONE')")
                .bind("chain", chainId)
                .bind("hash", txHash)
                .map((rs, ctx) -> row(rs))
                .findOne());
    }

    /** Notes why a transfer waits, without moving it. */
    public void note(UUID id, String reason, Instant at) {
        jdbi.useHandle(
                h -> h.createUpdate("UPDATE settlement_transfers SET reason = :reason, updated_at = :at WHERE id = :id")
                        .bind("id", id)
                        .bind("reason", reason)
                        .bind("at", Timestamp.from(at))
                        .execute());
    }

    private static final String SELECT = "SELECT * FROM settlement_transfers";

    private static SettlementTransfer row(ResultSet rs) throws SQLException {
        Array hashes = rs.getArray("tx_hashes");
        var token = rs.getBigDecimal("token_id");
        var sent = rs.getTimestamp("sent_at");
        return new SettlementTransfer(
                rs.getObject("id", UUID.class),
                Optional.ofNullable(rs.getObject("auction_id", UUID.class)),
                Optional.ofNullable(rs.getObject("bidder_id", UUID.class)),
                SettlementTransfer.Kind.valueOf(rs.getString("kind")),
                rs.getLong("chain_id"),
                rs.getString("sender"),
                rs.getString("to_address"),
                rs.getString("recipient"),
                Optional.ofNullable(rs.getString("contract")),
                Optional.ofNullable(token).map(BigDecimal::toBigIntegerExact),
                Wei.of(rs.getBigDecimal("value").toBigIntegerExact()),
                rs.getString("data"),
                SettlementTransfer.Status.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getObject("nonce", Long.class)),
                Optional.ofNullable(rs.getString("tx_hash")),
                hashes == null ? List.of() : Arrays.asList((String[]) hashes.getArray()),
                Optional.ofNullable(rs.getString("raw_tx")),
                big(rs, "gas_limit"),
                big(rs, "max_fee"),
                big(rs, "tip"),
                rs.getInt("attempts"),
                Optional.ofNullable(sent).map(Timestamp::toInstant),
                Optional.ofNullable(rs.getString("reason")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Optional<BigInteger> big(ResultSet rs, String column) throws SQLException {
        var d = rs.getBigDecimal(column);
        return Optional.ofNullable(d).map(BigDecimal::toBigIntegerExact);
    }
}
