package dev.gavel.server.market.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.Role;
import dev.gavel.market.alert.Alert;
import dev.gavel.market.alert.NewAlert;
import dev.gavel.market.catalog.Game;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.market.AlertStore;
import dev.gavel.store.market.CatalogStore;
import dev.gavel.store.users.NewUser;
import dev.gavel.store.users.UserStore;
import dev.gavel.testkit.TestDatabase;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A migrated database with no alerts in it, and users, cards and alerts made on request. */
final class AlertFixture implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final Database database;
    final AlertStore alerts;
    final UserStore users;
    private final CatalogStore catalog;
    private final Clock clock;

    AlertFixture(TestDatabase db, Clock clock) {
        this.clock = clock;
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        // the test class shares one database: each test starts with no alerts (dispatchers take every due delivery)
        database.jdbi().useHandle(h -> h.execute("TRUNCATE alerts, alert_events, alert_deliveries CASCADE"));
        alerts = new AlertStore(database.jdbi(), clock);
        users = new UserStore(database.jdbi());
        catalog = new CatalogStore(database.jdbi(), clock);
    }

    UUID user(String name) {
        UUID id = UUID.randomUUID();
        users.create(new NewUser(id, name + "-" + id + "@example.com", "h", Set.of(Role.VIEWER), clock.instant()));
        return id;
    }

    long card(String name) {
        return catalog.upsertAll(List.of(new dev.gavel.market.catalog.CatalogEntry(
                        Game.POKEMON,
                        "tcgplayer",
                        name + "-" + UUID.randomUUID(),
                        Optional.of("sv3pt5"),
                        Optional.of("151"),
                        Optional.empty(),
                        Optional.of("199/165"),
                        name,
                        Optional.empty(),
                        Optional.empty())))
                .get(0);
    }

    /** An alert from its API form, such as {@code {"itemId":1,"condition":{…},"channels":[…]}}. */
    Alert alert(UUID owner, String json) {
        try {
            return alerts.create(owner, NewAlert.parse(MAPPER.readTree(json)).orElseThrow())
                    .orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
