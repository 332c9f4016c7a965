package dev.gavel.auction;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The single writer of one auction: decides its bids one at a time in arrival order, holds the reservations
 * the decisions imply, remembers every natural key it has decided, and moves the auction through its
 * clock. Pure: no I/O, no clock of its own; the adapter persists what it returns. Not thread-safe, by
 * design: exactly one thread owns a sequencer.
 */
public final class BidSequencer {
    private final FundsPort fundsPort;
    private final Map<UUID, BidderFunds> funds = new HashMap<>();
    private final Map<BidKey, BidRecord> decidedByKey = new HashMap<>();
    private final Map<UUID, BidRecord> decidedById = new LinkedHashMap<>();
    private final Set<UUID> voided = new HashSet<>();
    private AuctionState state;
    private long sequence;

    public BidSequencer(AuctionState initial, FundsPort fundsPort) {
        this.state = initial;
        this.fundsPort = fundsPort;
    }

    /**
     * Rebuilds a sequencer from what was stored: the auction row, the decided bids in order, and the bids
     * voided since. Reservations come from the funds port, which reads them as committed.
     */
    public static BidSequencer restore(
            AuctionState stored, List<BidRecord> log, Set<UUID> voidedBids, FundsPort fundsPort) {
        var sequencer = new BidSequencer(stored, fundsPort);
        for (BidRecord d : log) {
            sequencer.decidedByKey.put(d.command().key(), d);
            sequencer.decidedById.put(d.bidId(), d);
            sequencer.sequence = Math.max(sequencer.sequence, d.sequence());
        }
        sequencer.voided.addAll(voidedBids);
        return sequencer;
    }

    /** The id a bid gets: derived from its natural key, so a replay names it the same way. */
    public static UUID bidIdOf(BidKey key) {
        return UUID.nameUUIDFromBytes(
                ("gavel-bid:" + key.source() + ":" + key.externalId()).getBytes(StandardCharsets.UTF_8));
    }

    public AuctionState state() {
        return state;
    }

    public BidderFunds funds(UUID bidderId) {
        return funds.computeIfAbsent(bidderId, fundsPort::fundsOf);
    }

    /** Every decision so far, in decision order. */
    public List<BidRecord> log() {
        return List.copyOf(decidedById.values());
    }

    /** Decides {@code bid}; a key seen before returns its first decision and changes nothing. */
    public Sequenced decide(BidCommand bid, Eligibility eligibility, Instant decidedAt) {
        BidRecord earlier = decidedByKey.get(bid.key());
        if (earlier != null) {
            return new Sequenced.Duplicate(earlier);
        }
        UUID bidId = bidIdOf(bid.key());
        var standing = new BidderStanding(
                eligibility.identityLinked(),
                eligibility.ineligible(),
                funds(bid.bidderId()).availableFor(state.id()));
        BidDecision decision = AuctionRules.evaluate(state, bid, standing, bidId);
        var changed = new ArrayList<BidderFunds>();
        if (decision instanceof BidDecision.Accepted accepted) {
            var leaderFunds = funds(bid.bidderId());
            if (state.terms().requireFunds()) {
                leaderFunds = leaderFunds.reserve(state.id(), bid.amount());
                funds.put(bid.bidderId(), leaderFunds);
                changed.add(leaderFunds);
            }
            accepted.outbid()
                    .filter(previous -> !previous.bidderId().equals(bid.bidderId()))
                    .ifPresent(previous -> changed.add(releaseHold(previous.bidderId())));
            state = accepted.next();
            if (state.status() == AuctionStatus.PROCESSING
                    && accepted.extended()
                    && state.endsAt().isAfter(decidedAt)) {
                state = state.withStatus(AuctionStatus.ACTIVE); // a late bid pushed the end: bidding reopens
            }
        }
        var decided = new Decided(bidId, ++sequence, bid, eligibility, decision, decidedAt, changed);
        var record = decided.record();
        decidedByKey.put(bid.key(), record);
        decidedById.put(bidId, record);
        return new Sequenced.Fresh(decided);
    }

    /**
     * Applies every scheduled move that is due at {@code now} (start, end, finalize), catching up after
     * downtime. Finalizing captures the winner's reservation. Returns the funds it changed.
     */
    public List<BidderFunds> advance(Instant now) {
        var changed = new ArrayList<BidderFunds>();
        for (AuctionStatus next : AuctionClock.dueMoves(state, now)) {
            state = state.withStatus(next);
            if (next == AuctionStatus.COMPLETED) {
                state.highest().ifPresent(winner -> {
                    if (state.terms().requireFunds()) {
                        var paid = funds(winner.bidderId()).capture(state.id());
                        funds.put(winner.bidderId(), paid);
                        changed.add(paid);
                    }
                });
            }
        }
        return changed;
    }

