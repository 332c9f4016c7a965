package dev.gavel.store.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.auction.Bidder;
import dev.gavel.store.auction.BidderStore;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit log against a real PostgreSQL: the hash chain, the rules that make it append-only, and bans. */
@WithPostgresAndRedis
class AuditLogIT {
    private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");

    private final TestDatabase db;
    private final Database database;
    private final AuditLog audit;
    private final BidderStore bidders;

    AuditLogIT(TestDatabase db) {
        this.db = db;
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        audit = new AuditLog(database);
        bidders = new BidderStore(database);
    }

    /**
     * verify() walks the whole log, which the class shares: each test starts from an empty one. (TRUNCATE is
     * not covered by the table's rules.)
     */
    @BeforeEach
    void empty_the_log() throws SQLException {
        sql("TRUNCATE audit_log");
    }

    @AfterEach
    void close() {
        database.close();
    }

    private int sql(String statement) throws SQLException {
        try (var c = db.connect();
                var s = c.createStatement()) {
            s.execute(statement);
            return s.getUpdateCount();
        }
    }

    private long count() throws SQLException {
        try (var c = db.connect();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM audit_log")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static final List<Map<String, String>> AWKWARD_DETAILS = List.of(
            Map.of(),
            Map.of("reason", "said \"no\" twice"),
            Map.of("note", "line one\nline two\r\nline three\ttabbed"),
            Map.of("path", "C:\\wallets\\ada"),
            Map.of("who", "Zoë 🦊 李小龍 e\u0301 ﷽"),
            Map.of("control", "bell\u0007 nul\u0000 esc\u001b"),
            Map.of("separators", "line\u2028paragraph\u2029end"),
            Map.of("", ""),
            Map.of("json", "{\"nested\":[1,2,{\"a\":\"b\"}]}"));

    private static String detail(int i) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("n", Integer.toString(i));
        fields.putAll(AWKWARD_DETAILS.get(i % AWKWARD_DETAILS.size()));
        return AuditLog.json(fields);
    }

    @Test
    void entries_chain_and_verify_after_many_appends_with_awkward_details() {
        var written = new ArrayList<String>();
        for (int i = 0; i < 120; i++) {
            String detail = detail(i);
            // nanoseconds are more than PostgreSQL keeps: the chain must still verify
            audit.append(
                    T0.plusSeconds(i).plusNanos(123_456_789), "admin:ops", "test.action", "thing:" + (i % 7), detail);
            written.add(detail);
        }

        assertThat(audit.verify()).isEqualTo(OptionalLong.empty());
        var kept = new ArrayList<String>();
        for (int s = 0; s < 7; s++) {
            audit.about("thing:" + s).forEach(e -> kept.add(e.detailJson()));
        }
        assertThat(kept).containsExactlyInAnyOrderElementsOf(written);
        assertThat(audit.about("thing:3"))
                .extracting(AuditEntry::at)
                .first()
                .isEqualTo(T0.plusSeconds(3).plusNanos(123_456_000));
    }

    @Test
    void json_escapes_what_json_requires_and_keeps_the_rest_as_written() {
        var fields = new LinkedHashMap<String, String>();
        fields.put("q", "say \"hi\"\n");
        fields.put("b", "a\\b");
        fields.put("c", "\u0001\t\r");
        fields.put("u", "🦊é");

        assertThat(AuditLog.json(fields))
                .isEqualTo("{\"q\":\"say \\\"hi\\\"\\n\",\"b\":\"a\\\\b\",\"c\":\"\\u0001\\t\\r\",\"u\":\"🦊é\"}");
        assertThat(AuditLog.json(Map.of())).isEqualTo("{}");
    }

