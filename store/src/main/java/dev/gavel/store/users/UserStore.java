package dev.gavel.store.users;

import dev.gavel.core.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
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
    private static final String SELECT_USER = """
            SELECT u.id, u.email, u.password_hash, u.created_at, u.disabled_at,
                   coalesce(array_agg(r.role) FILTER (WHERE r.role IS NOT NULL), '{}') AS roles
            FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
            """;

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

    /** The key with this hash, when it is not revoked and its user not disabled; marks it used at {@code at}. */
    public Optional<ApiKeyOwner> useApiKey(byte[] keyHash, Instant at) {
        return jdbi.inTransaction(h -> {
            var key = h.createQuery(
                            "UPDATE api_keys SET last_used_at = :at WHERE key_hash = :hash AND revoked_at IS NULL RETURNING id, name, user_id")
                    .bind("hash", keyHash)
                    .bind("at", Timestamp.from(at))
                    .map((rs, ctx) -> new KeyRow(
                            rs.getObject("id", UUID.class), rs.getString("name"), rs.getObject("user_id", UUID.class)))
                    .findOne();
            if (key.isEmpty()) {
                return Optional.<ApiKeyOwner>empty();
            }
            var row = key.get();
            return h.createQuery(SELECT_USER + " WHERE u.id = :id GROUP BY u.id")
                    .bind("id", row.userId())
                    .map((rs, ctx) -> user(rs))
                    .findOne()
                    .filter(u -> !u.isDisabled())
                    .map(u -> new ApiKeyOwner(row.id(), row.name(), u));
        });
    }

    private record KeyRow(UUID id, String name, UUID userId) {}

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
