package dev.gavel.market.listing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeltasTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Instant END = T0.plusSeconds(600);

    static Listing listing(ListingState state, long currentBid, long buyNow, int bids) {
        return listing(state, currentBid, buyNow, bids, END, T0);
    }

    static Listing listing(
            ListingState state, long currentBid, long buyNow, int bids, Instant endsAt, Instant observedAt) {
        return new Listing(
                "m26",
                "1001",
                "77",
                "Micah Parsons",
                state,
                Currency.COINS,
                currentBid > 0 ? OptionalLong.of(currentBid) : OptionalLong.empty(),
                buyNow > 0 ? OptionalLong.of(buyNow) : OptionalLong.empty(),
                OptionalLong.of(500),
                bids,
                endsAt,
                observedAt);
    }

    static Listing active() {
        return listing(ListingState.ACTIVE, 1200, 5000, 3);
    }

    static Optional<DeltaKind> between(Listing before, Listing after) {
        return Deltas.between(Optional.of(before), after);
    }

    @Test
    void a_listing_never_seen_is_new() {
        assertThat(Deltas.between(Optional.empty(), active())).contains(DeltaKind.NEW);
    }

    @Test
    void the_same_facts_seen_later_are_no_delta() {
        var later = active().withObservedAt(T0.plusSeconds(60));

        assertThat(between(active(), later)).isEmpty();
        assertThat(active().sameFactsAs(later)).isTrue();
    }

    @Test
    void an_end_time_drifting_by_a_few_seconds_is_no_delta_but_a_larger_move_is_a_change() {
        var later = T0.plusSeconds(30);

        assertThat(between(active(), listing(ListingState.ACTIVE, 1200, 5000, 3, END.plusSeconds(5), later)))
                .isEmpty();
        assertThat(between(active(), listing(ListingState.ACTIVE, 1200, 5000, 3, END.minusSeconds(5), later)))
                .isEmpty();
        assertThat(between(active(), listing(ListingState.ACTIVE, 1200, 5000, 3, END.minusSeconds(6), later)))
                .contains(DeltaKind.PRICE_CHANGE);
    }

    @Test
    void a_higher_bid_or_another_bid_is_a_new_bid() {
        assertThat(between(active(), listing(ListingState.ACTIVE, 1300, 5000, 4)))
                .contains(DeltaKind.NEW_BID);
        assertThat(between(active(), listing(ListingState.ACTIVE, 1300, 5000, 3)))
                .contains(DeltaKind.NEW_BID);
        assertThat(between(listing(ListingState.ACTIVE, 0, 5000, 0), active())).contains(DeltaKind.NEW_BID);
    }

    @Test
    void an_older_answer_with_fewer_bids_or_a_lower_bid_is_no_delta() {
        assertThat(between(active(), listing(ListingState.ACTIVE, 1100, 5000, 2)))
                .isEmpty();
        assertThat(between(active(), listing(ListingState.ACTIVE, 1100, 5000, 3)))
                .isEmpty();
        assertThat(between(active(), listing(ListingState.ACTIVE, 0, 5000, 0))).isEmpty();
        assertThat(between(active(), listing(ListingState.ACTIVE, 1200, 4000, 2)))
                .isEmpty();
    }

    @Test
    void another_buy_now_price_is_a_price_change() {
        assertThat(between(active(), listing(ListingState.ACTIVE, 1200, 4500, 3)))
                .contains(DeltaKind.PRICE_CHANGE);
        assertThat(between(active(), listing(ListingState.ACTIVE, 1200, 0, 3))).contains(DeltaKind.PRICE_CHANGE);
    }

    @Test
    void an_active_listing_ends_sold_expired_or_cancelled() {
        assertThat(between(active(), active().withState(ListingState.SOLD))).contains(DeltaKind.SOLD);
        assertThat(between(active(), active().withState(ListingState.EXPIRED))).contains(DeltaKind.EXPIRED);
        assertThat(between(active(), active().withState(ListingState.CANCELLED)))
                .contains(DeltaKind.CANCELLED);
        assertThat(between(active(), listing(ListingState.SOLD, 1500, 5000, 4))).contains(DeltaKind.SOLD);
    }

    @Test
    void a_final_state_is_not_reopened_nor_changed() {
        for (ListingState end : List.of(ListingState.SOLD, ListingState.EXPIRED, ListingState.CANCELLED)) {
            var ended = active().withState(end);
            assertThat(between(ended, active())).as(end.name()).isEmpty();
            assertThat(between(ended, listing(ListingState.ACTIVE, 2000, 5000, 9)))
                    .as(end.name())
                    .isEmpty();
            for (ListingState other : ListingState.values()) {
                assertThat(between(ended, listing(other, 900, 4000, 1)))
                        .as(end + "→" + other)
                        .isEmpty();
            }
        }
    }

    @Test
    void a_listing_knows_its_price_and_refuses_a_negative_bid_count() {
        assertThat(active().price()).hasValue(1200);
        assertThat(listing(ListingState.ACTIVE, 0, 5000, 0).price()).hasValue(5000);
        assertThat(listing(ListingState.ACTIVE, 0, 0, 0).price()).hasValue(500);
        assertThatThrownBy(() -> listing(ListingState.ACTIVE, 0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(active().withState(ListingState.SOLD).state()).isEqualTo(ListingState.SOLD);
        assertThat(active().withObservedAt(T0.plusSeconds(1)).observedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(ListingState.ACTIVE.isFinal()).isFalse();
        assertThat(ListingState.SOLD.isFinal()).isTrue();
    }

    /**
     * Seeded observation sequences of one listing (bids, relists, end-time jitter, endings and stale pages
     * after them, older pages answered late): replaying gives the same deltas, there are never more deltas than
     * observations, the first is NEW, bid counts never go back, and once a final state is recorded nothing
     * follows.
     */
    @Test
    void random_observation_sequences_replay_to_the_same_deltas_and_stop_at_a_final_state() {
        long seed = 0x0DE1_7A5L;
        var random = new Random(seed);
        for (int round = 0; round < 2_000; round++) {
            var observations = sequence(random);
            String context = "seed " + seed + ", round " + round + ": " + observations;
            var deltas = replay(observations);

            assertThat(replay(observations)).as(context).isEqualTo(deltas);
            assertThat(deltas.size()).as(context).isLessThanOrEqualTo(observations.size());
            assertThat(deltas.get(0).kind()).as(context).isEqualTo(DeltaKind.NEW);
            for (int i = 0; i < deltas.size(); i++) {
                var d = deltas.get(i);
                assertThat(d.version()).as(context).isEqualTo(i + 1);
                if (i > 0 && d.previous().orElseThrow().state().isFinal()) {
                    throw new AssertionError(context + ": a delta after a final state: " + d);
                }
                switch (d.kind()) {
                    case SOLD -> assertThat(d.listing().state()).as(context).isEqualTo(ListingState.SOLD);
                    case EXPIRED -> assertThat(d.listing().state()).as(context).isEqualTo(ListingState.EXPIRED);
                    case CANCELLED ->
                        assertThat(d.listing().state()).as(context).isEqualTo(ListingState.CANCELLED);
                    case NEW_BID, PRICE_CHANGE ->
                        assertThat(d.listing().state()).as(context).isEqualTo(ListingState.ACTIVE);
                    case NEW -> assertThat(i).as(context).isZero();
                }
                assertThat(PricePoint.of(d)).as(context).allSatisfy(p -> {
                    assertThat(p.amount()).isPositive();
                    assertThat(p.observedAt()).isEqualTo(d.listing().observedAt());
                });
            }
            var bidsSeen = deltas.stream().map(d -> d.listing().bidCount()).toList();
            assertThat(bidsSeen).as(context + ": bid counts of the deltas").isSorted();
            long endings =
                    deltas.stream().filter(d -> d.listing().state().isFinal()).count();
            assertThat(endings).as(context).isLessThanOrEqualTo(1);
        }
    }

    /** What a store does with the deltas: keep the listing a delta leaves, count versions. */
    private static List<ListingDelta> replay(List<Listing> observations) {
        var out = new ArrayList<ListingDelta>();
        Optional<Listing> stored = Optional.empty();
        for (Listing seen : observations) {
            var kind = Deltas.between(stored, seen);
            if (kind.isPresent()) {
                out.add(new ListingDelta(kind.get(), seen, stored, out.size() + 1));
                stored = Optional.of(seen);
            }
        }
        return out;
    }

    private static List<Listing> sequence(Random random) {
        int n = 1 + random.nextInt(30);
        var out = new ArrayList<Listing>();
        ListingState state = ListingState.ACTIVE;
        long bid = 0;
        long buyNow = 1000 + random.nextInt(9000);
        int bids = 0;
        Instant end = T0.plusSeconds(3600);
        for (int i = 0; i < n; i++) {
            if (!out.isEmpty() && random.nextInt(8) == 0) {
                // an older page answered late: the facts of an earlier observation, seen now
                var old = out.get(random.nextInt(out.size()));
                out.add(old.withObservedAt(T0.plusSeconds(60L * i)));
                continue;
            }
            switch (random.nextInt(10)) {
                case 0, 1 -> {
                    bids++;
                    bid = Math.max(bid, 100) + 1 + random.nextInt(100);
                }
                case 2 -> buyNow += random.nextInt(3) - 1;
                case 3 -> end = end.plusSeconds(random.nextInt(21) - 10);
                case 4 -> state = ListingState.values()[random.nextInt(ListingState.values().length)];
                default -> {}
            }
            out.add(listing(state, bid, buyNow, bids, end, T0.plusSeconds(60L * i)));
        }
        return out;
    }
}
