package dev.gavel.store.live;

import dev.gavel.auction.BidCommand;
import dev.gavel.auction.BidKey;
import dev.gavel.auction.BidSource;
import dev.gavel.auction.RejectionReason;
import dev.gavel.core.money.Wei;
import dev.gavel.store.Redis;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The bid intake stream {@code gavel:bids:intake}: every channel appends its bids here, and sequencer
 * nodes read them through the consumer group {@code gavel-sequencers}. An entry is acknowledged only after
 * its decision is committed, so a crash between the two redelivers it, and the sequencer recognises its
 * natural key. Entries that keep failing go to {@code gavel:bids:dead} with the reason. Thread-safe.
 */
public final class BidIntakeStream {
    private final Redis redis;

    public BidIntakeStream(Redis redis) {
        this.redis = redis;
    }

    /** Appends a bid; returns the entry id. */
    public String publish(BidCommand bid) {
        return redis.sync().xadd(Keys.INTAKE, fields(bid));
    }

    /** Appends a bid without waiting for Redis to answer (load generators); the future gives the entry id. */
    public java.util.concurrent.CompletionStage<String> publishAsync(BidCommand bid) {
        return redis.async().xadd(Keys.INTAKE, fields(bid));
    }

    /** Creates the consumer group (and the stream) when missing. */
    public void ensureGroup() {
        try {
            redis.sync()
                    .xgroupCreate(
                            XReadArgs.StreamOffset.from(Keys.INTAKE, "0"),
                            Keys.INTAKE_GROUP,
                            XGroupCreateArgs.Builder.mkstream());
        } catch (RedisBusyException alreadyThere) {
            // BUSYGROUP: another node (or an earlier start) made it
        }
    }

    /** New entries for {@code consumer}, waiting up to {@code block} for some to arrive. */
    @SuppressWarnings("unchecked") // Lettuce's xreadgroup takes generic varargs of stream offsets
    public List<IntakeMessage> read(Redis.Dedicated connection, String consumer, int count, Duration block) {
        var messages = connection
                .sync()
                .xreadgroup(
                        Consumer.from(Keys.INTAKE_GROUP, consumer),
                        XReadArgs.Builder.count(count).block(block),
                        XReadArgs.StreamOffset.lastConsumed(Keys.INTAKE));
        return parse(messages);
    }

    /**
     * Entries delivered to some consumer but not acknowledged for {@code minIdle}: their node died between
     * reading and committing (or between committing and acknowledging). They are claimed for {@code consumer}.
     */
    public List<IntakeMessage> claimStale(String consumer, Duration minIdle, int count) {
        var claimed = redis.sync()
                .xautoclaim(
                        Keys.INTAKE,
                        XAutoClaimArgs.Builder.xautoclaim(Consumer.from(Keys.INTAKE_GROUP, consumer), minIdle, "0")
                                .count(count));
        return parse(claimed.getMessages());
    }

    public void ack(List<String> ids) {
        if (!ids.isEmpty()) {
            redis.sync().xack(Keys.INTAKE, Keys.INTAKE_GROUP, ids.toArray(String[]::new));
        }
    }

    /** Moves an entry to the dead-letter stream with the reason, and acknowledges it. */
    public void deadLetter(IntakeMessage message, String reason, Instant at) {
        var body = new LinkedHashMap<>(message.body());
        body.put("intakeId", message.id());
        body.put("reason", reason);
        body.put("failedAt", at.toString());
        redis.sync().xadd(Keys.DEAD, XAddArgs.Builder.maxlen(100_000).approximateTrimming(), body);
        ack(List.of(message.id()));
    }

    public long deadLetters() {
        return redis.sync().xlen(Keys.DEAD);
    }

    static Map<String, String> fields(BidCommand bid) {
        var m = new LinkedHashMap<String, String>();
        m.put("source", bid.key().source().name());
        m.put("externalId", bid.key().externalId());
        m.put("auctionId", bid.auctionId().toString());
        m.put("bidderId", bid.bidderId().toString());
        m.put("amountWei", bid.amount().value().toString());
        m.put("eventTime", bid.eventTime().toString());
        m.put("receivedAt", bid.receivedAt().toString());
        bid.payment().ifPresent(p -> {
            m.put("paymentTx", p.txHash());
            p.problem().ifPresent(r -> m.put("paymentProblem", r.name()));
        });
        return m;
    }

    private static List<IntakeMessage> parse(List<StreamMessage<String, String>> messages) {
        var list = new ArrayList<IntakeMessage>(messages.size());
        for (var m : messages) {
            var body = m.getBody() == null ? Map.<String, String>of() : m.getBody();
            try {
                var command = command(body);
                list.add(new IntakeMessage(m.getId(), body, Optional.of(command), ""));
            } catch (RuntimeException e) {
                list.add(new IntakeMessage(
                        m.getId(), body, Optional.empty(), "malformed intake entry: " + e.getMessage()));
            }
        }
        return list;
    }

    /** Reads one intake entry's fields back into a command; throws when they are not one. */
    public static BidCommand command(Map<String, String> body) {
        return new BidCommand(
                new BidKey(BidSource.valueOf(body.get("source")), body.get("externalId")),
                UUID.fromString(body.get("auctionId")),
                UUID.fromString(body.get("bidderId")),
                Wei.of(new BigInteger(body.get("amountWei"))),
                Instant.parse(body.get("eventTime")),
                Instant.parse(body.get("receivedAt")),
                Optional.ofNullable(body.get("paymentTx"))
                        .map(tx -> new BidCommand.Payment(
                                tx,
                                Optional.ofNullable(body.get("paymentProblem")).map(RejectionReason::valueOf))));
    }
}
