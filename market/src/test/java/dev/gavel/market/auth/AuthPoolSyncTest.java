package dev.gavel.market.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.Secret;
import dev.gavel.core.time.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthPoolSyncTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T10:00:00Z"));

    private static Credential ticket(long id, String account) {
        return Credential.fresh("m26", account, CredentialKind.SESSION_TICKET, Secret.of("t" + id), Optional.empty())
                .withId(id);
    }

    @Test
    void a_sync_adds_what_another_node_stored_drops_what_it_removed_and_takes_its_stops() {
        var repo = new AuthPool.Repository() {
            @Override
            public Credential add(Credential credential) {
                return credential;
            }

            @Override
            public void saveStanding(Credential credential) {}
        };
        var pool = new AuthPool(
                "m26", List.of(ticket(1, "a"), ticket(2, "a")), repo, clock, AuthPool.DEFAULT_MINT_INTERVAL);
        var used = pool.lease(CredentialKind.SESSION_TICKET).orElseThrow();
        var stopped = ticket(2, "a")
                .withStanding(CredentialState.STOPPED, 0, 1, Optional.empty(), Optional.empty(), "captcha elsewhere");

        pool.sync(List.of(ticket(1, "a"), stopped, ticket(3, "b")));

        assertThat(pool.snapshot()).extracting(Credential::id).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(pool.snapshot())
                .filteredOn(c -> c.id() == used.credential().id())
                .singleElement()
                .satisfies(c -> assertThat(c.lastUsedAt())
                        .as("this node's view is kept")
                        .isPresent());
        assertThat(pool.snapshot()).filteredOn(c -> c.id() == 2).singleElement().satisfies(c -> assertThat(c.state())
                .isEqualTo(CredentialState.STOPPED));

        pool.sync(List.of(ticket(3, "b")));
        assertThat(pool.snapshot()).extracting(Credential::id).containsExactly(3L);
    }
}
