package dev.gavel.store.auction;

import static dev.gavel.store.auction.Sql.instant;
import static dev.gavel.store.auction.Sql.ts;
import static dev.gavel.store.auction.Sql.uuid;
import static dev.gavel.store.auction.Sql.wei;

import dev.gavel.auction.BidderFunds;
import dev.gavel.auction.DepositPort;
import dev.gavel.auction.FundsPort;
import dev.gavel.core.money.Wei;
import dev.gavel.store.Database;
import dev.gavel.store.StoreException;
import dev.gavel.store.audit.AuditLog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Bidders and their funds in PostgreSQL; also the sequencers' {@link FundsPort}. Thread-safe. */
public final class BidderStore implements FundsPort {
    private final DataSource dataSource;

    public BidderStore(Database database) {
        this.dataSource = database.dataSource();
    }

    public BidderCreation create(Bidder bidder) {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement(
                            "INSERT INTO bidders (id, handle, user_id, x_user_id, wallet, created_at, x_account_created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
                    var funds = c.prepareStatement("INSERT INTO bidder_funds (bidder_id) VALUES (?)")) {
                ps.setObject(1, bidder.id());
                ps.setString(2, bidder.handle());
                Sql.setNullable(ps, 3, bidder.userId().orElse(null), Types.OTHER);
                ps.setString(4, bidder.xUserId().orElse(null));
                ps.setString(5, bidder.wallet().orElse(null));
                ps.setTimestamp(6, ts(bidder.createdAt()));
                ps.setTimestamp(7, bidder.xAccountCreatedAt().map(Sql::ts).orElse(null));
                ps.executeUpdate();
                funds.setObject(1, bidder.id());
                funds.executeUpdate();
                c.commit();
                return new BidderCreation.Created(bidder);
            } catch (SQLException e) {
                c.rollback();
                if ("23505".equals(e.getSQLState())) {
                    String m = String.valueOf(e.getMessage());
                    return new BidderCreation.Taken(
                            m.contains("wallet")
                                    ? "wallet"
                                    : m.contains("handle")
                                            ? "handle"
                                            : m.contains("x_user_id")
                                                    ? "xUserId"
                                                    : m.contains("user_id") ? "user" : "bidder");
                }
                if ("23514".equals(e.getSQLState())) {
                    throw new IllegalArgumentException("the wallet must be 0x and 40 hex digits");
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not store bidder " + bidder.handle() + ": " + e.getMessage(), e);
        }
    }

    public Optional<Bidder> find(UUID id) {
        return one("SELECT * FROM bidders WHERE id = ?", id);
    }

    public Optional<Bidder> findByUser(UUID userId) {
        return one("SELECT * FROM bidders WHERE user_id = ?", userId);
    }

    public Optional<Bidder> findByXUser(String xUserId) {
        return one("SELECT * FROM bidders WHERE x_user_id = ?", xUserId);
    }

    /** Records how old the bidder's X account is (from X's {@code user.created_at}), when not known yet. */
    public void noteXAccountCreated(UUID bidderId, Instant createdAt) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(
                        "UPDATE bidders SET x_account_created_at = ? WHERE id = ? AND x_account_created_at IS NULL")) {
            ps.setTimestamp(1, ts(createdAt));
            ps.setObject(2, bidderId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not note the X account age of " + bidderId + ": " + e.getMessage(), e);
        }
    }

    public Optional<Bidder> findByWallet(String wallet) {
        return one("SELECT * FROM bidders WHERE lower(wallet) = lower(?)", wallet);
    }

    public Optional<Bidder> findByHandle(String handle) {
        return one("SELECT * FROM bidders WHERE lower(handle) = lower(?)", handle);
    }

