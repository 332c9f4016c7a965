package dev.gavel.store.chain;

import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidSource;
import dev.gavel.core.money.Wei;
import dev.gavel.store.Database;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Bids paid by tx hash that wait for their payment's confirmations. Keyed by the bid's natural key, so
 * the same post read twice waits once. Thread-safe.
 */
public final class PaymentWaits {
    private final Jdbi jdbi;

    /** A waiting bid: the command, the transaction it names, the wallet it must come from, and until when. */
    public record Waiting(BidCommand bid, String txHash, String wallet, Instant deadline, Optional<String> lastState) {}

    public PaymentWaits(Database database) {
        this.jdbi = database.jdbi();
    }

    /** Starts waiting; returns false when this bid already waits (or waited). */
    public boolean add(BidCommand bid, String txHash, String wallet, Instant deadline) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO payment_waits (source, external_id, auction_id, bidder_id, amount, event_time,
                            received_at, tx_hash, wallet, deadline)
                        VALUES (:source, :ext, :auction, :bidder, :amount, :event, :received, :tx, :wallet, :deadline)
                        ON CONFLICT (source, external_id) DO NOTHING""")
                        .bind("source", bid.key().source().name())
                        .bind("ext", bid.key().externalId())
                        .bind("auction", bid.auctionId())
                        .bind("bidder", bid.bidderId())
                        .bind("amount", new BigDecimal(bid.amount().value()))
                        .bind("event", Timestamp.from(bid.eventTime()))
                        .bind("received", Timestamp.from(bid.receivedAt()))
                        .bind("tx", txHash)
                        .bind("wallet", wallet.toLowerCase(Locale.ROOT))
                        .bind("deadline", Timestamp.from(deadline))
                        .execute()
                == 1);
    }

    /** Every waiting bid, oldest first. */
    public List<Waiting> all() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT source, external_id, auction_id, bidder_id, amount, event_time, received_at, tx_hash,
                               wallet, deadline, last_state
                        FROM payment_waits ORDER BY received_at""")
                .map((rs, ctx) -> new Waiting(
                        new BidCommand(
                                new BidKey(BidSource.valueOf(rs.getString("source")), rs.getString("external_id")),
                                rs.getObject("auction_id", UUID.class),
                                rs.getObject("bidder_id", UUID.class),
                                Wei.of(rs.getBigDecimal("amount").toBigIntegerExact()),
                                rs.getTimestamp("event_time").toInstant(),
                                rs.getTimestamp("received_at").toInstant()),
                        rs.getString("tx_hash"),
                        rs.getString("wallet"),
                        rs.getTimestamp("deadline").toInstant(),
                        Optional.ofNullable(rs.getString("last_state"))))
                .list());
    }

    /** Notes where the wait stands (shown in logs and the API). */
    public void note(BidKey key, String state) {
        jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE payment_waits SET last_state = :state WHERE source = :source AND external_id = :ext")
                .bind("state", state)
                .bind("source", key.source().name())
                .bind("ext", key.externalId())
                .execute());
    }

    /**
     * Records that the payment {@code txHash} backs {@code bid}'s bidder in {@code bid}'s auction; false when it
     * already backs another bidder or another auction.
     */
    public boolean claim(long chainId, String txHash, BidCommand bid) {
        return jdbi.withHandle(h -> {
            h.createUpdate("""
                            INSERT INTO payment_uses (chain_id, tx_hash, bidder_id, auction_id)
                            VALUES (:chain, :tx, :bidder, :auction) ON CONFLICT DO NOTHING""")
                    .bind("chain", chainId)
                    .bind("tx", txHash)
                    .bind("bidder", bid.bidderId())
                    .bind("auction", bid.auctionId())
                    .execute();
            return h.createQuery("""
                            SELECT bidder_id = :bidder AND auction_id = :auction FROM payment_uses
                            WHERE chain_id = :chain AND tx_hash = :tx""")
                    .bind("chain", chainId)
                    .bind("tx", txHash)
                    .bind("bidder", bid.bidderId())
                    .bind("auction", bid.auctionId())
                    .mapTo(Boolean.class)
                    .one();
        });
    }

    /** The bid went on to the sequencer: the wait is over. */
    public void done(BidKey key) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM payment_waits WHERE source = :source AND external_id = :ext")
                .bind("source", key.source().name())
                .bind("ext", key.externalId())
                .execute());
    }
}
