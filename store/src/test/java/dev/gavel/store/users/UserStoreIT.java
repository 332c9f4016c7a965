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

    private Instant lastUsed(UUID keyId) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT last_used_at FROM api_keys WHERE id = :id")
                .bind("id", keyId)
                .mapTo(Instant.class)
                .one());
    }

    @Test
    void a_key_s_use_is_written_at_most_once_a_minute() {
        var owner = UUID.randomUUID();
        users.create(new NewUser(owner, "busy@example.com", "h", Set.of(Role.VIEWER), T0));
        var keyId = UUID.randomUUID();
        byte[] hash = "busy-key".getBytes(StandardCharsets.UTF_8);
        users.addApiKey(keyId, owner, "busy", "gvl_busy", hash, T0);

        users.useApiKey(hash, T0.plusSeconds(1)).orElseThrow();
        users.useApiKey(hash, T0.plusSeconds(59)).orElseThrow();
        assertThat(lastUsed(keyId)).isEqualTo(T0.plusSeconds(1));

        users.useApiKey(hash, T0.plusSeconds(62)).orElseThrow();
        assertThat(lastUsed(keyId)).isEqualTo(T0.plusSeconds(62));
    }

    @Test
    void keys_are_listed_newest_first_and_revoked_by_their_owner_only_keeping_the_first_revocation() {
        var owner = UUID.randomUUID();
        var other = UUID.randomUUID();
        users.create(new NewUser(owner, "keys@example.com", "h", Set.of(Role.VIEWER), T0));
        users.create(new NewUser(other, "someone@example.com", "h", Set.of(Role.VIEWER), T0));
        var older = UUID.randomUUID();
        var newer = UUID.randomUUID();
        byte[] olderHash = "older-key".getBytes(StandardCharsets.UTF_8);
        users.addApiKey(older, owner, "cron", "gvl_older", olderHash, T0);
        users.addApiKey(
                newer, owner, "laptop", "gvl_newer", "newer-key".getBytes(StandardCharsets.UTF_8), T0.plusSeconds(60));

        assertThat(users.apiKeysOf(owner)).extracting(StoredApiKey::name).containsExactly("laptop", "cron");
        assertThat(users.apiKeysOf(other)).isEmpty();
        assertThat(users.liveApiKeys(Set.of(older, newer, UUID.randomUUID()))).containsExactlyInAnyOrder(older, newer);

        assertThat(users.revokeApiKey(other, older, T0.plusSeconds(100))).isEmpty();
        assertThat(users.useApiKey(olderHash, T0.plusSeconds(101))).isPresent();

        var revoked = users.revokeApiKey(owner, older, T0.plusSeconds(120)).orElseThrow();
        assertThat(revoked.revokedAt()).contains(T0.plusSeconds(120));
        assertThat(revoked.lastUsedAt()).contains(T0.plusSeconds(101));
        assertThat(users.revokeApiKey(owner, older, T0.plusSeconds(500))
                        .orElseThrow()
                        .revokedAt())
                .contains(T0.plusSeconds(120));
        assertThat(users.useApiKey(olderHash, T0.plusSeconds(130))).isEmpty();
        assertThat(users.liveApiKeys(Set.of(older, newer))).containsExactly(newer);
        assertThat(users.liveApiKeys(Set.of())).isEmpty();
        assertThat(users.revokeApiKey(owner, UUID.randomUUID(), T0)).isEmpty();
    }

    @Test
    void a_disabled_user_s_keys_do_not_authenticate() {
        var owner = UUID.randomUUID();
        users.create(new NewUser(owner, "gone@example.com", "h", Set.of(Role.VIEWER), T0));
        var keyId = UUID.randomUUID();
        byte[] hash = "gone-key".getBytes(StandardCharsets.UTF_8);
        users.addApiKey(keyId, owner, "old", "gvl_gone", hash, T0);
        database.jdbi().useHandle(h -> h.execute("UPDATE users SET disabled_at = now() WHERE id = ?", owner));

        assertThat(users.useApiKey(hash, T0.plusSeconds(5))).isEmpty();
        assertThat(users.liveApiKeys(Set.of(keyId))).isEmpty();
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
