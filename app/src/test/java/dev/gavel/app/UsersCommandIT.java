package dev.gavel.app;

import static dev.gavel.app.CliTest.gavel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code gavel db migrate} and {@code gavel users create} against a real PostgreSQL. */
@WithPostgresAndRedis
class UsersCommandIT {
    private final Map<String, String> env;

    UsersCommandIT(TestDatabase db) {
        this.env = Map.of("GAVEL_DB_URL", db.url(), "GAVEL_DB_USER", db.user());
    }

    @Test
    void migrate_then_create_an_admin_then_refuse_the_same_address() {
        var migrate = gavel(env, "db", "migrate");
        assertThat(migrate.code()).as(migrate.err()).isZero();
        assertThat(migrate.out().strip()).matches("applied \\d+ migration\\(s\\); schema version \\d+");
        assertThat(gavel(env, "db", "migrate").out()).contains("schema already up to date");

        var created = gavel(
                env,
                "users",
                "create",
                "--email",
                "ops@example.com",
                "--role",
                "admin,operator",
                "--password=ops password 1");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out())
                .contains("created ops@example.com")
                .contains("ADMIN")
                .contains("OPERATOR");

        var again = gavel(
                env, "users", "create", "--email", "OPS@example.com", "--role", "viewer", "--password=ops password 1");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
    }
}
