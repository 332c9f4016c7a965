package dev.gavel.store.market;

import static dev.gavel.store.market.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.core.Secret;
import dev.gavel.market.auth.Credential;
import dev.gavel.market.auth.CredentialCipher;
import dev.gavel.market.auth.CredentialKind;
import dev.gavel.market.auth.CredentialState;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.StoreException;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The credential pool in a real PostgreSQL: sealed at rest, de-duplicated, replaced whole or not at all. */
@WithPostgresAndRedis
class CredentialStoreIT {
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final CredentialCipher CIPHER = CredentialCipher.fromSecretKey(Secret.of("test key one"));

    private final TestDatabase db;
    private final Database database;
    private final CredentialStore store;
    private final String source = "m26-" + UUID.randomUUID().toString().substring(0, 8);

    CredentialStoreIT(TestDatabase db) {
        this.db = db;
        this.database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        store = new CredentialStore(database.jdbi(), CIPHER, CLOCK);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Credential ticket(String account, String secret) {
        return Credential.fresh(
                source, account, CredentialKind.SESSION_TICKET, Secret.of(secret), Optional.of(T0.plusSeconds(3600)));
    }

    private byte[] storedSecret(long id) throws SQLException {
        try (var c = db.connect();
                var ps = c.prepareStatement("SELECT secret FROM auth_credentials WHERE id = ?")) {
            ps.setLong(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    @Test
    void a_secret_is_sealed_at_rest_and_opens_again_with_the_same_key() throws SQLException {
        String plain = "ticket-0123456789abcdef-SECRET";

        Credential added = store.add(ticket("acct-1", plain));

        assertThat(added.id()).isPositive();
        byte[] sealed = storedSecret(added.id());
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1))
                .doesNotContain(plain)
                .doesNotContain("SECRET");
        assertThat(store.list(source)).containsExactly(added);
        assertThat(store.list(source).getFirst().secret().reveal()).isEqualTo(plain);
    }

    @Test
    void another_key_fails_with_a_message_naming_the_credential_and_masked_listing_still_works() {
        Credential added = store.add(ticket("acct-1", "ticket-a"));
        var otherKey =
                new CredentialStore(database.jdbi(), CredentialCipher.fromSecretKey(Secret.of("test key two")), CLOCK);

        assertThatThrownBy(() -> otherKey.list(source))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("credential " + added.id())
                .hasMessageContaining(source + "/acct-1/SESSION_TICKET")
                .hasMessageContaining("GAVEL_SECRET_KEY")
                .hasMessageNotContaining("ticket-a");
        assertThat(otherKey.listMasked(Optional.of(source))).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(added.id());
            assertThat(m.fingerprint())
                    .hasSize(12)
                    .isEqualTo(CredentialStore.sha256(Secret.of("ticket-a")).substring(0, 12));
            assertThat(m.state()).isEqualTo(CredentialState.ACTIVE);
            assertThat(m.createdAt()).isEqualTo(T0);
        });
    }

    @Test
    void a_sealed_secret_copied_onto_another_account_does_not_open() throws SQLException {
        Credential one = store.add(ticket("acct-1", "ticket-a"));
        Credential two = store.add(ticket("acct-2", "ticket-b"));
        try (var c = db.connect();
                var ps = c.prepareStatement(
                        "UPDATE auth_credentials SET secret = (SELECT secret FROM auth_credentials WHERE id = ?) WHERE id = ?")) {
            ps.setLong(1, one.id());
            ps.setLong(2, two.id());
            ps.executeUpdate();
        }

        assertThatThrownBy(() -> store.list(source)).hasMessageContaining("credential " + two.id());
    }

    @Test
    void the_same_secret_added_again_answers_the_stored_one() {
        Credential first = store.add(ticket("acct-1", "ticket-a"));
        store.saveStanding(first.withStanding(
                CredentialState.ACTIVE, 70, 1, Optional.empty(), Optional.of(T0.plusSeconds(5)), "one 429"));

        Credential again = store.add(ticket("acct-1", "ticket-a"));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.health()).isEqualTo(70);
        assertThat(store.list(source)).hasSize(1);
        // the same secret under another account is another credential
        assertThat(store.add(ticket("acct-2", "ticket-a")).id()).isNotEqualTo(first.id());
    }

    @Test
    void replacing_the_pool_is_all_or_nothing() {
        store.add(ticket("acct-1", "old-a"));
        store.add(ticket("acct-1", "old-b"));
        var before = store.list(source);
        // PostgreSQL text cannot hold NUL: the third insert fails after the delete and two inserts
        var broken = List.of(
                ticket("acct-2", "new-a"),
                ticket("acct-2", "new-b"),
                ticket("acct-2", "new-c")
                        .withStanding(CredentialState.ACTIVE, 100, 0, Optional.empty(), Optional.empty(), "bad\0note"));

        assertThatThrownBy(() -> store.replacePool(source, broken))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("unchanged");
        assertThat(store.list(source)).isEqualTo(before);

        store.replacePool(source, List.of(ticket("acct-2", "new-a"), ticket("acct-2", "new-a"), ticket("acct-3", "x")));
        assertThat(store.list(source))
                .extracting(c -> c.account() + ":" + c.secret().reveal())
                .containsExactly("acct-2:new-a", "acct-3:x");
    }

    @Test
    void standing_is_saved_and_stopping_an_account_stops_all_its_tickets() {
        Credential a = store.add(ticket("acct-1", "a"));
        store.add(ticket("acct-1", "b"));
        Credential other = store.add(ticket("acct-2", "c"));
        var cooled = a.withStanding(
                CredentialState.ACTIVE,
                40,
                3,
                Optional.of(T0.plusSeconds(60)),
                Optional.of(T0.plusSeconds(1)),
                "three failures");
        store.saveStanding(cooled);

        assertThat(store.list(source).getFirst()).isEqualTo(cooled);
        assertThat(store.stopAccount(source, "acct-1", "captcha")).isEqualTo(2);
        assertThat(store.list(source))
                .extracting(Credential::id, Credential::state, Credential::note)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(a.id(), CredentialState.STOPPED, "captcha"),
                        org.assertj.core.groups.Tuple.tuple(a.id() + 1, CredentialState.STOPPED, "captcha"),
                        org.assertj.core.groups.Tuple.tuple(other.id(), CredentialState.ACTIVE, ""));
    }
}
