package dev.gavel.server.auth;

import dev.gavel.core.Role;
import dev.gavel.store.users.NewUser;
import dev.gavel.store.users.User;
import dev.gavel.store.users.UserCreation;
import dev.gavel.store.users.UserStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account rules shared by the HTTP API, the CLI and start-up: what a valid address and password are,
 * creating users, checking a login, and making the first owner. Thread-safe.
 */
public final class Accounts {
    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");
    public static final int MIN_PASSWORD = 10;
    public static final int MAX_PASSWORD = 256;

    private final UserStore users;
    private final PasswordHasher hasher;
    private final Clock clock;

    public Accounts(UserStore users, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Problems with an address and password, by field; empty when both are acceptable. */
    public static Map<String, String> problems(String email, String password) {
        var problems = new LinkedHashMap<String, String>();
        if (email == null || email.isBlank()) {
            problems.put("email", "is required");
        } else if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            problems.put("email", "must be an e-mail address such as ada@example.com");
        }
        if (password == null || password.isEmpty()) {
            problems.put("password", "is required");
        } else if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            problems.put("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
        }
        return problems;
    }

    /** Creates a user; the caller has checked {@link #problems}. */
    public UserCreation create(String email, String password, Set<Role> roles) {
        return users.create(
                new NewUser(UUID.randomUUID(), email.strip(), hasher.hash(password), roles, clock.instant()));
    }

    /** The user when the address and password match an active account; the same time is spent either way. */
    public Optional<User> login(String email, String password) {
        var user = users.findByEmail(email.strip());
        if (user.isEmpty()) {
            hasher.verifyNothing(password);
            return Optional.empty();
        }
        boolean ok = hasher.verify(password, user.get().passwordHash());
        return ok && !user.get().isDisabled() ? user : Optional.empty();
    }

    /** Creates the first owner when there is no owner yet; true when one was created. */
    public boolean ensureOwner(String email, String password) {
        if (users.countWithRole(Role.OWNER) > 0) {
            return false;
        }
        var problems = problems(email, password);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the first owner's " + problems);
        }
        return switch (create(email, password, Set.of(Role.OWNER))) {
            case UserCreation.Created created -> {
                LOG.info("created the first owner account {}", created.user().email());
                yield true;
            }
            case UserCreation.EmailTaken taken -> {
                LOG.warn(
                        "no owner exists, but {} is already an account without the OWNER role; not changing it",
                        taken.email());
                yield false;
            }
        };
    }
}
