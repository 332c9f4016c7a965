package dev.gavel.store.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.Role;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@WithPostgresAndRedis
class UserStoreIT {
    private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");

    private final Database database;
    private final UserStore users;

    UserStoreIT(TestDatabase db) {
        this.database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        this.users = new UserStore(database.jdbi());
    }

    @Test
    void a_user_is_stored_with_all_roles_and_found_by_email_in_any_case() {
        var id = UUID.randomUUID();
        var created = users.create(new NewUser(id, "Ada@Example.com", "hash", EnumSet.of(Role.ADMIN, Role.BIDDER), T0));

        assertThat(created).isInstanceOf(UserCreation.Created.class);
        var found = users.findByEmail("ada@example.COM").orElseThrow();
        assertThat(found.id()).isEqualTo(id);
        assertThat(found.roles()).containsExactlyInAnyOrder(Role.ADMIN, Role.BIDDER);
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(users.findById(id)).contains(found);
        assertThat(users.countWithRole(Role.ADMIN)).isEqualTo(1);
    }

    @Test
    void the_same_address_in_another_case_is_taken_and_nothing_is_half_written() {
        users.create(new NewUser(UUID.randomUUID(), "grace@example.com", "h", Set.of(Role.VIEWER), T0));
        var second = UUID.randomUUID();

        var result = users.create(new NewUser(second, "GRACE@example.com", "h", Set.of(Role.OWNER), T0));

        assertThat(result).isEqualTo(new UserCreation.EmailTaken("GRACE@example.com"));
        assertThat(users.findById(second)).isEmpty();
        assertThat(users.countWithRole(Role.OWNER)).isZero();
    }

    @Test
    void an_api_key_is_found_by_its_hash_marks_its_use_and_a_wrong_hash_finds_nothing() {
        var owner = UUID.randomUUID();
        users.create(new NewUser(owner, "bot@example.com", "h", Set.of(Role.OPERATOR), T0));
        var keyId = UUID.randomUUID();
        byte[] hash = "sha256-of-the-key".getBytes(StandardCharsets.UTF_8);
        users.addApiKey(keyId, owner, "ci", "gvl_abcd", hash, T0);

        var used = users.useApiKey(hash, T0.plusSeconds(5)).orElseThrow();

        assertThat(used.keyId()).isEqualTo(keyId);
        assertThat(used.user().email()).isEqualTo("bot@example.com");
        assertThat(used.user().roles()).containsExactly(Role.OPERATOR);
        assertThat(users.useApiKey("other".getBytes(StandardCharsets.UTF_8), T0))
                .isEmpty();
        var lastUsed = database.jdbi().withHandle(h -> h.createQuery("SELECT last_used_at FROM api_keys WHERE id = :id")
                .bind("id", keyId)
                .mapTo(Instant.class)
                .one());
        assertThat(lastUsed).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void users_list_oldest_first_and_passwords_can_change() {
        var a = UUID.randomUUID();
        users.create(new NewUser(a, "first@list.example", "old", Set.of(Role.VIEWER), T0.minusSeconds(3600)));

        assertThat(users.list(1, 0)).extracting(User::email).containsExactly("first@list.example");
        assertThat(users.updatePasswordHash(a, "new")).isTrue();
        assertThat(users.findById(a).orElseThrow().passwordHash()).isEqualTo("new");
        assertThat(users.updatePasswordHash(UUID.randomUUID(), "x")).isFalse();
    }
}
