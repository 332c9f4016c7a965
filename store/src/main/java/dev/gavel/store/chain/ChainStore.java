package dev.gavel.store.chain;

import dev.gavel.core.money.Wei;
import dev.gavel.store.Database;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Followers' checkpoints and the deposits they saw. Every write is keyed by a natural key (a follower's
 * name; chain, tx hash and log index), so reading the same blocks twice changes nothing. Thread-safe.
 */
public final class ChainStore {
    /** How many recent block hashes a follower keeps to find where a reorg forked. */
    public static final int KEPT_BLOCKS = 256;

    private final Jdbi jdbi;

    public ChainStore(Database database) {
        this.jdbi = database.jdbi();
    }

    // --- followers ---

    public Optional<BlockRef> checkpoint(String follower) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT block_number, block_hash FROM chain_followers WHERE name = :name")
                        .bind("name", follower)
                        .map((rs, ctx) -> new BlockRef(rs.getLong(1), rs.getString(2)))
                        .findOne());
    }

    /** The follower's recent blocks, newest first. */
    public List<BlockRef> recentBlocks(String follower) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT block_number, block_hash FROM chain_blocks WHERE follower = :name
                        ORDER BY block_number DESC""")
                .bind("name", follower)
                .map((rs, ctx) -> new BlockRef(rs.getLong(1), rs.getString(2)))
                .list());
    }

    /** Moves the follower to the last of {@code blocks} (read in order) and remembers their hashes. */
    public void advance(String follower, List<BlockRef> blocks, Instant at) {
        advance(follower, blocks, List.of(), at);
    }

    /**
     * Records the deposits seen in {@code blocks} (as {@link #seen(ChainDeposit)} does) and moves the follower
     * past the blocks, in one transaction: a crash leaves both or neither. Returns the deposits that were new.
     */
    public List<ChainDeposit> advance(String follower, List<BlockRef> blocks, List<ChainDeposit> deposits, Instant at) {
        if (blocks.isEmpty()) {
            return List.of();
        }
        BlockRef last = blocks.getLast();
        return jdbi.inTransaction(h -> {
            var fresh = new ArrayList<ChainDeposit>();
            for (ChainDeposit d : deposits) {
                if (seen(h, d)) {
                    fresh.add(d);
                }
            }
            h.createUpdate("""
                            INSERT INTO chain_followers (name, block_number, block_hash, updated_at)
                            VALUES (:name, :n, :hash, :at)
                            ON CONFLICT (name) DO UPDATE SET block_number = EXCLUDED.block_number,
                                block_hash = EXCLUDED.block_hash, updated_at = EXCLUDED.updated_at""")
                    .bind("name", follower)
                    .bind("n", last.number())
                    .bind("hash", last.hash())
                    .bind("at", Timestamp.from(at))
                    .execute();
            var batch = h.prepareBatch("""
                    INSERT INTO chain_blocks (follower, block_number, block_hash) VALUES (:name, :n, :hash)
                    ON CONFLICT (follower, block_number) DO UPDATE SET block_hash = EXCLUDED.block_hash""");
            for (BlockRef b : blocks) {
                batch.bind("name", follower)
                        .bind("n", b.number())
                        .bind("hash", b.hash())
                        .add();
            }
            batch.execute();
            h.createUpdate("DELETE FROM chain_blocks WHERE follower = :name AND block_number <= :old")
                    .bind("name", follower)
                    .bind("old", last.number() - KEPT_BLOCKS)
                    .execute();
            return fresh;
        });
    }

    /** Starts a follower at {@code block} (its first run) without reading anything before it. */
    public void start(String follower, BlockRef block, Instant at) {
        advance(follower, List.of(block), at);
    }

    /** A reorg: forgets the follower's blocks after {@code forkPoint}, which becomes its checkpoint. */
    public void rewind(String follower, BlockRef forkPoint, Instant at) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM chain_blocks WHERE follower = :name AND block_number > :n")
                    .bind("name", follower)
                    .bind("n", forkPoint.number())
                    .execute();
            h.createUpdate("""
                            UPDATE chain_followers SET block_number = :n, block_hash = :hash, updated_at = :at
                            WHERE name = :name""")
                    .bind("name", follower)
                    .bind("n", forkPoint.number())
                    .bind("hash", forkPoint.hash())
                    .bind("at", Timestamp.from(at))
                    .execute();
        });
    }

    // --- deposits ---

    /** The escrow addresses of the campaigns on {@code chainId} (or on no chain in particular), lower case. */
    public Set<String> campaignEscrows(long chainId) {
        List<String> found = jdbi.withHandle(h ->
                h.createQuery("""
                        SELECT DISTINCT lower(escrow_address) FROM campaigns
                        WHERE escrow_address IS NOT NULL AND (chain_id IS NULL OR chain_id = :chain)""").bind("chain", chainId).mapTo(String.class).list());
        return new TreeSet<>(found);
    }

    /**
     * Records a deposit seen in a block. One seen again in another block (a reorg put it elsewhere) moves
     * there and is pending again, unless it already counted. Returns true when it was new.
     */
    public boolean seen(ChainDeposit d) {
        return jdbi.withHandle(h -> seen(h, d));
    }

    private static boolean seen(Handle h, ChainDeposit d) {
        {
            int inserted = h.createUpdate("""
                            INSERT INTO chain_deposits (chain_id, tx_hash, log_index, escrow, token, from_address,
                                amount, block_number, block_hash, status, note, seen_at)
                            VALUES (:chain, :tx, :log, :escrow, :token, :from, :amount, :n, :hash, :status, :note, :at)
                            ON CONFLICT (chain_id, tx_hash, log_index) DO NOTHING""")
                    .bind("chain", d.chainId())
                    .bind("tx", d.txHash())
                    .bind("log", d.logIndex())
                    .bind("escrow", d.escrow())
                    .bind("token", d.token().orElse(null))
                    .bind("from", d.from())
                    .bind("amount", new BigDecimal(d.amount().value()))
                    .bind("n", d.blockNumber())
                    .bind("hash", d.blockHash())
                    .bind("status", d.status().name())
                    .bind("note", d.note().orElse(null))
                    .bind("at", Timestamp.from(d.seenAt()))
                    .execute();
            if (inserted == 1) {
                return true;
            }
            h.createUpdate("""
                            UPDATE chain_deposits SET block_number = :n, block_hash = :hash, status = :status,
                                note = :note
                            WHERE chain_id = :chain AND tx_hash = :tx AND log_index = :log
                              AND status IN ('PENDING', 'REORGED') AND block_hash <> :hash""")
                    .bind("chain", d.chainId())
                    .bind("tx", d.txHash())
                    .bind("log", d.logIndex())
                    .bind("n", d.blockNumber())
                    .bind("hash", d.blockHash())
                    .bind("status", d.status().name())
                    .bind("note", d.note().orElse(null))
                    .execute();
            return false;
        }
    }

    public Optional<ChainDeposit> find(long chainId, String txHash, int logIndex) {
        return jdbi.withHandle(
                h -> h.createQuery(SELECT + " WHERE chain_id = :chain AND tx_hash = :tx AND log_index = :log")
                        .bind("chain", chainId)
                        .bind("tx", txHash)
                        .bind("log", logIndex)
                        .map((rs, ctx) -> deposit(rs))
                        .findOne());
    }

    /** Deposits waiting for confirmations, oldest block first. */
    public List<ChainDeposit> pending(long chainId) {
        return jdbi.withHandle(h -> h.createQuery(
                        SELECT + " WHERE chain_id = :chain AND status = 'PENDING' ORDER BY block_number, tx_hash")
                .bind("chain", chainId)
                .map((rs, ctx) -> deposit(rs))
                .list());
    }

    /** Held deposits whose wallet a bidder has linked since: ready to credit. */
    public List<Linked> heldAndNowLinked(long chainId) {
        return jdbi.withHandle(h -> h.createQuery(
                        SELECT.replace("FROM chain_deposits", """
                        , b.id AS linked_bidder FROM chain_deposits
                        JOIN bidders b ON lower(b.wallet) = chain_deposits.from_address""") + " WHERE chain_id = :chain AND status = 'HELD'")
                .bind("chain", chainId)
                .map((rs, ctx) -> new Linked(deposit(rs), rs.getObject("linked_bidder", UUID.class)))
                .list());
    }

    /** A held deposit and the bidder who has linked its wallet. */
    public record Linked(ChainDeposit deposit, UUID bidderId) {}

    /**
     * Credited deposits in blocks that {@code follower} read after {@code forkPoint} and has not forgotten yet:
     * after a reorg back to {@code forkPoint}, the ones whose block may have left the chain. Deposits of another
     * chain under the same id (a reset development chain) are not among them.
     */
    public List<ChainDeposit> creditedInBlocksAfter(String follower, long chainId, long forkPoint) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT d.chain_id, d.tx_hash, d.log_index, d.escrow, d.token, d.from_address, d.amount,
                               d.block_number, d.block_hash, d.status, d.bidder_id, d.note, d.seen_at, d.settled_at
                        FROM chain_deposits d
                        JOIN chain_blocks b ON b.follower = :follower AND b.block_number = d.block_number
                                           AND b.block_hash = d.block_hash
                        WHERE d.chain_id = :chain AND d.status = 'CREDITED' AND d.note IS NULL
                          AND d.block_number > :fork""")
                .bind("follower", follower)
                .bind("chain", chainId)
                .bind("fork", forkPoint)
                .map((rs, ctx) -> deposit(rs))
                .list());
    }

    /** A bidder's deposits: credited to them, or sent from their wallet; newest first. */
    public List<ChainDeposit> ofBidder(UUID bidderId, Optional<String> wallet, int limit) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + """
                         WHERE bidder_id = :bidder OR from_address = :wallet
                        ORDER BY block_number DESC, tx_hash LIMIT :limit""")
                .bind("bidder", bidderId)
                .bind("wallet", wallet.map(w -> w.toLowerCase(Locale.ROOT)).orElse(""))
                .bind("limit", limit)
                .map((rs, ctx) -> deposit(rs))
                .list());
    }

    /** Moves a deposit on, unless it already counted (a credited deposit only ever gets a note). */
    public void settle(
            ChainDeposit d, ChainDeposit.Status status, Optional<UUID> bidderId, Optional<String> note, Instant at) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE chain_deposits SET status = :status, bidder_id = coalesce(CAST(:bidder AS uuid), bidder_id),
                            note = :note, settled_at = :at
                        WHERE chain_id = :chain AND tx_hash = :tx AND log_index = :log AND status <> 'CREDITED'""")
                .bind("chain", d.chainId())
                .bind("tx", d.txHash())
                .bind("log", d.logIndex())
                .bind("status", status.name())
                .bind("bidder", bidderId.orElse(null))
                .bind("note", note.orElse(null))
                .bind("at", Timestamp.from(at))
                .execute());
    }

    /** Notes trouble on a deposit that already counted (it was reorged out after finality). */
    public void flagCredited(ChainDeposit d, String note) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE chain_deposits SET note = :note
                        WHERE chain_id = :chain AND tx_hash = :tx AND log_index = :log AND status = 'CREDITED'""")
                .bind("chain", d.chainId())
                .bind("tx", d.txHash())
                .bind("log", d.logIndex())
                .bind("note", note)
                .execute());
    }

    /** How many deposits are in each status (for /metrics). */
    public Map<ChainDeposit.Status, Long> counts() {
        var out = new EnumMap<ChainDeposit.Status, Long>(ChainDeposit.Status.class);
        jdbi.useHandle(h -> h.createQuery("SELECT status, count(*) FROM chain_deposits GROUP BY status")
                .map((rs, ctx) -> Map.entry(ChainDeposit.Status.valueOf(rs.getString(1)), rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    private static final String SELECT = """
            SELECT chain_id, tx_hash, log_index, escrow, token, from_address, amount, block_number, block_hash,
                   status, bidder_id, note, seen_at, settled_at
            FROM chain_deposits
            """;

    private static ChainDeposit deposit(ResultSet rs) throws SQLException {
        var settled = rs.getTimestamp("settled_at");
        return new ChainDeposit(
                rs.getLong("chain_id"),
                rs.getString("tx_hash"),
                rs.getInt("log_index"),
                rs.getString("escrow"),
                Optional.ofNullable(rs.getString("token")),
                rs.getString("from_address"),
                Wei.of(rs.getBigDecimal("amount").toBigIntegerExact()),
                rs.getLong("block_number"),
                rs.getString("block_hash"),
                ChainDeposit.Status.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getObject("bidder_id", UUID.class)),
                Optional.ofNullable(rs.getString("note")),
                rs.getTimestamp("seen_at").toInstant(),
                Optional.ofNullable(settled).map(Timestamp::toInstant));
    }
}