    /** Applies an admin override, or says why it cannot be applied. */
    public AdminOutcome apply(AdminAction action, Instant now) {
        return switch (action) {
            case AdminAction.Pause p -> move(AuctionStatus.PAUSED, List.of());
            case AdminAction.Resume r ->
                state.status() == AuctionStatus.PAUSED
                        ? move(AuctionStatus.ACTIVE, List.of())
                        : new AdminOutcome.Refused(
                                "only a paused auction can be resumed; this one is " + state.status());
            case AdminAction.Extend e -> extend(e);
            case AdminAction.Cancel c -> cancel();
            case AdminAction.Close c -> close(now);
            case AdminAction.VoidBid v -> voidBid(v.bidId());
        };
    }

    private AdminOutcome move(AuctionStatus to, List<BidderFunds> changed) {
        return switch (AuctionLifecycle.check(state.status(), to)) {
            case Transition.Allowed allowed -> {
                state = state.withStatus(to);
                yield new AdminOutcome.Applied(state, changed);
            }
            case Transition.Refused refused -> new AdminOutcome.Refused(refused.reason());
        };
    }

    private AdminOutcome cancel() {
        if (AuctionLifecycle.check(state.status(), AuctionStatus.CANCELLED) instanceof Transition.Refused refused) {
            return new AdminOutcome.Refused(refused.reason());
        }
        List<BidderFunds> released =
                state.highest().map(h -> List.of(releaseHold(h.bidderId()))).orElse(List.of());
        return move(AuctionStatus.CANCELLED, released);
    }

    private AdminOutcome extend(AdminAction.Extend e) {
        if (state.status().isFinal() || state.status() == AuctionStatus.PROCESSING) {
            return new AdminOutcome.Refused("the auction is " + state.status() + "; its end can no longer move");
        }
        if (e.by().isNegative() || e.by().isZero()) {
            return new AdminOutcome.Refused("an extension must be a positive number of seconds");
        }
        state = state.withEnd(state.endsAt().plus(e.by()), false);
        return new AdminOutcome.Applied(state, List.of());
    }

    private AdminOutcome close(Instant now) {
        if (state.status() != AuctionStatus.ACTIVE && state.status() != AuctionStatus.PAUSED) {
            return new AdminOutcome.Refused(
                    "only an active or paused auction can be closed; this one is " + state.status());
        }
        Instant end = now.isBefore(state.endsAt()) ? now : state.endsAt();
        state = state.withEnd(end, false).withStatus(AuctionStatus.PROCESSING);
        return new AdminOutcome.Applied(state, List.of());
    }

    /**
     * Voids an accepted bid. The new highest is the best remaining accepted bid whose bidder can still hold
     * its amount, chosen by amount and then by decision order: the same log always gives the same leader.
     */
    private AdminOutcome voidBid(UUID bidId) {
        BidRecord target = decidedById.get(bidId);
        if (target == null || !target.accepted()) {
            return new AdminOutcome.Refused("bid " + bidId + " is not an accepted bid of this auction");
        }
        if (voided.contains(bidId)) {
            return new AdminOutcome.Refused("bid " + bidId + " is already void");
        }
        if (state.status().isFinal()) {
            return new AdminOutcome.Refused("the auction is " + state.status() + "; its bids can no longer change");
        }
        voided.add(bidId);
        var changed = new ArrayList<BidderFunds>();
        Optional<LeadingBid> current = state.highest();
        if (current.isEmpty() || !current.get().bidId().equals(bidId)) {
            return new AdminOutcome.Applied(state, changed); // not the leader: nothing else moves
        }
        changed.add(releaseHold(current.get().bidderId()));
        Optional<LeadingBid> next = decidedById.values().stream()
                .filter(BidRecord::accepted)
                .filter(d -> !voided.contains(d.bidId()))
                .sorted(Comparator.comparing((BidRecord d) -> d.command().amount())
                        .reversed()
                        .thenComparing(BidRecord::sequence))
                .filter(d -> !state.terms().requireFunds()
                        || !funds(d.command().bidderId())
                                .availableFor(state.id())
                                .isLessThan(d.command().amount()))
                .findFirst()
                .map(BidRecord::asLeader);
        next.ifPresent(leader -> {
            if (state.terms().requireFunds()) {
                var held = funds(leader.bidderId()).reserve(state.id(), leader.amount());
                funds.put(leader.bidderId(), held);
                changed.add(held);
            }
        });
        state = state.withHighest(next);
        return new AdminOutcome.Applied(state, changed);
    }

    /** Drops what the sequencer remembers of a bidder's funds; the next decision reads them afresh. */
    public void forgetFunds(UUID bidderId) {
        funds.remove(bidderId);
    }

    public Set<UUID> voided() {
        return Set.copyOf(voided);
    }

    private BidderFunds releaseHold(UUID bidderId) {
        var released = funds(bidderId).release(state.id());
        funds.put(bidderId, released);
        return released;
    }
}
