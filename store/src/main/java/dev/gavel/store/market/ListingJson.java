package dev.gavel.store.market;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.listing.ListingState;
import dev.gavel.market.watch.Checkpoint;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.OptionalLong;

/**
 * The JSON form of a listing, in Redis and in the {@code jsonb} columns of {@code listing_deltas}: camel-case
 * field names as in {@link Listing}, instants as ISO-8601 strings, absent prices as {@code null}. PostgreSQL
 * builds the same shape itself during ingest (with six fraction digits, which {@link #read} takes alike).
 * Thread-safe.
 */
public final class ListingJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ListingJson() {}

    public static String write(Listing listing) {
        return toText(tree(listing));
    }

    /** Reads what {@link #write} wrote; fails with {@link IllegalArgumentException} naming the bad field. */
    public static Listing read(String json) {
        return fromTree(parse(json));
    }

    static ObjectNode tree(Listing l) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("source", l.source());
        n.put("externalId", l.externalId());
        n.put("itemId", l.itemId());
        n.put("itemName", l.itemName());
        n.put("state", l.state().name());
        n.put("currency", l.currency().name());
        putAmount(n, "currentBid", l.currentBid());
        putAmount(n, "buyNow", l.buyNow());
        putAmount(n, "startPrice", l.startPrice());
        n.put("bidCount", l.bidCount());
        n.put("endsAt", l.endsAt().toString());
        n.put("observedAt", l.observedAt().toString());
        return n;
    }

    static Listing fromTree(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a listing must be a JSON object");
        }
        return new Listing(
                text(n, "source"),
                text(n, "externalId"),
                text(n, "itemId"),
                text(n, "itemName"),
                ListingState.valueOf(text(n, "state")),
                Currency.valueOf(text(n, "currency")),
                amount(n, "currentBid"),
                amount(n, "buyNow"),
                amount(n, "startPrice"),
                integer(n, "bidCount"),
                instant(n, "endsAt"),
                instant(n, "observedAt"));
    }

    static ObjectNode tree(Checkpoint c) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("watchId", c.watchId());
        n.put("cycle", c.cycle());
        n.put("nextPage", c.nextPage());
        n.put("committedAt", c.committedAt().toString());
        return n;
    }

    static Checkpoint checkpointFromTree(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a checkpoint must be a JSON object");
        }
        return new Checkpoint(
                longValue(n, "watchId"), longValue(n, "cycle"), integer(n, "nextPage"), instant(n, "committedAt"));
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String toText(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree did not serialize", e);
        }
    }

    private static void putAmount(ObjectNode n, String field, OptionalLong amount) {
        if (amount.isPresent()) {
            n.put(field, amount.getAsLong());
        } else {
            n.putNull(field);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("listing field " + field + " must be a string");
        }
        return v.textValue();
    }

    private static OptionalLong amount(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return OptionalLong.empty();
        }
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("listing field " + field + " must be a whole number or null");
        }
        return OptionalLong.of(v.longValue());
    }

    private static long longValue(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("field " + field + " must be a whole number");
        }
        return v.longValue();
    }

    private static int integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("field " + field + " must be a whole number");
        }
        return v.intValue();
    }

    private static Instant instant(JsonNode n, String field) {
        String s = text(n, field);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field " + field + " must be an ISO-8601 instant: " + s, e);
        }
    }
}
