package dev.gavel.store.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.store.audit.AuditEntry;
import dev.gavel.store.audit.AuditLog;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wallet linking against a real PostgreSQL: single-use nonces, one wallet per bidder and per bidder a wallet. */
@WithPostgresAndRedis
class IdentityStoreIT {
    private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(10);
    private static final AtomicInteger WALLETS = new AtomicInteger(1);

    private final Database database;
    private final IdentityStore identity;
    private final BidderStore bidders;
    private final AuditLog audit;

    IdentityStoreIT(TestDatabase db) {
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        identity = new IdentityStore(database);
        bidders = new BidderStore(database);
        audit = new AuditLog(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private UUID newBidder() {
        var id = UUID.randomUUID();
        bidders.create(new Bidder(
                id,
                "b" + id.toString().substring(0, 12),
                Optional.empty(),
                Optional.of("x" + id),
                Optional.empty(),
                T0,
                Optional.empty()));
        return id;
    }

    /** A wallet no other test in the class uses: 0x and 40 lower-case hex digits. */
    private static String newWallet() {
        return "0x" + String.format("%040x", 0xabc0000L + WALLETS.getAndIncrement());
    }

    private String issue(UUID bidder, String address, String via, Instant issuedAt, Duration ttl) {
        String nonce = "n" + UUID.randomUUID().toString().replace("-", "");
        identity.issue(new IssuedNonce(
                nonce,
                bidder,
                address,
                "gavel.example wants you to sign in with your Ethereum account:\n" + address + "\n\nNonce: " + nonce,
                via,
                issuedAt,
                issuedAt.plus(ttl),
                Optional.empty()));
        return nonce;
    }

    private String issue(UUID bidder, String address) {
        return issue(bidder, address, "x", T0, TTL);
    }

    private LinkOutcome link(String nonce, UUID bidder, String wallet, boolean relink, Instant now) {
        return identity.link(nonce, bidder, wallet, relink, "x:" + bidder, Map.of("via", "x"), now);
    }

    private LinkOutcome link(String nonce, UUID bidder, String wallet) {
        return link(nonce, bidder, wallet, false, T0.plusSeconds(30));
    }

    private List<AuditEntry> auditOf(UUID bidder) {
        return audit.about("bidder:" + bidder);
    }

    private Optional<String> walletOf(UUID bidder) {
        return bidders.find(bidder).orElseThrow().wallet();
    }

    private boolean used(String nonce) {
        return identity.find(nonce).orElseThrow().usedAt().isPresent();
    }

    /** Links a first wallet and returns it. */
    private String linked(UUID bidder) {
        String wallet = newWallet();
        assertThat(link(issue(bidder, wallet), bidder, wallet)).isInstanceOf(LinkOutcome.Linked.class);
        return wallet;
    }

    @Test
    void a_link_spends_the_nonce_sets_the_wallet_and_is_audited() {
        UUID ada = newBidder();
        String wallet = newWallet();
        String nonce = issue(ada, wallet);
        Instant now = T0.plusSeconds(30);

        var outcome = link(nonce, ada, wallet, false, now);

        assertThat(outcome).isEqualTo(new LinkOutcome.Linked(wallet, Optional.empty()));
        assertThat(walletOf(ada)).contains(wallet);
        assertThat(identity.find(nonce).orElseThrow().usedAt()).contains(now);
        assertThat(bidders.findByWallet(wallet.toUpperCase().replace("0X", "0x")))
                .map(Bidder::id)
                .contains(ada);
        assertThat(auditOf(ada)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("wallet.linked");
            assertThat(e.actor()).isEqualTo("x:" + ada);
            assertThat(e.at()).isEqualTo(now);
            assertThat(e.detailJson()).isEqualTo("{\"via\":\"x\",\"wallet\":\"" + wallet + "\"}");
        });
        assertThat(audit.verify()).isEmpty();
    }

    @Test
    void a_nonce_links_only_once() {
        UUID ada = newBidder();
        String wallet = newWallet();
        String nonce = issue(ada, wallet);
        assertThat(link(nonce, ada, wallet)).isInstanceOf(LinkOutcome.Linked.class);

        assertThat(link(nonce, ada, newWallet(), true, T0.plusSeconds(40))).isEqualTo(new LinkOutcome.NonceUsed());

        assertThat(walletOf(ada)).contains(wallet);
        assertThat(auditOf(ada)).hasSize(1);
    }

    @Test
    void an_expired_nonce_links_nothing_and_stays_unused() {
        UUID ada = newBidder();
        String wallet = newWallet();
        String nonce = issue(ada, wallet);

        assertThat(link(nonce, ada, wallet, false, T0.plus(TTL))).isEqualTo(new LinkOutcome.NonceExpired());
        assertThat(link(nonce, ada, wallet, false, T0.plus(TTL).plusSeconds(1)))
                .isEqualTo(new LinkOutcome.NonceExpired());

        assertThat(used(nonce)).isFalse();
        assertThat(walletOf(ada)).isEmpty();
        assertThat(auditOf(ada)).isEmpty();
        assertThat(link(nonce, ada, wallet, false, T0.plus(TTL).minusMillis(1))).isInstanceOf(LinkOutcome.Linked.class);
    }

    @Test
    void a_nonce_issued_to_another_bidder_links_nothing() {
        UUID ada = newBidder();
        UUID bob = newBidder();
        String wallet = newWallet();
        String adasNonce = issue(ada, wallet);

        assertThat(link(adasNonce, bob, wallet)).isEqualTo(new LinkOutcome.NonceOfAnotherBidder());

        assertThat(used(adasNonce)).isFalse();
        assertThat(walletOf(bob)).isEmpty();
        assertThat(walletOf(ada)).isEmpty();
        assertThat(auditOf(bob)).isEmpty();
    }

    @Test
    void an_unknown_nonce_links_nothing() {
        UUID ada = newBidder();
        String wallet = newWallet();

        assertThat(link("never-issued", ada, wallet)).isEqualTo(new LinkOutcome.UnknownNonce());

        assertThat(identity.find("never-issued")).isEmpty();
        assertThat(walletOf(ada)).isEmpty();
    }

    @Test
    void replacing_a_linked_wallet_must_be_asked_for_and_without_asking_nothing_changes() {
        UUID ada = newBidder();
        String first = linked(ada);
        String second = newWallet();
        String nonce = issue(ada, second);

        assertThat(link(nonce, ada, second, false, T0.plusSeconds(60)))
                .isEqualTo(new LinkOutcome.RelinkRequired(first));

        assertThat(walletOf(ada)).contains(first);
        assertThat(used(nonce)).isFalse();
        assertThat(auditOf(ada)).extracting(AuditEntry::action).containsExactly("wallet.linked");
    }

    @Test
    void a_relink_replaces_the_wallet_and_is_audited_with_the_previous_one() {
        UUID ada = newBidder();
        String first = linked(ada);
        String second = newWallet();
        String nonce = issue(ada, second);

        var outcome = link(nonce, ada, second, true, T0.plusSeconds(60));

        assertThat(outcome).isEqualTo(new LinkOutcome.Linked(second, Optional.of(first)));
        assertThat(walletOf(ada)).contains(second);
        assertThat(used(nonce)).isTrue();
        assertThat(bidders.findByWallet(first)).isEmpty();
        assertThat(auditOf(ada)).extracting(AuditEntry::action).containsExactly("wallet.linked", "wallet.relinked");
        assertThat(auditOf(ada).get(1).detailJson())
                .isEqualTo("{\"via\":\"x\",\"wallet\":\"" + second + "\",\"previousWallet\":\"" + first + "\"}");
        assertThat(audit.verify()).isEmpty();
    }

    @Test
    void a_wallet_linked_to_another_bidder_is_taken_in_any_case() {
        UUID ada = newBidder();
        UUID bob = newBidder();
        String adas = linked(ada);
        String shouted = "0x" + adas.substring(2).toUpperCase();

        String nonce = issue(bob, adas);
        assertThat(link(nonce, bob, adas)).isEqualTo(new LinkOutcome.WalletTaken());
        assertThat(link(nonce, bob, shouted)).isEqualTo(new LinkOutcome.WalletTaken());

        assertThat(used(nonce)).isFalse();
        assertThat(walletOf(bob)).isEmpty();
        assertThat(walletOf(ada)).contains(adas);
        assertThat(auditOf(bob)).isEmpty();
    }

    @Test
    void linking_the_wallet_already_linked_changes_nothing() {
        UUID ada = newBidder();
        String wallet = linked(ada);
        String nonce = issue(ada, wallet);

        assertThat(link(nonce, ada, wallet)).isEqualTo(new LinkOutcome.AlreadyLinked(wallet));
        assertThat(link(nonce, ada, "0x" + wallet.substring(2).toUpperCase(), true, T0.plusSeconds(30)))
                .isEqualTo(new LinkOutcome.AlreadyLinked(wallet));

        assertThat(used(nonce)).isFalse();
        assertThat(auditOf(ada)).hasSize(1);
    }

    @Test
    void the_pending_request_is_the_newest_unused_unexpired_nonce_of_that_flow() {
        UUID ada = newBidder();
        UUID bob = newBidder();
        String wallet = newWallet();
        String older = issue(ada, wallet, "x", T0, TTL);
        String newer = issue(ada, wallet, "x", T0.plusSeconds(60), TTL);
        issue(ada, wallet, "web", T0.plusSeconds(120), TTL);
        issue(ada, wallet, "x", T0.plusSeconds(180), Duration.ofSeconds(60)); // newest, but expired by then
        issue(bob, newWallet(), "x", T0.plusSeconds(240), TTL);
        Instant now = T0.plusSeconds(300);

        assertThat(identity.pending(ada, "x", now).map(IssuedNonce::nonce)).contains(newer);
        var pending = identity.pending(ada, "x", now).orElseThrow();
        assertThat(pending.address()).isEqualTo(wallet);
        assertThat(pending.issuedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(pending.expiresAt()).isEqualTo(T0.plusSeconds(60).plus(TTL));

        assertThat(link(newer, ada, wallet, false, now)).isInstanceOf(LinkOutcome.Linked.class);
        assertThat(identity.pending(ada, "x", now).map(IssuedNonce::nonce)).contains(older);
        assertThat(identity.pending(ada, "x", T0.plus(TTL))).isEmpty();
        assertThat(identity.pending(UUID.randomUUID(), "x", now)).isEmpty();
    }

    @Test
    void two_bidders_linking_one_wallet_at_once_get_it_once() throws Exception {
        for (int round = 0; round < 20; round++) {
            UUID ada = newBidder();
            UUID bob = newBidder();
            String wallet = newWallet();
            String adas = issue(ada, wallet);
            String bobs = issue(bob, wallet);

            var outcomes = race(() -> link(adas, ada, wallet), () -> link(bobs, bob, wallet));

            assertThat(outcomes)
                    .filteredOn(LinkOutcome.Linked.class::isInstance)
                    .hasSize(1);
            assertThat(outcomes)
                    .filteredOn(LinkOutcome.WalletTaken.class::isInstance)
                    .hasSize(1);
            assertThat(bidders.findByWallet(wallet)).isPresent();
            assertThat(used(adas) ^ used(bobs)).isTrue();
        }
        assertThat(audit.verify()).isEmpty();
    }

    @Test
    void one_nonce_used_by_two_requests_at_once_links_once() throws Exception {
        for (int round = 0; round < 20; round++) {
            UUID ada = newBidder();
            String first = newWallet();
            String second = newWallet();
            String nonce = issue(ada, first);

            var outcomes = race(
                    () -> link(nonce, ada, first, true, T0.plusSeconds(5)),
                    () -> link(nonce, ada, second, true, T0.plusSeconds(5)));

            assertThat(outcomes)
                    .filteredOn(LinkOutcome.Linked.class::isInstance)
                    .hasSize(1);
            assertThat(outcomes)
                    .filteredOn(LinkOutcome.NonceUsed.class::isInstance)
                    .hasSize(1);
            assertThat(auditOf(ada)).hasSize(1);
        }
    }

    private static List<LinkOutcome> race(Callable<LinkOutcome> one, Callable<LinkOutcome> two) throws Exception {
        var pool = Executors.newFixedThreadPool(2);
        try {
            var start = new CountDownLatch(1);
            var futures = new ArrayList<Future<LinkOutcome>>();
            for (var task : List.of(one, two)) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            var outcomes = new ArrayList<LinkOutcome>();
            for (var f : futures) {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
