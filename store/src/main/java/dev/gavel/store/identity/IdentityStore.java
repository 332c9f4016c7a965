package dev.gavel.store.identity;

import dev.gavel.store.Database;
import dev.gavel.store.StoreException;
import dev.gavel.store.audit.AuditLog;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Nonces and wallet links. A link consumes its nonce, sets the bidder's wallet and appends to the audit log
 * in one transaction; any refusal rolls it all back, so a nonce is spent only by a link that happened.
 * Thread-safe.
 */
public final class IdentityStore {
    private final DataSource dataSource;

    public IdentityStore(Database database) {
        this.dataSource = database.dataSource();
    }

    public void issue(IssuedNonce nonce) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("""
                        INSERT INTO identity_nonces (nonce, bidder_id, address, message, via, issued_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, nonce.nonce());
            ps.setObject(2, nonce.bidderId());
            ps.setString(3, nonce.address());
            ps.setString(4, nonce.message());
            ps.setString(5, nonce.via());
            ps.setTimestamp(6, Timestamp.from(nonce.issuedAt()));
            ps.setTimestamp(7, Timestamp.from(nonce.expiresAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not store a nonce: " + e.getMessage(), e);
        }
    }

    public Optional<IssuedNonce> find(String nonce) {
        return one("SELECT * FROM identity_nonces WHERE nonce = ?", nonce);
    }

    /** The newest unused nonce issued to the bidder through {@code via} (the reply flow's pending request). */
    public Optional<IssuedNonce> pending(UUID bidderId, String via, Instant now) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement("""
                        SELECT * FROM identity_nonces WHERE bidder_id = ? AND via = ? AND used_at IS NULL AND expires_at > ?
                        ORDER BY issued_at DESC LIMIT 1""")) {
            ps.setObject(1, bidderId);
            ps.setString(2, via);
            ps.setTimestamp(3, Timestamp.from(now));
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(nonce(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read nonces: " + e.getMessage(), e);
        }
    }

    /**
     * Links {@code wallet} to the bidder with the nonce the signed message carried.
     *
     * @param relink whether replacing a different linked wallet was asked for
     * @param detail what the audit entry records besides the wallets (how, the signature)
     */
    public LinkOutcome link(
            String nonce,
            UUID bidderId,
            String wallet,
            boolean relink,
            String actor,
            Map<String, String> detail,
            Instant now) {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                var outcome = link(c, nonce, bidderId, wallet, relink, actor, detail, now);
                if (outcome instanceof LinkOutcome.Linked) {
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
            throw new StoreException("could not link a wallet: " + e.getMessage(), e);
        }
    }

    private LinkOutcome link(
            Connection c,
            String nonce,
            UUID bidderId,
            String wallet,
            boolean relink,
            String actor,
            Map<String, String> detail,
            Instant now)
            throws SQLException {
        IssuedNonce issued;
        try (var ps = c.prepareStatement("SELECT * FROM identity_nonces WHERE nonce = ? FOR UPDATE")) {
            ps.setString(1, nonce);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new LinkOutcome.UnknownNonce();
                }
                issued = nonce(rs);
            }
        }
        if (!issued.bidderId().equals(bidderId)) {
            return new LinkOutcome.NonceOfAnotherBidder();
        }
        if (issued.usedAt().isPresent()) {
            return new LinkOutcome.NonceUsed();
        }
        if (!issued.expiresAt().isAfter(now)) {
            return new LinkOutcome.NonceExpired();
        }
        Optional<String> current;
        try (var ps = c.prepareStatement("SELECT wallet FROM bidders WHERE id = ? FOR UPDATE")) {
            ps.setObject(1, bidderId);
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new LinkOutcome.UnknownNonce();
                }
                current = Optional.ofNullable(rs.getString(1));
            }
        }
        if (current.isPresent() && current.get().equalsIgnoreCase(wallet)) {
            return new LinkOutcome.AlreadyLinked(current.get());
        }
        if (current.isPresent() && !relink) {
            return new LinkOutcome.RelinkRequired(current.get());
        }
        try (var taken = c.prepareStatement("SELECT 1 FROM bidders WHERE lower(wallet) = lower(?) AND id <> ?")) {
            taken.setString(1, wallet);
            taken.setObject(2, bidderId);
            try (var rs = taken.executeQuery()) {
                if (rs.next()) {
                    return new LinkOutcome.WalletTaken();
                }
            }
        }
        var save = c.setSavepoint();
        try (var ps = c.prepareStatement("UPDATE bidders SET wallet = ? WHERE id = ?")) {
            ps.setString(1, wallet);
            ps.setObject(2, bidderId);
            ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) { // another bidder linked it at the same moment
                c.rollback(save);
                return new LinkOutcome.WalletTaken();
            }
            throw e;
        }
        try (var ps = c.prepareStatement("UPDATE identity_nonces SET used_at = ? WHERE nonce = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, nonce);
            ps.executeUpdate();
        }
        AuditLog.append(
                c,
                now,
                actor,
                current.isPresent() ? "wallet.relinked" : "wallet.linked",
                "bidder:" + bidderId,
                AuditLog.json(withWallets(detail, wallet, current)));
        return new LinkOutcome.Linked(wallet, current);
    }

    private static Map<String, String> withWallets(
            Map<String, String> detail, String wallet, Optional<String> previous) {
        var all = new java.util.LinkedHashMap<>(detail);
        all.put("wallet", wallet);
        previous.ifPresent(p -> all.put("previousWallet", p));
        return all;
    }

    private Optional<IssuedNonce> one(String sql, String param) {
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(nonce(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read nonces: " + e.getMessage(), e);
        }
    }

    private static IssuedNonce nonce(ResultSet rs) throws SQLException {
        return new IssuedNonce(
                rs.getString("nonce"),
                rs.getObject("bidder_id", UUID.class),
                rs.getString("address"),
                rs.getString("message"),
                rs.getString("via"),
                rs.getTimestamp("issued_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(),
                Optional.ofNullable(rs.getTimestamp("used_at")).map(Timestamp::toInstant));
    }
}
