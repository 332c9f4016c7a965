package dev.gavel.auction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.money.Wei;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Seeded randomized streams of bids (thousands of them) against the invariants of STYLE.md: the highest
 * never decreases; every accepted bid beats the previous by the minimum increment; nothing is accepted
 * outside the window; reservations never exceed deposits; replaying the bid log reproduces the state and
 * the winner. A failure names the seed to reproduce it.
 */
class SequencerPropertiesTest {
    private static final long BASE_SEED = 0x6A7E1L;
    private static final int STREAMS = 3_000;

    @Test
    void invariants_hold_over_thousands_of_generated_bid_streams() {
        for (int stream = 0; stream < STREAMS; stream++) {
            long seed = BASE_SEED + stream;
            try {
                runStream(seed);
            } catch (AssertionError e) {
                throw new AssertionError("stream failed; reproduce with seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static void runStream(long seed) {
        var random = new Random(seed);
        Instant start = Instant.parse("2026-11-21T19:00:00Z");
        Instant end = start.plus(Duration.ofMinutes(10 + random.nextInt(50)));
        var terms = new AuctionTerms(
                Wei.ofEth("0.1"),
                Wei.ofEth(random.nextBoolean() ? "0.1" : "0.5"),
                random.nextBoolean()
                        ? MinIncrement.fivePercent()
                        : new MinIncrement(Optional.of(new BigDecimal("2.5")), Optional.of(Wei.ofEth("0.05"))),
                new AntiSnipe(
                        Duration.ofSeconds(60 + random.nextInt(240)),
                        Duration.ofSeconds(60 + random.nextInt(240)),
                        random.nextBoolean() ? OptionalInt.empty() : OptionalInt.of(random.nextInt(4))),
                Duration.ofSeconds(20),
                random.nextInt(4) != 0);
        var auctionId = new UUID(seed, 1);
        var initial = AuctionState.planned(auctionId, start, end, terms);
        int bidderCount = 2 + random.nextInt(8);
        var deposits = new HashMap<UUID, Wei>();
        for (int b = 0; b < bidderCount; b++) {
            deposits.put(new UUID(seed, 100 + b), Wei.ofEth(Integer.toString(1 + random.nextInt(20))));
        }
        FundsPort port = id -> BidderFunds.empty(id).deposit(deposits.get(id));
        var sequencer = new BidSequencer(initial, port);
        sequencer.advance(start);

        var bidders = new ArrayList<>(deposits.keySet());
        bidders.sort(null);
        Instant now = start;
        Wei previousHighest = Wei.ZERO;
        Optional<LeadingBid> previousLeader = Optional.empty();
        var history = new ArrayList<BidCommand>();
        var operations = new ArrayList<Object>(); // Decided or Instant (a clock move), in the order they happened
        int bids = 20 + random.nextInt(180);
        for (int i = 0; i < bids; i++) {
            now = now.plusMillis(random.nextInt(30_000));
            var state = sequencer.state();
            Instant eventTime = now.minusMillis(random.nextInt(5_000));
            if (random.nextInt(10) == 0) {
                eventTime = state.endsAt().plusMillis(random.nextInt(3_000) - 1_500); // around the end
            }
            Wei amount = randomAmount(random, state);
            UUID bidder = bidders.get(random.nextInt(bidders.size()));
            String externalId = random.nextInt(15) == 0 && !history.isEmpty()
                    ? history.get(random.nextInt(history.size())).key().externalId() // a redelivery
                    : "s" + seed + "-" + i;
            var command =
                    new BidCommand(new BidKey(BidSource.API, externalId), auctionId, bidder, amount, eventTime, now);
            history.add(command);

            Instant endBefore = state.endsAt();
            Wei minimumBefore = state.minimumNextBid();
            var sequenced = sequencer.decide(command, Eligibility.OK, now);
            var after = sequencer.state();
            if (sequenced instanceof Sequenced.Fresh fresh) {
                operations.add(fresh.decided());
            } else {
                assertThat(after).as("a redelivered key changes nothing").isEqualTo(state);
            }

            if (sequenced instanceof Sequenced.Fresh fresh && fresh.decided().accepted()) {
                assertThat(command.eventTime()).as("accepted inside the window").isBetween(after.startsAt(), endBefore);
                assertThat(command.amount()).as("beats the minimum next bid").isGreaterThanOrEqualTo(minimumBefore);
                previousLeader.ifPresent(p -> assertThat(command.amount())
                        .as("beats the previous by the increment")
                        .isGreaterThanOrEqualTo(terms.minIncrement().next(p.amount())));
            }
            Wei highest = after.highest().map(LeadingBid::amount).orElse(Wei.ZERO);
            assertThat(highest).as("highest never decreases").isGreaterThanOrEqualTo(previousHighest);
            previousHighest = highest;
            previousLeader = after.highest();
            for (UUID b : bidders) {
                var f = sequencer.funds(b);
                assertThat(f.reserved().plus(f.captured()))
                        .as("reservations never exceed deposits")
                        .isLessThanOrEqualTo(f.deposits());
            }
            if (random.nextInt(40) == 0) {
                sequencer.advance(now);
                operations.add(now);
            }
        }
        Instant finalizesAt = sequencer.state().finalizesAt();
        sequencer.advance(finalizesAt);
        operations.add(finalizesAt);
        assertThat(sequencer.state().status()).isEqualTo(AuctionStatus.COMPLETED);

        // Replay the stored log (decisions and clock moves) from the initial state: same state, winner, funds.
        var replay = new BidSequencer(initial, port);
        replay.advance(start);
        for (Object op : operations) {
            if (op instanceof Decided d) {
                replay.decide(d.command(), d.eligibility(), d.decidedAt());
            } else {
                replay.advance((Instant) op);
            }
        }
        assertThat(replay.state()).as("replayed state").isEqualTo(sequencer.state());
        assertThat(replay.state().highest())
                .as("replayed winner")
                .isEqualTo(sequencer.state().highest());
        for (UUID b : bidders) {
            assertThat(replay.funds(b)).as("replayed funds").isEqualTo(sequencer.funds(b));
        }
        assertThat(replay.log()).as("replayed decisions").isEqualTo(sequencer.log());
    }

    private static Wei randomAmount(Random random, AuctionState state) {
        Wei min = state.minimumNextBid();
        return switch (random.nextInt(6)) {
            case 0 -> min.minusOrZero(Wei.of(1)); // one wei short
            case 1 -> min; // exactly enough
            case 2 -> Wei.ofEth("0.05"); // far too low
            default -> min.plusPercent(new BigDecimal(random.nextInt(40)));
        };
    }

    @Test
    void stream_generation_is_deterministic_for_a_seed() {
        var a = new ArrayList<Integer>();
        var b = new ArrayList<Integer>();
        for (var list : List.of(a, b)) {
            var r = new Random(BASE_SEED);
            for (int i = 0; i < 10; i++) {
                list.add(r.nextInt());
            }
        }
        assertThat(a).isEqualTo(b);
    }
}
