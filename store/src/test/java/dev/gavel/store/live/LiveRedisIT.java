package dev.gavel.store.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.auction.AuctionState;
import dev.gavel.auction.AuctionStatus;
import dev.gavel.auction.AuctionTerms;
import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidSequencer;
import dev.gavel.auction.BidSource;
import dev.gavel.auction.BidderFunds;
import dev.gavel.auction.Eligibility;
import dev.gavel.core.money.Wei;
import dev.gavel.store.Redis;
import dev.gavel.testkit.TestRedis;
import dev.gavel.testkit.WithPostgresAndRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@WithPostgresAndRedis
class LiveRedisIT {
    private static final Instant T0 = Instant.parse("2026-11-21T19:00:00Z");
    private final Redis redis;

    LiveRedisIT(TestRedis testRedis) {
        redis = Redis.connect(testRedis.uri(), Duration.ofSeconds(2));
    }

    private static BidCommand bid(String key, String eth) {
        return new BidCommand(
                new BidKey(BidSource.X, key), new UUID(1, 1), new UUID(2, 2), Wei.ofEth(eth), T0, T0.plusSeconds(1));
    }

    @Test
    void one_node_holds_a_lease_and_each_new_holder_gets_a_larger_token() {
        var auction = UUID.randomUUID();
        var a = new AuctionLeases(redis, "node-a", Duration.ofSeconds(5));
        var b = new AuctionLeases(redis, "node-b", Duration.ofSeconds(5));

        var first = a.acquire(auction).orElseThrow();
        assertThat(b.acquire(auction)).isEmpty();
        assertThat(a.acquire(auction)).contains(first); // re-acquiring your own lease keeps its token
        assertThat(a.renew(first)).isTrue();

        a.release(first);
        var second = b.acquire(auction).orElseThrow();
        assertThat(second.token()).isGreaterThan(first.token());
        assertThat(a.renew(first)).isFalse();
    }

    @Test
    void a_bid_read_but_not_acknowledged_is_redelivered_and_a_bad_entry_goes_to_the_dead_letters() {
        var intake = new BidIntakeStream(redis);
        intake.ensureGroup();
        intake.ensureGroup(); // twice is fine
        var original = bid("1860000000000000001", "2.5");
        intake.publish(original);
        redis.sync().xadd(Keys.INTAKE, java.util.Map.of("source", "FAX", "externalId", "x"));

        List<IntakeMessage> read;
        try (var connection = redis.dedicated()) {
            read = intake.read(connection, "node-a", 10, Duration.ofMillis(500));
        }
        assertThat(read).hasSize(2);
        assertThat(read.get(0).command()).contains(original);
        assertThat(read.get(1).command()).isEmpty();
        assertThat(read.get(1).problem()).contains("malformed");

        intake.deadLetter(read.get(1), read.get(1).problem(), T0);
        assertThat(intake.deadLetters()).isEqualTo(1);

        // node-a died before acknowledging the first: node-b claims it after it has been idle long enough
        var claimed = intake.claimStale("node-b", Duration.ZERO, 10);
        assertThat(claimed).extracting(IntakeMessage::command).containsExactly(Optional.of(original));
        intake.ack(List.of(claimed.get(0).id()));
        assertThat(intake.claimStale("node-b", Duration.ZERO, 10)).isEmpty();
    }

    @Test
    void the_live_view_follows_committed_state_and_rebuilds_from_the_log() {
        var auctionId = UUID.randomUUID();
        var campaign = UUID.randomUUID();
        var state = AuctionState.planned(
                        auctionId, T0, T0.plusSeconds(600), AuctionTerms.defaults(Wei.ofEth("1"), Wei.ofEth("1")))
                .withStatus(AuctionStatus.ACTIVE);
        var sequencer = new BidSequencer(state, id -> BidderFunds.empty(id).deposit(Wei.ofEth("100")));
        var d1 = sequencer
                .decide(
                        new BidCommand(
                                new BidKey(BidSource.API, "v1"),
                                auctionId,
                                new UUID(3, 3),
                                Wei.ofEth("2"),
                                T0.plusSeconds(5),
                                T0.plusSeconds(5)),
                        Eligibility.OK,
                        T0.plusSeconds(5))
                .record();
        var d2 = sequencer
                .decide(
                        new BidCommand(
                                new BidKey(BidSource.API, "v2"),
                                auctionId,
                                new UUID(4, 4),
                                Wei.ofEth("2.5"),
                                T0.plusSeconds(6),
                                T0.plusSeconds(6)),
                        Eligibility.OK,
                        T0.plusSeconds(6))
                .record();
        var view = new LiveView(redis);
        var place = new LiveView.Place(auctionId, Optional.of(campaign), Optional.of(3));

        view.update(place, sequencer.state(), List.of(d1, d2));

        var current = view.current(place);
        assertThat(current)
                .containsEntry("status", "ACTIVE")
                .containsEntry("highestAmount", "2.5")
                .containsEntry("bidCount", "2");
        assertThat(current).containsEntry("minNextBid", "2.625");
        assertThat(redis.sync().hgetall(Keys.day(campaign.toString(), 3))).isEqualTo(current);
        assertThat(redis.sync().zrevrange(Keys.bids(auctionId), 0, 0))
                .containsExactly(d2.bidId().toString());

        redis.sync().del(Keys.current(campaign.toString()), Keys.bids(auctionId));
        view.rebuild(place, sequencer.state(), sequencer.log());
        assertThat(view.current(place)).isEqualTo(current);
        assertThat(redis.sync().zcard(Keys.bids(auctionId))).isEqualTo(2);
    }
}
