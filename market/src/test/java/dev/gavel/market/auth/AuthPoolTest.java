package dev.gavel.market.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.core.Secret;
import dev.gavel.core.time.MutableClock;
import dev.gavel.market.auth.AuthPool.Lease;
import dev.gavel.market.auth.AuthPool.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthPoolTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final CredentialKind TICKET = CredentialKind.SESSION_TICKET;

    /** The store's part, in memory: ids in order of adding, every saved standing kept. */
    static final class MemoryRepository implements AuthPool.Repository {
        final List<Credential> saved = new ArrayList<>();
        long next = 100;

        @Override
        public Credential add(Credential credential) {
            return credential.withId(next++);
        }

        @Override
        public void saveStanding(Credential credential) {
            saved.add(credential);
        }
    }

    private final MutableClock clock = MutableClock.at(T0);
    private final MemoryRepository repository = new MemoryRepository();

    static Credential credential(long id, String account, CredentialKind kind, int health) {
        return new Credential(
                id,
                "m26",
                account,
                kind,
                Secret.of("s" + id),
                Optional.empty(),
                CredentialState.ACTIVE,
                health,
                0,
                Optional.empty(),
                Optional.empty(),
                "");
    }

    static Credential ticket(long id, String account) {
        return credential(id, account, TICKET, 100);
    }

    private AuthPool pool(Credential... initial) {
        return new AuthPool("m26", List.of(initial), repository, clock, AuthPool.DEFAULT_MINT_INTERVAL);
    }

    private static long leasedId(AuthPool pool) {
        return pool.lease(TICKET).orElseThrow().credential().id();
    }

    private Credential standing(AuthPool pool, long id) {
        return pool.snapshot().stream().filter(c -> c.id() == id).findFirst().orElseThrow();
    }

    @Test
    void leases_rotate_through_tickets_least_recently_used_first() {
        var pool = pool(ticket(1, "a"), ticket(2, "a"), ticket(3, "b"));
        var order = new ArrayList<Long>();
        for (int i = 0; i < 7; i++) {
            order.add(leasedId(pool));
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(order).containsExactly(1L, 2L, 3L, 1L, 2L, 3L, 1L);
    }

    @Test
    void among_equally_recent_tickets_the_healthiest_then_the_lowest_id_goes_first() {
        var pool = pool(
                credential(5, "a", TICKET, 60),
                credential(4, "a", TICKET, 90),
                credential(3, "a", TICKET, 90),
                credential(1, "a", TICKET, 10));

        var order = new ArrayList<Long>();
        for (int i = 0; i < 4; i++) {
            order.add(leasedId(pool));
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(order).containsExactly(3L, 4L, 5L, 1L);
    }

    @Test
    void a_lease_is_only_of_the_kind_asked_and_marks_the_credential_used() {
        var pool = pool(credential(1, "a", CredentialKind.REFRESH_TOKEN, 100), ticket(2, "a"));

        Lease lease = pool.lease(TICKET).orElseThrow();

        assertThat(lease.credential().id()).isEqualTo(2);
        assertThat(lease.account()).isEqualTo("a");
        assertThat(lease.at()).isEqualTo(T0);
        assertThat(standing(pool, 2).lastUsedAt()).contains(T0);
        assertThat(pool.lease(CredentialKind.ACCESS_TOKEN)).isEmpty();
    }

    @Test
    void an_expired_ticket_is_not_leased_and_is_saved_as_expired() {
        var expiring = new Credential(
                1,
                "m26",
                "a",
                TICKET,
                Secret.of("s"),
                Optional.of(T0.plusSeconds(60)),
                CredentialState.ACTIVE,
                100,
                0,
                Optional.empty(),
                Optional.empty(),
                "");
        var pool = pool(expiring, ticket(2, "a"));

        assertThat(leasedId(pool)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(60));

        assertThat(leasedId(pool)).isEqualTo(2);
        assertThat(leasedId(pool)).isEqualTo(2);
        assertThat(standing(pool, 1).state()).isEqualTo(CredentialState.EXPIRED);
        assertThat(repository.saved).extracting(Credential::id).containsExactly(1L);
        assertThat(repository.saved.get(0).note()).contains("expired");
    }

    @Test
    void a_401_retires_a_ticket() {
        var pool = pool(ticket(1, "a"), ticket(2, "a"));
        var lease = pool.lease(TICKET).orElseThrow();

        pool.report(lease, Outcome.UNAUTHORIZED, Optional.empty());

        assertThat(standing(pool, 1).state()).isEqualTo(CredentialState.EXPIRED);
        assertThat(standing(pool, 1).health()).isEqualTo(50);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofHours(1));
            assertThat(leasedId(pool)).isEqualTo(2);
        }
        assertThat(repository.saved).extracting(Credential::state).containsExactly(CredentialState.EXPIRED);
    }

    @Test
    void a_401_on_a_refresh_token_cools_it_down_instead_of_retiring_it() {
        var pool = pool(credential(1, "a", CredentialKind.REFRESH_TOKEN, 100));
        var lease = pool.lease(CredentialKind.REFRESH_TOKEN).orElseThrow();

        pool.report(lease, Outcome.UNAUTHORIZED, Optional.empty());

        assertThat(standing(pool, 1).state()).isEqualTo(CredentialState.ACTIVE);
        assertThat(pool.find("a", CredentialKind.REFRESH_TOKEN)).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(pool.find("a", CredentialKind.REFRESH_TOKEN)).isPresent();
    }

    @Test
    void a_429_cools_the_ticket_down_for_the_retry_after_time() {
        var pool = pool(ticket(1, "a"));
        pool.report(pool.lease(TICKET).orElseThrow(), Outcome.RATE_LIMITED, Optional.of(Duration.ofSeconds(90)));

        clock.advance(Duration.ofSeconds(89));
        assertThat(pool.lease(TICKET)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(pool.lease(TICKET)).isPresent();
    }

    @Test
    void a_429_without_retry_after_backs_off_longer_each_time() {
        var pool = pool(ticket(1, "a"));
        var waits = new ArrayList<Duration>();
        for (int i = 0; i < 8; i++) {
            pool.report(pool.lease(TICKET).orElseThrow(), Outcome.RATE_LIMITED, Optional.empty());
            Instant until = standing(pool, 1).coolDownUntil().orElseThrow();
            waits.add(Duration.between(clock.instant(), until));
            clock.set(until);
        }

        assertThat(waits)
                .containsExactly(
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(120),
                        Duration.ofSeconds(240),
                        Duration.ofSeconds(480),
                        Duration.ofMinutes(15),
                        Duration.ofMinutes(15),
                        Duration.ofMinutes(15));
    }

    @Test
    void a_retry_after_longer_than_the_longest_cool_down_waits_the_longest_cool_down_not_a_short_back_off() {
        var pool = pool(ticket(1, "a"));
        pool.report(pool.lease(TICKET).orElseThrow(), Outcome.RATE_LIMITED, Optional.of(Duration.ofHours(1)));

        clock.advance(Duration.ofMinutes(14));
        assertThat(pool.lease(TICKET)).isEmpty();
        clock.advance(Duration.ofMinutes(1));
        assertThat(pool.lease(TICKET)).isPresent();
    }

    @Test
    void three_transient_failures_in_a_row_cool_the_ticket_down() {
        var pool = pool(ticket(1, "a"));
        pool.report(pool.lease(TICKET).orElseThrow(), Outcome.TRANSIENT, Optional.empty());
        pool.report(pool.lease(TICKET).orElseThrow(), Outcome.TRANSIENT, Optional.empty());
        assertThat(standing(pool, 1).coolDownUntil()).isEmpty();
        assertThat(standing(pool, 1).health()).isEqualTo(80);

        pool.report(pool.lease(TICKET).orElseThrow(), Outcome.TRANSIENT, Optional.empty());

        assertThat(pool.lease(TICKET)).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(pool.lease(TICKET)).isPresent();
    }

    @Test
    void an_ok_restores_failures_and_cool_down_and_raises_health() {
        var pool = pool(ticket(1, "a"));
        pool.report(pool.lease(TICKET).orElseThrow(), Outcome.TRANSIENT, Optional.empty());
        pool.report(pool.lease(TICKET).orElseThrow(), Outcome.TRANSIENT, Optional.empty());
        pool.report(pool.lease(TICKET).orElseThrow(), Outcome.OK, Optional.empty());
        pool.report(pool.lease(TICKET).orElseThrow(), Outcome.TRANSIENT, Optional.empty());
        pool.report(pool.lease(TICKET).orElseThrow(), Outcome.TRANSIENT, Optional.empty());

        assertThat(pool.lease(TICKET))
                .as("two failures after an OK do not cool down")
                .isPresent();
        var c = standing(pool, 1);
        assertThat(c.failures()).isEqualTo(2);
        assertThat(c.health()).isEqualTo(65);
        int saves = repository.saved.size();
        pool.report(pool.lease(TICKET).orElseThrow(), Outcome.OK, Optional.empty());
        assertThat(standing(pool, 1).failures()).isZero();
        assertThat(standing(pool, 1).coolDownUntil()).isEmpty();
        assertThat(repository.saved).hasSize(saves + 1);
    }

    @Test
    void an_ok_on_a_healthy_ticket_writes_nothing() {
        var pool = pool(ticket(1, "a"));

        pool.report(pool.lease(TICKET).orElseThrow(), Outcome.OK, Optional.empty());

        assertThat(repository.saved).isEmpty();
        assertThat(standing(pool, 1).health()).isEqualTo(100);
    }

    @Test
    void a_captcha_stops_every_credential_of_that_account_but_not_other_accounts() {
        var pool = pool(
                ticket(1, "a"),
                ticket(2, "a"),
                credential(3, "a", CredentialKind.REFRESH_TOKEN, 100),
                ticket(4, "b"),
                credential(5, "b", CredentialKind.REFRESH_TOKEN, 100));
        var lease = pool.lease(TICKET).orElseThrow();
        assertThat(lease.account()).isEqualTo("a");

        pool.report(lease, Outcome.CAPTCHA, Optional.empty());

        assertThat(pool.snapshot()).filteredOn(c -> c.account().equals("a")).allSatisfy(c -> {
            assertThat(c.state()).isEqualTo(CredentialState.STOPPED);
            assertThat(c.note()).contains("captcha");
        });
        assertThat(pool.snapshot()).filteredOn(c -> c.account().equals("b")).allSatisfy(c -> assertThat(c.state())
                .isEqualTo(CredentialState.ACTIVE));
        assertThat(pool.liveAccounts()).containsExactly("b");
        assertThat(pool.find("a", CredentialKind.REFRESH_TOKEN)).isEmpty();
        assertThat(pool.find("b", CredentialKind.REFRESH_TOKEN)).isPresent();
        assertThat(repository.saved).extracting(Credential::id).containsExactlyInAnyOrder(1L, 2L, 3L);
    }

    @Test
    void a_stopped_account_is_never_leased_even_much_later() {
        var pool = pool(ticket(1, "a"), ticket(2, "a"), ticket(3, "b"));
        pool.stopAccount("a", "banned");

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofDays(1));
            assertThat(leasedId(pool)).isEqualTo(3);
        }
        assertThat(pool.leasable(TICKET)).isEqualTo(1);
        assertThat(pool.leasable("a", TICKET)).isZero();
    }

    @Test
    void a_ticket_minted_for_an_account_stopped_meanwhile_is_not_leased() {
        var pool = pool(ticket(1, "a"), ticket(3, "b"));
        pool.stopAccount("a", "captcha");

        var minted = pool.add(Credential.fresh("m26", "a", TICKET, Secret.of("late"), Optional.empty()));

        assertThat(minted.id()).isEqualTo(100);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(leasedId(pool)).isEqualTo(3);
        }
        assertThat(pool.leasable("a", TICKET)).isZero();
        assertThat(pool.find("a", TICKET)).isEmpty();
    }

    @Test
    void a_late_report_on_a_stopped_ticket_does_not_unstop_it() {
        var pool = pool(ticket(1, "a"), ticket(2, "a"));
        var first = pool.lease(TICKET).orElseThrow();
        var second = pool.lease(TICKET).orElseThrow();
        pool.report(first, Outcome.CAPTCHA, Optional.empty());

        pool.report(second, Outcome.UNAUTHORIZED, Optional.empty());
        pool.report(second, Outcome.OK, Optional.empty());
        pool.report(second, Outcome.RATE_LIMITED, Optional.of(Duration.ofSeconds(5)));

        assertThat(standing(pool, 2).state()).isEqualTo(CredentialState.STOPPED);
        assertThat(standing(pool, 2).note()).contains("captcha");
    }

    @Test
    void a_report_on_a_credential_the_pool_does_not_hold_is_ignored() {
        var pool = pool(ticket(1, "a"));

        pool.report(new Lease(ticket(9, "z"), T0), Outcome.CAPTCHA, Optional.empty());

        assertThat(pool.liveAccounts()).containsExactly("a");
        assertThat(repository.saved).isEmpty();
    }

    @Test
    void at_most_one_mint_is_claimed_per_ten_seconds() {
        var pool = pool(ticket(1, "a"));

        assertThat(pool.tryClaimMint()).isTrue();
        assertThat(pool.tryClaimMint()).isFalse();
        assertThat(pool.nextMintAt()).isEqualTo(T0.plusSeconds(10));
        clock.advance(Duration.ofMillis(9_999));
        assertThat(pool.tryClaimMint()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(pool.tryClaimMint()).isTrue();
        assertThat(pool.tryClaimMint()).isFalse();
    }

    @Test
    void the_first_mint_is_allowed_whatever_the_clock_says() {
        clock.set(Instant.EPOCH.plusSeconds(3));
        var pool = pool(ticket(1, "a"));

        assertThat(pool.tryClaimMint()).isTrue();
        assertThat(pool.tryClaimMint()).isFalse();
    }

    @Test
    void the_summary_counts_each_credential_once_per_state() {
        var expiring = new Credential(
                5,
                "m26",
                "c",
                TICKET,
                Secret.of("s"),
                Optional.of(T0.plusSeconds(10)),
                CredentialState.ACTIVE,
                100,
                0,
                Optional.empty(),
                Optional.empty(),
                "");
        var stoppedAndPast = new Credential(
                6,
                "m26",
                "d",
                TICKET,
                Secret.of("s"),
                Optional.of(T0.plusSeconds(10)),
                CredentialState.ACTIVE,
                100,
                0,
                Optional.empty(),
                Optional.empty(),
                "");
        var pool = pool(
                ticket(1, "a"),
                ticket(2, "a"),
                ticket(3, "b"),
                ticket(4, "b"),
                expiring,
                stoppedAndPast,
                credential(7, "a", CredentialKind.REFRESH_TOKEN, 100));
        pool.report(new Lease(standing(pool, 2), T0), Outcome.RATE_LIMITED, Optional.of(Duration.ofMinutes(1)));
        pool.report(new Lease(standing(pool, 3), T0), Outcome.UNAUTHORIZED, Optional.empty());
        pool.stopAccount("d", "banned");
        clock.advance(Duration.ofSeconds(10));

        var summary = pool.summary();

        assertThat(summary).containsOnlyKeys(TICKET, CredentialKind.REFRESH_TOKEN);
        // 1 leasable, 2 cooling, 3 refused, 4 leasable, 5 past its expiry, 6 stopped
        assertThat(summary.get(TICKET)).isEqualTo(new AuthPool.Summary(3, 2, 1, 2, 1));
        assertThat(summary.get(CredentialKind.REFRESH_TOKEN)).isEqualTo(new AuthPool.Summary(1, 1, 0, 0, 0));
    }

    @Test
    void a_credential_of_another_source_is_refused() {
        var other = new Credential(
                1,
                "ebay",
                "a",
                TICKET,
                Secret.of("s"),
                Optional.empty(),
                CredentialState.ACTIVE,
                100,
                0,
                Optional.empty(),
                Optional.empty(),
                "");

        assertThatThrownBy(() -> pool(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ebay");
    }

    @Test
    void health_stays_between_zero_and_one_hundred() {
        var pool = pool(ticket(1, "a"));
        for (int i = 0; i < 20; i++) {
            pool.report(
                    pool.lease(TICKET).orElse(new Lease(standing(pool, 1), T0)), Outcome.TRANSIENT, Optional.empty());
        }
        assertThat(standing(pool, 1).health()).isZero();
        for (int i = 0; i < 30; i++) {
            pool.report(new Lease(standing(pool, 1), T0), Outcome.OK, Optional.empty());
        }
        assertThat(standing(pool, 1).health()).isEqualTo(100);
        assertThatThrownBy(() -> credential(2, "a", TICKET, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
