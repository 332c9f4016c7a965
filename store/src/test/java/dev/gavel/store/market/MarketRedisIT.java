package dev.gavel.store.market;

import static dev.gavel.store.market.Fixtures.T0;
import static dev.gavel.store.market.Fixtures.bid;
import static dev.gavel.store.market.Fixtures.listing;
import static dev.gavel.store.market.Fixtures.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.market.listing.DeltaKind;
import dev.gavel.market.listing.ListingDelta;
import dev.gavel.market.watch.Checkpoint;
import dev.gavel.store.Redis;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import io.lettuce.core.Range;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The market's Redis side: latest-listing cache, the delta stream, the bounded pending-page queue and the alert
 * firings' pub/sub channel.
 */
@WithPostgresAndRedis
class MarketRedisIT {
    private final TestRedis testRedis;
    private final Redis redis;

    MarketRedisIT(TestRedis testRedis) {
        this.testRedis = testRedis;
        redis = Redis.connect(testRedis.uri(), Duration.ofSeconds(2));
    }

    @BeforeEach
    void empty() {
        redis.sync().del(MarketKeys.PENDING, MarketKeys.DELTAS);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    private static PendingPage page(int n) {
        return new PendingPage(
                "m26",
                OptionalLong.of(7),
                Optional.of(new Checkpoint(7, 1, n, T0.plusSeconds(n))),
                List.of(listing("m26", "P" + n, T0.plusSeconds(n))));
    }

    @Test
    void the_latest_listing_is_cached_for_a_day() {
        var a = named(listing("m26", "A", T0), "tab\tnew\nline 🏈");
        var b = bid(listing("m26", "B", T0), 700, T0.plusSeconds(3));

        new MarketCache(redis).putLatest(List.of(a, b));

        var cache = new MarketCache(redis);
        assertThat(cache.latest("m26", "A")).contains(a);
        assertThat(cache.latest("m26", "B")).contains(b);
        assertThat(cache.latest("m26", "C")).isEmpty();
        assertThat(redis.sync().ttl(MarketKeys.listing("m26", "A")))
                .isBetween(
                        Duration.ofDays(1).toSeconds() - 60, Duration.ofDays(1).toSeconds());
    }

    @Test
    void deltas_go_to_the_stream_in_order_with_their_key_and_listing() {
        var first = listing("m26", "A", T0);
        var bid = bid(first, 600, T0.plusSeconds(5));
        var deltas = List.of(
                new ListingDelta(DeltaKind.NEW, first, Optional.empty(), 1),
                new ListingDelta(DeltaKind.NEW_BID, bid, Optional.of(first), 2));

        var ids = new MarketDeltaStream(redis).publish(deltas);

        var entries = redis.sync().xrange(MarketKeys.DELTAS, Range.create("-", "+"));
        assertThat(entries).extracting(e -> e.getId()).containsExactlyElementsOf(ids);
        assertThat(entries.get(1).getBody())
                .containsEntry("kind", "NEW_BID")
                .containsEntry("source", "m26")
                .containsEntry("externalId", "A")
                .containsEntry("version", "2");
        assertThat(ListingJson.read(entries.get(1).getBody().get("listing"))).isEqualTo(bid);
    }

    @Test
    void the_pending_queue_keeps_the_newest_pages_up_to_its_bound_and_drains_oldest_first() {
        var pending = new PendingPages(redis, 3);
        long dropped = 0;
        for (int n = 1; n <= 5; n++) {
            dropped += pending.push(page(n));
        }

        assertThat(dropped).isEqualTo(2);
        assertThat(pending.size()).isEqualTo(3);
        var drained = new ArrayList<PendingPage>();
        assertThat(pending.drain(drained::add)).isEqualTo(3);
        assertThat(drained).containsExactly(page(3), page(4), page(5));
        assertThat(pending.size()).isZero();
        assertThat(pending.drain(drained::add)).isZero();
    }

    @Test
    void a_drain_stops_at_the_first_failure_and_keeps_that_page_for_the_next() {
        var pending = new PendingPages(redis);
        for (int n = 1; n <= 4; n++) {
            pending.push(page(n));
        }
        var stored = new ArrayList<PendingPage>();

        int first = pending.drain(p -> {
            if (p.equals(page(3))) {
                throw new IllegalStateException("PostgreSQL is still down");
            }
            stored.add(p);
        });

        assertThat(first).isEqualTo(2);
        assertThat(stored).containsExactly(page(1), page(2));
        assertThat(pending.size()).isEqualTo(2);

        assertThat(pending.drain(stored::add)).isEqualTo(2);
        assertThat(stored).containsExactly(page(1), page(2), page(3), page(4));
        assertThat(pending.size()).isZero();
    }

    @Test
    void a_page_that_does_not_parse_is_dropped_and_the_rest_drain() {
        var pending = new PendingPages(redis);
        redis.sync().lpush(MarketKeys.PENDING, "{not json");
        pending.push(page(1));
        var stored = new ArrayList<PendingPage>();

        assertThat(pending.drain(stored::add)).isEqualTo(1);

        assertThat(stored).containsExactly(page(1));
        assertThat(pending.size()).isZero();
    }

    @Test
    void alert_firings_reach_every_subscribed_node_with_their_owners_and_ids() throws Exception {
        String node = "node-" + java.util.UUID.randomUUID();
        var owner = java.util.UUID.randomUUID();
        var here = new java.util.concurrent.LinkedBlockingQueue<List<AlertEventChannel.Fired>>();
        var there = new java.util.concurrent.LinkedBlockingQueue<List<AlertEventChannel.Fired>>();
        try (var other = Redis.connect(testRedis.uri(), Duration.ofSeconds(2))) {
            var a = new AlertEventChannel(redis).subscribe((from, events) -> {
                if (from.equals(node)) {
                    here.add(events);
                }
            });
            var b = new AlertEventChannel(other).subscribe((from, events) -> {
                if (from.equals(node)) {
                    there.add(events);
                }
            });
            // the channel is shared by every database of this Redis: a stranger's garbage is skipped
            redis.sync().publish(MarketKeys.ALERTS, "{\"node\":\"" + node + "\",\"events\":[{\"owner\":\"x\"}]}");
            var fired = List.of(new AlertEventChannel.Fired(owner, 41), new AlertEventChannel.Fired(owner, 42));

            long receivers = new AlertEventChannel(redis)
                    .publish(node, fired)
                    .toCompletableFuture()
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(receivers).isGreaterThanOrEqualTo(2);
            assertThat(here.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(fired);
            assertThat(there.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(fired);
            assertThat(here).isEmpty();
            a.close();
            b.close();
        }
    }
}
