package dev.gavel.store.users;

import dev.gavel.core.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Users, their roles and their API keys in PostgreSQL. Thread-safe. */
public final class UserStore {
    private static final String UNIQUE_VIOLATION = "23505";
    /** What {@link #user} reads: a user's columns and roles, grouped by {@code u.id}. */
    private static final String USER_COLUMNS = """
            u.id, u.email, u.password_hash, u.created_at, u.disabled_at,
            coalesce(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles""";

    private static final String SELECT_USER =
            "SELECT " + USER_COLUMNS + " FROM users u LEFT JOIN user_roles r ON r.user_id = u.id ";

    private final Jdbi jdbi;

    public UserStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Creates the account with its roles in one transaction. */
    public UserCreation create(NewUser user) {
        try {
            return jdbi.inTransaction(h -> {
                h.createUpdate(
                                "INSERT INTO users (id, email, password_hash, created_at) VALUES (:id, :email, :hash, :at)")
                        .bind("id", user.id())
                        .bind("email", user.email())
                        .bind("hash", user.passwordHash())
                        .bind("at", Timestamp.from(user.createdAt()))
                        .execute();
                insertRoles(h, user.id(), user.roles());
                return new UserCreation.Created(new User(
                        user.id(),
                        user.email(),
                        user.passwordHash(),
                        user.roles(),
                        user.createdAt(),
                        Optional.empty()));
            });
        } catch (UnableToExecuteStatementException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return new UserCreation.EmailTaken(user.email());
            }
            throw e;
        }
    }

    public Optional<User> findByEmail(String email) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_USER + " WHERE lower(u.email) = lower(:email) GROUP BY u.id")
                .bind("email", email)
                .map((rs, ctx) -> user(rs))
                .findOne());
    }

    public Optional<User> findById(UUID id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT_USER + " WHERE u.id = :id GROUP BY u.id")
                .bind("id", id)
                .map((rs, ctx) -> user(rs))
                .findOne());
    }

    /** Users by creation time, oldest first. */
    public List<User> list(int limit, int offset) {
        return jdbi.withHandle(h -> h.createQuery(
                        SELECT_USER + " GROUP BY u.id ORDER BY u.created_at, u.id LIMIT :limit OFFSET :offset")
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> user(rs))
                .list());
    }

    public long countWithRole(Role role) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM user_roles WHERE role = :role")
                .bind("role", role.name())
                .mapTo(Long.class)
                .one());
    }

    /** Replaces the user's password hash; false when there is no such user. */
    public boolean updatePasswordHash(UUID userId, String passwordHash) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash WHERE id = :id")
                        .bind("hash", passwordHash)
                        .bind("id", userId)
                        .execute())
                == 1;
    }

    /** Stores a new API key's hash; the key itself is never stored. */
    public void addApiKey(UUID keyId, UUID userId, String name, String prefix, byte[] keyHash, Instant at) {
        jdbi.useHandle(h -> h.createUpdate(
                        "INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at) VALUES (:id, :user, :name, :prefix, :hash, :at)")
                .bind("id", keyId)
                .bind("user", userId)
                .bind("name", name)
                .bind("prefix", prefix)
                .bind("hash", keyHash)
                .bind("at", Timestamp.from(at))
                .execute());
    }

    /** How stale a key's {@code last_used_at} may get before a use writes it again. */
    static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    /**
     * The key with this hash, when it is not revoked and its user not disabled, with its user; one round trip.
     * Its use is written at most once per {@link #LAST_USED_PRECISION}: writing {@code last_used_at} on every
     * request made each API-key request a transaction commit (a WAL flush) and had concurrent requests with the
     * same key queue on its row lock.
     */
    public Optional<ApiKeyOwner> useApiKey(byte[] keyHash, Instant at) {
        return jdbi.withHandle(h -> h.createQuery("""
                        WITH k AS (
                            SELECT id, name, user_id, last_used_at FROM api_keys
                            WHERE key_hash = :hash AND revoked_at IS NULL
                        ), touched AS (
                            UPDATE api_keys a SET last_used_at = :at FROM k
                            WHERE a.id = k.id AND (k.last_used_at IS NULL OR k.last_used_at < :stale)
                        )
                        SELECT k.id AS key_id, k.name AS key_name,
                        """ + USER_COLUMNS + """

                        FROM k JOIN users u ON u.id = k.user_id LEFT JOIN user_roles r ON r.user_id = u.id
                        GROUP BY k.id, k.name, u.id
                        """)
                .bind("hash", keyHash)
                .bind("at", Timestamp.from(at))
                .bind("stale", Timestamp.from(at.minus(LAST_USED_PRECISION)))
                .map((rs, ctx) ->
                        new ApiKeyOwner(rs.getObject("key_id", UUID.class), rs.getString("key_name"), user(rs)))
                .findOne()
                .filter(owner -> !owner.user().isDisabled()));
    }

    /** The user's API keys, revoked ones too, newest first. */
    public List<StoredApiKey> apiKeysOf(UUID userId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + KEY_COLUMNS + " FROM api_keys WHERE user_id = :user ORDER BY created_at DESC, id")
                .bind("user", userId)
                .map((rs, ctx) -> storedKey(rs))
                .list());
    }

    /**
     * Revokes the user's key {@code keyId} at {@code at}; a key revoked before keeps its first revocation time.
     * Empty when the user has no key with that id (another user's key included).
     */
    public Optional<StoredApiKey> revokeApiKey(UUID userId, UUID keyId, Instant at) {
        return jdbi.withHandle(h -> h.createQuery("UPDATE api_keys SET revoked_at = coalesce(revoked_at, :at)"
                        + " WHERE id = :id AND user_id = :user RETURNING " + KEY_COLUMNS)
                .bind("id", keyId)
                .bind("user", userId)
                .bind("at", Timestamp.from(at))
                .map((rs, ctx) -> storedKey(rs))
                .findOne());
    }

    /** Of {@code keyIds}, the keys that still authenticate: not revoked, and their user not disabled. */
    public Set<UUID> liveApiKeys(Collection<UUID> keyIds) {
        if (keyIds.isEmpty()) {
            return Set.of();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT k.id FROM api_keys k JOIN users u ON u.id = k.user_id"
                        + " WHERE k.id = ANY(:ids) AND k.revoked_at IS NULL AND u.disabled_at IS NULL")
                .bind("ids", keyIds.toArray(UUID[]::new))
                .mapTo(UUID.class)
                .set());
    }

    private static final String KEY_COLUMNS = "id, name, prefix, created_at, last_used_at, revoked_at";

    private static StoredApiKey storedKey(ResultSet rs) throws SQLException {
        return new StoredApiKey(
                rs.getObject("id", UUID.class),
                rs.getString("name"),
                rs.getString("prefix"),
                rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(rs.getTimestamp("last_used_at")).map(Timestamp::toInstant),
                Optional.ofNullable(rs.getTimestamp("revoked_at")).map(Timestamp::toInstant));
    }

    private static void insertRoles(Handle h, UUID userId, Set<Role> roles) {
        var batch = h.prepareBatch("INSERT INTO user_roles (user_id, role) VALUES (:user, :role)");
        for (Role role : roles) {
            batch.bind("user", userId).bind("role", role.name()).add();
        }
        batch.execute();
    }

    private static User user(ResultSet rs) throws SQLException {
        var roles = Arrays.stream((String[]) rs.getArray("roles").getArray())
                .map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        var disabled = rs.getTimestamp("disabled_at");
        return new User(
                rs.getObject("id", UUID.class),
                rs.getString("email"),
                rs.getString("password_hash"),
                roles,
                rs.getTimestamp("created_at").toInstant(),
                Optional.ofNullable(disabled).map(Timestamp::toInstant));
    }
}
