package dev.gavel.server.x;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.Secret;
import dev.gavel.core.time.MutableClock;
import dev.gavel.sim.x.XSimulator;
import dev.gavel.social.x.XClient;
import dev.gavel.social.x.XSettings;
import dev.gavel.store.Database;
import dev.gavel.store.DatabaseSettings;
import dev.gavel.store.x.OutboxEntry;
import dev.gavel.store.x.XOutbox;
import dev.gavel.testkit.TestDatabase;
import dev.gavel.testkit.WithPostgresAndRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender against the X simulator: posting limits, unknown outcomes, stale and refused posts. */
@WithPostgresAndRedis
class XReplySenderIT {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-21T19:00:00Z"));
    private Database database;
    private XOutbox outbox;
    private XSimulator x;
    private XReplySender sender;

    @BeforeEach
    void setUp(TestDatabase db) throws Exception {
        database = Database.open(DatabaseSettings.of(db.url(), db.user(), db.password()));
        database.migrate();
        try (var c = database.dataSource().getConnection();
                var s = c.createStatement()) {
            s.execute("TRUNCATE x_outbox");
        }
        outbox = new XOutbox(database);
        x = XSimulator.start(0, clock, "gavelhost");
        var settings = new XSettings(
                x.baseUrl(),
                Secret.of("app"),
                Optional.of(Secret.of("user")),
                Duration.ofSeconds(5),
                2,
                Duration.ofMillis(10),
                Duration.ZERO); // never wait inside the client: the sender schedules around limits
        var client = new XClient(settings, clock, d -> clock.advance(d));
        sender = new XReplySender(client, outbox, x.hostId(), clock, Duration.ofSeconds(1), new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() {
        sender.close();
        x.close();
        database.close();
    }

    @Test
    void a_spent_posting_limit_holds_replies_until_its_reset_and_then_sends_each_once() {
        x.postLimit(3);
        var fan = x.user("fan", clock.instant().minus(Duration.ofDays(100)));
        var posts = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            posts.add(x.post(fan.id(), "bid " + (i + 1) + " ETH #T", Optional.empty())
                    .id());
        }
        outbox.enqueue(posts.stream().map(this::replyTo).toList());

        assertThat(sender.sendDue()).isEqualTo(3);
        assertThat(sender.sendDue()).as("paused until the window resets").isZero();
        assertThat(outbox.counts().get("queued")).isEqualTo(2);

        clock.advance(Duration.ofMinutes(16));
        assertThat(sender.sendDue()).isEqualTo(2);
        var replies = x.hostPosts().stream()
                .collect(Collectors.groupingBy(p -> p.inReplyTo().orElseThrow(), Collectors.counting()));
        assertThat(replies).containsOnlyKeys(posts).allSatisfy((post, n) -> assertThat(n)
                .isEqualTo(1L));
    }

    @Test
    void after_an_attempt_with_an_unknown_outcome_an_existing_reply_is_recorded_instead_of_posting_again() {
        var fan = x.user("fan", clock.instant().minus(Duration.ofDays(100)));
        String post = x.post(fan.id(), "bid 1 ETH #T", Optional.empty()).id();
        outbox.enqueue(List.of(replyTo(post)));
        // an earlier attempt reached X, but the process died before recording it
        var claimed = outbox.claim(1, clock.instant(), Duration.ofMinutes(2));
        var earlier = x.post(x.hostId(), claimed.get(0).entry().text(), Optional.of(post));
        clock.advance(Duration.ofMinutes(3)); // the claim lapses

        assertThat(sender.sendDue()).isEqualTo(1);

        assertThat(x.hostPosts()).hasSize(1);
        assertThat(outbox.find("decision:" + post).orElseThrow().postedId()).contains(earlier.id());
    }

    @Test
    void a_stale_announcement_and_a_reply_to_a_deleted_post_are_skipped_with_the_reason() {
        outbox.enqueue(List.of(
                new OutboxEntry(
                        "announce:warn",
                        "WARNING",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "10 minutes left",
                        clock.instant(),
                        Optional.of(clock.instant().plusSeconds(60))),
                replyTo("999999999999")));
        clock.advance(Duration.ofMinutes(2));

        assertThat(sender.sendDue()).isZero();

        assertThat(x.hostPosts()).isEmpty();
        assertThat(outbox.find("announce:warn").orElseThrow().lastError())
                .hasValueSatisfying(e -> assertThat(e).startsWith("stale"));
        assertThat(outbox.find("decision:999999999999").orElseThrow().lastError())
                .hasValueSatisfying(e -> assertThat(e).contains("X refused it (400)"));
        assertThat(outbox.counts().get("skipped")).isEqualTo(2);
    }

    private OutboxEntry replyTo(String postId) {
        return new OutboxEntry(
                "decision:" + postId,
                "DECISION",
                Optional.empty(),
                Optional.of(postId),
                Optional.empty(),
                "Bid accepted on #T (" + postId + ")",
                clock.instant(),
                Optional.empty());
    }
}