    @Test
    void updates_and_deletes_of_the_log_do_nothing() throws SQLException {
        audit.append(T0, "admin:ops", "bidder.banned", "bidder:1", "{\"reason\":\"spam\"}");
        audit.append(T0.plusSeconds(1), "admin:ops", "bidder.unbanned", "bidder:1", "{}");

        assertThat(sql("UPDATE audit_log SET detail = '{\"reason\":\"nothing\"}', actor = 'nobody'"))
                .isZero();
        assertThat(sql("DELETE FROM audit_log")).isZero();

        assertThat(count()).isEqualTo(2);
        assertThat(audit.about("bidder:1"))
                .extracting(AuditEntry::actor, AuditEntry::detailJson)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("admin:ops", "{\"reason\":\"spam\"}"),
                        org.assertj.core.groups.Tuple.tuple("admin:ops", "{}"));
        assertThat(audit.verify()).isEmpty();
    }

    @Test
    void an_entry_edited_behind_the_rules_back_is_found() throws SQLException {
        for (int i = 0; i < 5; i++) {
            audit.append(T0.plusSeconds(i), "admin:ops", "bidder.banned", "bidder:" + i, "{\"reason\":\"r" + i + "\"}");
        }
        long third = audit.about("bidder:2").get(0).id();

        try {
            sql("ALTER TABLE audit_log DISABLE RULE audit_log_no_update");
            assertThat(sql("UPDATE audit_log SET detail = '{\"reason\":\"forged\"}' WHERE id = " + third))
                    .isEqualTo(1);
        } finally {
            sql("ALTER TABLE audit_log ENABLE RULE audit_log_no_update");
        }

        assertThat(audit.verify()).hasValue(third);

        try {
            sql("ALTER TABLE audit_log DISABLE RULE audit_log_no_update");
            sql("UPDATE audit_log SET detail = '{\"reason\":\"r2\"}' WHERE id = " + third);
        } finally {
            sql("ALTER TABLE audit_log ENABLE RULE audit_log_no_update");
        }
        assertThat(audit.verify()).isEmpty();
    }

    @Test
    void an_entry_removed_from_the_middle_is_found_at_the_next_one() throws SQLException {
        for (int i = 0; i < 5; i++) {
            audit.append(T0.plusSeconds(i), "admin:ops", "wallet.linked", "bidder:" + i, "{}");
        }
        long second = audit.about("bidder:1").get(0).id();
        long third = audit.about("bidder:2").get(0).id();

        try {
            sql("ALTER TABLE audit_log DISABLE RULE audit_log_no_delete");
            assertThat(sql("DELETE FROM audit_log WHERE id = " + second)).isEqualTo(1);
        } finally {
            sql("ALTER TABLE audit_log ENABLE RULE audit_log_no_delete");
        }

        assertThat(audit.verify()).hasValue(third);
    }

    @Test
    void an_entry_with_a_changed_time_or_actor_is_found() throws SQLException {
        for (int i = 0; i < 3; i++) {
            audit.append(T0.plusSeconds(i), "admin:ops", "bidder.banned", "bidder:" + i, "{}");
        }
        long first = audit.about("bidder:0").get(0).id();

        try {
            sql("ALTER TABLE audit_log DISABLE RULE audit_log_no_update");
            sql("UPDATE audit_log SET at = at + interval '1 microsecond' WHERE id = " + first);
        } finally {
            sql("ALTER TABLE audit_log ENABLE RULE audit_log_no_update");
        }

        assertThat(audit.verify()).hasValue(first);
    }

    @Test
    void appends_from_many_threads_at_once_keep_one_linear_chain() throws Exception {
        int threads = 8;
        int each = 25;
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        audit.append(
                                T0.plusMillis(i), "node:" + thread, "test.concurrent", "thread:" + thread, detail(i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (var f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(count()).isEqualTo((long) threads * each);
        assertThat(audit.verify()).isEmpty();
        try (var c = db.connect();
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(DISTINCT prev_hash) FROM audit_log")) {
            rs.next();
            assertThat(rs.getLong(1)).as("no two entries follow the same one").isEqualTo((long) threads * each);
        }
        for (int t = 0; t < threads; t++) {
            assertThat(audit.about("thread:" + t)).hasSize(each);
        }
    }

    // --- bans, which are audited ---

    private UUID newBidder() {
        var id = UUID.randomUUID();
        bidders.create(new Bidder(
                id,
                "b" + id.toString().substring(0, 12),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                T0,
                Optional.empty()));
        return id;
    }

    @Test
    void a_ban_and_an_unban_change_the_bidder_and_are_audited() {
        UUID ada = newBidder();

        assertThat(bidders.setBanned(ada, Optional.of("bot \"farm\""), "admin:ops", T0.plusSeconds(10)))
                .isTrue();
        var banned = bidders.find(ada).orElseThrow();
        assertThat(banned.bannedAt()).contains(T0.plusSeconds(10));
        assertThat(banned.banReason()).contains("bot \"farm\"");

        assertThat(bidders.setBanned(ada, Optional.empty(), "admin:ops", T0.plusSeconds(20)))
                .isTrue();
        var unbanned = bidders.find(ada).orElseThrow();
        assertThat(unbanned.bannedAt()).isEmpty();
        assertThat(unbanned.banReason()).isEmpty();

        assertThat(audit.about("bidder:" + ada))
                .extracting(AuditEntry::action, AuditEntry::detailJson, AuditEntry::at)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "bidder.banned", "{\"reason\":\"bot \\\"farm\\\"\"}", T0.plusSeconds(10)),
                        org.assertj.core.groups.Tuple.tuple("bidder.unbanned", "{}", T0.plusSeconds(20)));
        assertThat(audit.verify()).isEmpty();
    }

    @Test
    void banning_nobody_changes_nothing_and_writes_no_entry() throws SQLException {
        UUID nobody = UUID.randomUUID();

        assertThat(bidders.setBanned(nobody, Optional.of("spam"), "admin:ops", T0))
                .isFalse();

        assertThat(audit.about("bidder:" + nobody)).isEmpty();
        assertThat(count()).isZero();
    }
}
