package dev.gavel.store.auction;

import static dev.gavel.store.auction.Sql.instant;
import static dev.gavel.store.auction.Sql.ts;
import static dev.gavel.store.auction.Sql.uuid;
import static dev.gavel.store.auction.Sql.wei;

import dev.gavel.auction.AntiSnipe;
import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.AuctionTerms;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidRecord;
import dev.gavel.auction.BidSource;
import dev.gavel.auction.BidderFunds;
import dev.gavel.auction.Eligibility;
import dev.gavel.auction.LeadingBid;
import dev.gavel.auction.MinIncrement;
import dev.gavel.auction.RejectionReason;
import dev.gavel.core.money.Wei;
import dev.gavel.store.Database;
import dev.gavel.store.StoreException;
import dev.gavel.store.x.XOutbox;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Auctions and the bid log in PostgreSQL. The hot path is {@link #commit}: one transaction per batch of
 * sequencer decisions, with JDBC batches for the bid rows. Thread-safe.
 */
public final class AuctionStore {
    private static final String AUCTION_COLUMNS = "*";
    private final DataSource dataSource;

    public AuctionStore(Database database) {
        this.dataSource = database.dataSource();
    }

    public enum Created {
        CREATED,
        HASHTAG_TAKEN
    }

    public Created insert(StoredAuction auction) {
        try (var c = dataSource.getConnection()) {
            return insert(c, auction);
        } catch (SQLException e) {
            throw new StoreException(
                    "could not store auction " + auction.state().id() + ": " + e.getMessage(), e);
        }
    }

    /** Inserts on {@code c} (inside the caller's transaction); a taken hashtag is a value, not an exception. */
    Created insert(Connection c, StoredAuction auction) throws SQLException {
        var s = auction.state();
        var t = s.terms();
        String sql = """
                INSERT INTO auctions (id, campaign_id, day_number, name, hashtag, artwork, status, starts_at, original_ends_at, ends_at,
                  extensions, starting_price, reserve_price, min_increment_percent, min_increment_amount, anti_snipe_window_s,
                  anti_snipe_extension_s, anti_snipe_max, grace_s, require_funds, bid_count, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """;
        var savepoint = c.getAutoCommit() ? null : c.setSavepoint();
        try (var ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setObject(i++, s.id());
            Sql.setNullable(ps, i++, auction.campaignId().orElse(null), Types.OTHER);
            Sql.setNullable(ps, i++, auction.dayNumber().orElse(null), Types.INTEGER);
            ps.setString(i++, auction.name());
            ps.setString(i++, auction.hashtag().orElse(null));
            ps.setString(i++, auction.artworkJson());
            ps.setString(i++, s.status().name());
            ps.setTimestamp(i++, ts(s.startsAt()));
            ps.setTimestamp(i++, ts(s.originalEndsAt()));
            ps.setTimestamp(i++, ts(s.endsAt()));
            ps.setInt(i++, s.extensions());
            ps.setBigDecimal(i++, wei(t.startingPrice()));
            ps.setBigDecimal(i++, wei(t.reservePrice()));
            ps.setBigDecimal(i++, t.minIncrement().percent().orElse(null));
            Sql.setWei(ps, i++, t.minIncrement().amount());
            ps.setInt(i++, (int) t.antiSnipe().window().toSeconds());
            ps.setInt(i++, (int) t.antiSnipe().extension().toSeconds());
            Sql.setNullable(
                    ps,
                    i++,
                    t.antiSnipe().maxExtensions().isPresent()
                            ? t.antiSnipe().maxExtensions().getAsInt()
                            : null,
                    Types.INTEGER);
            ps.setInt(i++, (int) t.grace().toSeconds());
            ps.setBoolean(i++, t.requireFunds());
            ps.setInt(i++, s.bidCount());
            ps.setLong(i++, s.version());
            ps.setTimestamp(i++, ts(auction.createdAt()));
            ps.setTimestamp(i, ts(auction.createdAt()));
            ps.executeUpdate();
            return Created.CREATED;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())
                    && String.valueOf(e.getMessage()).contains("hashtag")) {
                return Created.HASHTAG_TAKEN;
            }
            throw new StoreException("could not store auction " + s.id() + ": " + e.getMessage(), e);
        }
    }

    public Optional<StoredAuction> find(UUID id) {
        return query("SELECT " + AUCTION_COLUMNS + " FROM auctions WHERE id = ?", id).stream()
                .findFirst();
    }

    /** Auctions not yet completed or cancelled, oldest start first: the ones that need a sequencer. */
    public List<StoredAuction> open() {
        return query(
                "SELECT " + AUCTION_COLUMNS
                        + " FROM auctions WHERE status NOT IN ('COMPLETED','CANCELLED') ORDER BY starts_at",
                null);
    }

    public List<StoredAuction> ofCampaign(UUID campaignId) {
        return query(
                "SELECT " + AUCTION_COLUMNS + " FROM auctions WHERE campaign_id = ? ORDER BY day_number", campaignId);
    }

    /** Every auction, oldest first. */
    public List<StoredAuction> all() {
        return query("SELECT " + AUCTION_COLUMNS + " FROM auctions ORDER BY starts_at", null);
    }

    /** Every auction, newest first (for the console). */
    public List<StoredAuction> recent(int limit) {
        return query(
                "SELECT " + AUCTION_COLUMNS + " FROM auctions ORDER BY starts_at DESC LIMIT "
                        + Math.max(1, Math.min(limit, 500)),
                null);
    }

    private List<StoredAuction> query(String sql, UUID param) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setObject(1, param);
            }
            try (var rs = ps.executeQuery()) {
                var list = new ArrayList<StoredAuction>();
                while (rs.next()) {
                    list.add(auction(rs));
                }
                return list;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read auctions: " + e.getMessage(), e);
        }
    }

    /** The bid log of one auction in decision order. */
    public List<BidRecord> log(UUID auctionId) {
        return bids("SELECT * FROM bids WHERE auction_id = ? ORDER BY sequence", auctionId).stream()
                .map(StoredBid::record)
                .toList();
    }

    public Set<UUID> voided(UUID auctionId) {
        var set = new HashSet<UUID>();
        for (var b : bids("SELECT * FROM bids WHERE auction_id = ? AND voided_at IS NOT NULL", auctionId)) {
            set.add(b.record().bidId());
        }
        return set;
    }

    /** Bids of an auction, newest first, before a sequence number when given (for paging). */
    public List<StoredBid> page(UUID auctionId, int limit, Optional<Long> beforeSequence) {
        String sql = "SELECT * FROM bids WHERE auction_id = ?"
                + (beforeSequence.isPresent() ? " AND sequence < " + beforeSequence.get() : "")
                + " ORDER BY sequence DESC LIMIT " + limit;
        return bids(sql, auctionId);
    }

    /** A bidder's bids across auctions, newest first. */
    public List<StoredBid> ofBidder(UUID bidderId, int limit) {
        return bids("SELECT * FROM bids WHERE bidder_id = ? ORDER BY decided_at DESC LIMIT " + limit, bidderId);
    }

    public Optional<StoredBid> findBid(BidKey key) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT * FROM bids WHERE source = ? AND external_id = ?")) {
            ps.setString(1, key.source().name());
            ps.setString(2, key.externalId());
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(bid(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read bid " + key + ": " + e.getMessage(), e);
        }
    }

    private List<StoredBid> bids(String sql, UUID param) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (var rs = ps.executeQuery()) {
                var list = new ArrayList<StoredBid>();
                while (rs.next()) {
                    list.add(bid(rs));
                }
                return list;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read bids: " + e.getMessage(), e);
        }
    }

    /**
     * Writes one batch of decisions in one transaction: bid rows, the auction row (only while our lease
     * token is the newest), funds, voids and admin actions. Funds are checked across auctions before the
     * commit; a bidder over-reserved by another auction's sequencer makes the whole batch roll back.
     */
    public CommitOutcome commit(CommitBatch batch) {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                var outcome = write(c, batch);
                if (outcome instanceof CommitOutcome.Committed) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return outcome;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(
                    "could not commit bids for auction " + batch.state().id() + ": " + e.getMessage(), e);
        }
    }

    private CommitOutcome write(Connection c, CommitBatch batch) throws SQLException {
        var s = batch.state();
        var changedBidders =
                batch.funds().stream().map(BidderFunds::bidderId).sorted().toList();
        if (!changedBidders.isEmpty()) {
            try (var lock = c.prepareStatement(
                    "SELECT bidder_id FROM bidder_funds WHERE bidder_id = ANY (?) ORDER BY bidder_id FOR UPDATE")) {
                lock.setArray(1, c.createArrayOf("uuid", changedBidders.toArray()));
                lock.executeQuery().close();
            }
        }
        try (var ps = c.prepareStatement("""
                UPDATE auctions SET status = ?, ends_at = ?, extensions = ?, highest_bid_id = ?, highest_bidder_id = ?, highest_amount = ?,
                  highest_event_time = ?, bid_count = ?, version = ?, lease_token = ?, updated_at = now()
                WHERE id = ? AND lease_token <= ?""")) {
            var h = s.highest();
            int i = 1;
            ps.setString(i++, s.status().name());
            ps.setTimestamp(i++, ts(s.endsAt()));
            ps.setInt(i++, s.extensions());
            Sql.setNullable(ps, i++, h.map(LeadingBid::bidId).orElse(null), Types.OTHER);
            Sql.setNullable(ps, i++, h.map(LeadingBid::bidderId).orElse(null), Types.OTHER);
            Sql.setWei(ps, i++, h.map(LeadingBid::amount));
            Sql.setNullable(ps, i++, h.map(l -> ts(l.eventTime())).orElse(null), Types.TIMESTAMP);
            ps.setInt(i++, s.bidCount());
            ps.setLong(i++, s.version());
            ps.setLong(i++, batch.leaseToken());
            ps.setObject(i++, s.id());
            ps.setLong(i, batch.leaseToken());
            if (ps.executeUpdate() == 0) {
                try (var q = c.prepareStatement("SELECT lease_token FROM auctions WHERE id = ?")) {
                    q.setObject(1, s.id());
                    try (var rs = q.executeQuery()) {
                        return new CommitOutcome.LeaseLost(batch.leaseToken(), rs.next() ? rs.getLong(1) : -1);
                    }
                }
            }
        }
        if (!batch.bids().isEmpty()) {
            try (var ps = c.prepareStatement("""
                    INSERT INTO bids (id, auction_id, sequence, source, external_id, bidder_id, amount, event_time, received_at, decided_at,
                      status, reason, identity_linked, ineligible) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (BidRecord b : batch.bids()) {
                    var cmd = b.command();
                    int i = 1;
                    ps.setObject(i++, b.bidId());
                    ps.setObject(i++, cmd.auctionId());
                    ps.setLong(i++, b.sequence());
                    ps.setString(i++, cmd.key().source().name());
                    ps.setString(i++, cmd.key().externalId());
                    ps.setObject(i++, cmd.bidderId());
                    ps.setBigDecimal(i++, wei(cmd.amount()));
                    ps.setTimestamp(i++, ts(cmd.eventTime()));
                    ps.setTimestamp(i++, ts(cmd.receivedAt()));
                    ps.setTimestamp(i++, ts(b.decidedAt()));
                    ps.setString(i++, b.accepted() ? "ACCEPTED" : "REJECTED");
                    ps.setString(i++, b.rejection().map(Enum::name).orElse(null));
                    ps.setBoolean(i++, b.eligibility().identityLinked());
                    ps.setString(i, b.eligibility().ineligible().map(Enum::name).orElse(null));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!batch.funds().isEmpty()) {
            try (var captured = c.prepareStatement("UPDATE bidder_funds SET captured = ? WHERE bidder_id = ?");
                    var hold = c.prepareStatement("""
                            INSERT INTO fund_reservations (bidder_id, auction_id, amount) VALUES (?, ?, ?)
                            ON CONFLICT (bidder_id, auction_id) DO UPDATE SET amount = EXCLUDED.amount""");
                    var release = c.prepareStatement(
                            "DELETE FROM fund_reservations WHERE bidder_id = ? AND auction_id = ?")) {
                for (BidderFunds f : batch.funds()) {
                    captured.setBigDecimal(1, wei(f.captured()));
                    captured.setObject(2, f.bidderId());
                    captured.addBatch();
                    Wei here = f.reservations().get(s.id());
                    if (here != null) {
                        hold.setObject(1, f.bidderId());
                        hold.setObject(2, s.id());
                        hold.setBigDecimal(3, wei(here));
                        hold.addBatch();
                    } else {
                        release.setObject(1, f.bidderId());
                        release.setObject(2, s.id());
                        release.addBatch();
                    }
                }
                captured.executeBatch();
                hold.executeBatch();
                release.executeBatch();
            }
            try (var check = c.prepareStatement("""
                    SELECT f.bidder_id FROM bidder_funds f
                    LEFT JOIN (SELECT bidder_id, sum(amount) AS held FROM fund_reservations WHERE bidder_id = ANY (?) GROUP BY bidder_id) r
                      ON r.bidder_id = f.bidder_id
                    WHERE f.bidder_id = ANY (?) AND f.deposits - f.captured - f.withdrawn - coalesce(r.held, 0) < 0""")) {
                var ids = c.createArrayOf("uuid", changedBidders.toArray());
                check.setArray(1, ids);
                check.setArray(2, ids);
                try (var rs = check.executeQuery()) {
                    var over = new HashSet<UUID>();
                    while (rs.next()) {
                        over.add(uuid(rs, "bidder_id"));
                    }
                    if (!over.isEmpty()) {
                        return new CommitOutcome.FundsConflict(Set.copyOf(over));
                    }
                }
            }
        }
        if (!batch.voided().isEmpty()) {
            try (var ps = c.prepareStatement("UPDATE bids SET voided_at = ?, void_reason = ? WHERE id = ?")) {
                for (var v : batch.voided()) {
                    ps.setTimestamp(1, ts(v.at()));
                    ps.setString(2, v.reason());
                    ps.setObject(3, v.bidId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!batch.actions().isEmpty()) {
            try (var ps = c.prepareStatement(
                    "INSERT INTO auction_actions (auction_id, action, detail, reason, actor, at) VALUES (?, ?, ?::jsonb, ?, ?, ?)")) {
                for (var a : batch.actions()) {
                    ps.setObject(1, s.id());
                    ps.setString(2, a.action());
                    ps.setString(3, a.detailJson());
                    ps.setString(4, a.reason());
                    ps.setString(5, a.actor());
                    ps.setTimestamp(6, ts(a.at()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        XOutbox.insert(c, batch.outbox());
        return new CommitOutcome.Committed();
    }

    /** Admin actions and scheduled moves of an auction, oldest first. */
    public List<AdminRecord> actions(UUID auctionId) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("SELECT * FROM auction_actions WHERE auction_id = ? ORDER BY id")) {
            ps.setObject(1, auctionId);
            try (var rs = ps.executeQuery()) {
                var list = new ArrayList<AdminRecord>();
                while (rs.next()) {
                    list.add(new AdminRecord(
                            rs.getString("action"),
                            rs.getString("detail"),
                            rs.getString("reason"),
                            rs.getString("actor"),
                            instant(rs, "at")));
                }
                return list;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read actions: " + e.getMessage(), e);
        }
    }

    static StoredAuction auction(ResultSet rs) throws SQLException {
        BigDecimal percent = rs.getBigDecimal("min_increment_percent");
        int max = rs.getInt("anti_snipe_max");
        OptionalInt maxExtensions = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(max);
        var terms = new AuctionTerms(
                wei(rs, "starting_price"),
                wei(rs, "reserve_price"),
                new MinIncrement(
                        Optional.ofNullable(percent).map(BigDecimal::stripTrailingZeros),
                        Sql.optionalWei(rs, "min_increment_amount")),
                new AntiSnipe(
                        Duration.ofSeconds(rs.getInt("anti_snipe_window_s")),
                        Duration.ofSeconds(rs.getInt("anti_snipe_extension_s")),
                        maxExtensions),
                Duration.ofSeconds(rs.getInt("grace_s")),
                rs.getBoolean("require_funds"));
        UUID highestId = uuid(rs, "highest_bid_id");
        Optional<LeadingBid> highest = highestId == null
                ? Optional.empty()
                : Optional.of(new LeadingBid(
                        highestId,
                        uuid(rs, "highest_bidder_id"),
                        wei(rs, "highest_amount"),
                        instant(rs, "highest_event_time")));
        var state = new AuctionState(
                uuid(rs, "id"),
                AuctionStatus.valueOf(rs.getString("status")),
                instant(rs, "starts_at"),
                instant(rs, "original_ends_at"),
                instant(rs, "ends_at"),
                rs.getInt("extensions"),
                terms,
                highest,
                rs.getInt("bid_count"),
                rs.getLong("version"));
        int day = rs.getInt("day_number");
        Optional<Integer> dayNumber = rs.wasNull() ? Optional.empty() : Optional.of(day);
        return new StoredAuction(
                state,
                rs.getString("name"),
                Optional.ofNullable(rs.getString("hashtag")),
                rs.getString("artwork"),
                Optional.ofNullable(uuid(rs, "campaign_id")),
                dayNumber,
                instant(rs, "created_at"));
    }

    static StoredBid bid(ResultSet rs) throws SQLException {
        var command = new BidCommand(
                new BidKey(BidSource.valueOf(rs.getString("source")), rs.getString("external_id")),
                uuid(rs, "auction_id"),
                uuid(rs, "bidder_id"),
                wei(rs, "amount"),
                instant(rs, "event_time"),
                instant(rs, "received_at"));
        String ineligible = rs.getString("ineligible");
        var eligibility = new Eligibility(
                rs.getBoolean("identity_linked"),
                Optional.ofNullable(ineligible).map(RejectionReason::valueOf));
        String reason = rs.getString("reason");
        var record = new BidRecord(
                uuid(rs, "id"),
                rs.getLong("sequence"),
                command,
                eligibility,
                Optional.ofNullable(reason).map(RejectionReason::valueOf),
                instant(rs, "decided_at"));
        return new StoredBid(
                record,
                Optional.ofNullable(instant(rs, "voided_at")),
                Optional.ofNullable(rs.getString("void_reason")));
    }
}