    /**
     * Puts the bidder on the ban list (or, with an empty reason, takes them off), with an audit entry;
     * returns false when there is no such bidder.
     */
    public boolean setBanned(UUID bidderId, Optional<String> reason, String actor, Instant at) {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("UPDATE bidders SET banned_at = ?, ban_reason = ? WHERE id = ?")) {
                ps.setTimestamp(1, reason.isPresent() ? ts(at) : null);
                ps.setString(2, reason.orElse(null));
                ps.setObject(3, bidderId);
                if (ps.executeUpdate() == 0) {
                    c.rollback();
                    return false;
                }
                AuditLog.append(
                        c,
                        at,
                        actor,
                        reason.isPresent() ? "bidder.banned" : "bidder.unbanned",
                        "bidder:" + bidderId,
                        AuditLog.json(
                                reason.map(r -> java.util.Map.of("reason", r)).orElse(java.util.Map.of())));
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not change the ban of " + bidderId + ": " + e.getMessage(), e);
        }
    }

    private Optional<Bidder> one(String sql, Object param) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(sql)) {
            ps.setObject(1, param);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(bidder(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read bidders: " + e.getMessage(), e);
        }
    }

    /** The bidder's funds as committed: running totals and reservations. */
    @Override
    public BidderFunds fundsOf(UUID bidderId) {
        try (var c = dataSource.getConnection();
                var totals = c.prepareStatement("SELECT * FROM bidder_funds WHERE bidder_id = ?");
                var holds =
                        c.prepareStatement("SELECT auction_id, amount FROM fund_reservations WHERE bidder_id = ?")) {
            totals.setObject(1, bidderId);
            holds.setObject(1, bidderId);
            var reservations = new HashMap<UUID, Wei>();
            try (var rs = holds.executeQuery()) {
                while (rs.next()) {
                    reservations.put(uuid(rs, "auction_id"), wei(rs, "amount"));
                }
            }
            try (var rs = totals.executeQuery()) {
                if (!rs.next()) {
                    return BidderFunds.empty(bidderId);
                }
                return new BidderFunds(
                        bidderId, wei(rs, "deposits"), reservations, wei(rs, "captured"), wei(rs, "withdrawn"));
            }
        } catch (SQLException e) {
            throw new StoreException("could not read funds of bidder " + bidderId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Credits a confirmed deposit once per {@code (source, reference)}: a tx hash from the chain watcher, or
     * an admin's reference for a manual credit.
     */
    public DepositPort.DepositCredit credit(UUID bidderId, Wei amount, String source, String reference, Instant at) {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var insert = c.prepareStatement("""
                            INSERT INTO deposits (id, bidder_id, amount, source, reference, credited_at) VALUES (?, ?, ?, ?, ?, ?)
                            ON CONFLICT (source, reference) DO NOTHING""");
                    var add =
                            c.prepareStatement("UPDATE bidder_funds SET deposits = deposits + ? WHERE bidder_id = ?")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, bidderId);
                insert.setBigDecimal(3, wei(amount));
                insert.setString(4, source);
                insert.setString(5, reference);
                insert.setTimestamp(6, ts(at));
                if (insert.executeUpdate() == 0) {
                    c.rollback();
                    return new DepositPort.DepositCredit.AlreadyCredited();
                }
                add.setBigDecimal(1, wei(amount));
                add.setObject(2, bidderId);
                add.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if ("23503".equals(e.getSQLState())) {
                    return new DepositPort.DepositCredit.UnknownBidder();
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not credit a deposit to " + bidderId + ": " + e.getMessage(), e);
        }
        return new DepositPort.DepositCredit.Credited(fundsOf(bidderId));
    }

    static Bidder bidder(ResultSet rs) throws SQLException {
        return new Bidder(
                uuid(rs, "id"),
                rs.getString("handle"),
                Optional.ofNullable(uuid(rs, "user_id")),
                Optional.ofNullable(rs.getString("x_user_id")),
                Optional.ofNullable(rs.getString("wallet")),
                instant(rs, "created_at"),
                Optional.ofNullable(instant(rs, "banned_at")),
                Optional.ofNullable(instant(rs, "x_account_created_at")),
                Optional.ofNullable(rs.getString("ban_reason")));
    }
}
