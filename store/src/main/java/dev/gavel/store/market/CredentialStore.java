package dev.gavel.store.market;

import dev.gavel.core.Secret;
import dev.gavel.market.auth.Credential;
import dev.gavel.market.auth.CredentialCipher;
import dev.gavel.market.auth.CredentialKind;
import dev.gavel.market.auth.CredentialState;
import dev.gavel.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The auth pool's credentials in {@code auth_credentials}. A secret is sealed with {@link CredentialCipher}
 * bound to {@code source/account/kind}, so it never rests in plaintext and a sealed value copied onto
 * another row does not open. The SHA-256 of the plaintext is kept beside it only to recognise a secret
 * imported again; the secrets are tokens with far too much entropy for that digest to be guessed back.
 * Thread-safe.
 */
public final class CredentialStore {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CredentialStore.class);

    private static final String COLUMNS = "id, source, account, kind, secret, expires_at, state, health, failures,"
            + " cool_down_until, last_used_at, note";

    private final Jdbi jdbi;
    private final CredentialCipher cipher;
    private final Clock clock;

    public CredentialStore(Jdbi jdbi, CredentialCipher cipher, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The source's credentials with their secrets opened, oldest first.
     *
     * @throws StoreException naming the credential when one does not open (another GAVEL_SECRET_KEY)
     */
    public List<Credential> list(String source) {
        return jdbi.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM auth_credentials WHERE source = :source ORDER BY id")
                        .bind("source", source)
                        .map((rs, ctx) -> opened(rs))
                        .list());
    }

    /** Every credential (or a source's) without opening a secret: for listing in the CLI and the API. */
    public List<MaskedCredential> listMasked(Optional<String> source) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("""
                    SELECT id, source, account, kind, secret_hash, expires_at, state, health, failures,
                        cool_down_until, last_used_at, note, created_at
                    FROM auth_credentials WHERE (CAST(:source AS text) IS NULL OR source = :source)
                    ORDER BY source, account, id""");
            q.bind("source", source.orElse(null));
            return q.map((rs, ctx) -> new MaskedCredential(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            CredentialKind.valueOf(rs.getString(4)),
                            rs.getString(5).substring(0, 12),
                            Optional.ofNullable(MarketStore.instant(rs, 6)),
                            CredentialState.valueOf(rs.getString(7)),
                            rs.getInt(8),
                            rs.getInt(9),
                            Optional.ofNullable(MarketStore.instant(rs, 10)),
                            Optional.ofNullable(MarketStore.instant(rs, 11)),
                            rs.getString(12),
                            MarketStore.instant(rs, 13)))
                    .list();
        });
    }

    /**
     * Adds a credential; answers it with its id. The same secret for the same source, account and kind added
     * again answers the one already stored (with its standing) and adds nothing.
     */
    public Credential add(Credential credential) {
        try {
            return jdbi.inTransaction(h -> insert(h, credential));
        } catch (JdbiException e) {
            throw new StoreException(
                    "could not add a " + credential.kind() + " for " + credential.source() + "/" + credential.account()
                            + ": " + MarketStore.rootMessage(e),
                    e);
        }
    }

    /**
     * Replaces all of {@code source}'s credentials with {@code pool} in one transaction: after a failure the
     * old pool is intact. Used by the HAR import, so a capture is taken whole or not at all.
     */
    public void replacePool(String source, List<Credential> pool) {
        for (Credential c : pool) {
            if (!c.source().equals(source)) {
                throw new IllegalArgumentException("a " + c.kind() + " of " + c.source() + " is not for " + source);
            }
        }
        try {
            jdbi.useTransaction(h -> {
                h.createUpdate("DELETE FROM auth_credentials WHERE source = :source")
                        .bind("source", source)
                        .execute();
                for (Credential c : pool) {
                    insert(h, c);
                }
            });
        } catch (JdbiException e) {
            throw new StoreException(
                    "could not replace the " + source + " credential pool (it is unchanged): "
                            + MarketStore.rootMessage(e),
                    e);
        }
    }

    /** Saves what the pool learned about a credential: state, health, failures, cool-down, last use, note. */
    public void saveStanding(Credential c) {
        int updated = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE auth_credentials SET state = :state, health = :health, failures = :failures,
                            cool_down_until = :coolDown, last_used_at = :lastUsed, note = :note
                        WHERE id = :id""")
                .bind("id", c.id())
                .bind("state", c.state().name())
                .bind("health", c.health())
                .bind("failures", c.failures())
                .bind("coolDown", c.coolDownUntil().map(Timestamp::from).orElse(null))
                .bind("lastUsed", c.lastUsedAt().map(Timestamp::from).orElse(null))
                .bind("note", c.note())
                .execute());
        if (updated == 0) {
            // replaced by an import meanwhile (a call was in flight): its standing no longer matters
            LOG.debug("no credential {} to save the standing of; it was replaced", c.id());
        }
    }

    /**
     * Stops every credential of one account (a captcha or a ban on it stops all its tickets), with the reason
     * as their note; answers how many were stopped.
     */
    public int stopAccount(String source, String account, String reason) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE auth_credentials SET state = 'STOPPED', note = :reason
                        WHERE source = :source AND account = :account AND state <> 'STOPPED'""")
                .bind("source", source)
                .bind("account", account)
                .bind("reason", reason)
                .execute());
    }

    private Credential insert(Handle h, Credential c) {
        String context = context(c.source(), c.account(), c.kind());
        String hash = sha256(c.secret());
        Optional<Long> id = h.createQuery("""
                        INSERT INTO auth_credentials (source, account, kind, secret, secret_hash, expires_at, state,
                            health, failures, cool_down_until, last_used_at, note, created_at)
                        VALUES (:source, :account, :kind, :secret, :hash, :expires, :state, :health, :failures,
                            :coolDown, :lastUsed, :note, :at)
                        ON CONFLICT (source, account, kind, secret_hash) DO NOTHING RETURNING id""")
                .bind("source", c.source())
                .bind("account", c.account())
                .bind("kind", c.kind().name())
                .bind("secret", cipher.seal(c.secret(), context))
                .bind("hash", hash)
                .bind("expires", c.expiresAt().map(Timestamp::from).orElse(null))
                .bind("state", c.state().name())
                .bind("health", c.health())
                .bind("failures", c.failures())
                .bind("coolDown", c.coolDownUntil().map(Timestamp::from).orElse(null))
                .bind("lastUsed", c.lastUsedAt().map(Timestamp::from).orElse(null))
                .bind("note", c.note())
                .bind("at", Timestamp.from(clock.instant()))
                .mapTo(Long.class)
                .findOne();
        if (id.isPresent()) {
            return c.withId(id.get());
        }
        return h.createQuery("SELECT " + COLUMNS + " FROM auth_credentials"
                        + " WHERE source = :source AND account = :account AND kind = :kind AND secret_hash = :hash")
                .bind("source", c.source())
                .bind("account", c.account())
                .bind("kind", c.kind().name())
                .bind("hash", hash)
                .map((rs, ctx) -> opened(rs))
                .one();
    }

    private Credential opened(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        String source = rs.getString(2);
        String account = rs.getString(3);
        CredentialKind kind = CredentialKind.valueOf(rs.getString(4));
        String context = context(source, account, kind);
        Secret secret;
        try {
            secret = cipher.open(rs.getBytes(5), context);
        } catch (IllegalArgumentException e) {
            throw new StoreException("credential " + id + " (" + context + ") does not open: " + e.getMessage()
                    + "; re-import it, or start with the GAVEL_SECRET_KEY it was sealed with");
        }
        return new Credential(
                id,
                source,
                account,
                kind,
                secret,
                Optional.ofNullable(instant(rs, 6)),
                CredentialState.valueOf(rs.getString(7)),
                rs.getInt(8),
                rs.getInt(9),
                Optional.ofNullable(instant(rs, 10)),
                Optional.ofNullable(instant(rs, 11)),
                rs.getString(12));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return MarketStore.instant(rs, column);
    }

    /** The associated data a credential's secret is sealed with. */
    static String context(String source, String account, CredentialKind kind) {
        return source + "/" + account + "/" + kind.name();
    }

    static String sha256(Secret secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(secret.reveal().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
