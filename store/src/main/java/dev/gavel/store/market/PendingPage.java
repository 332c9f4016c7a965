package dev.gavel.store.market;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.watch.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A page fetched while PostgreSQL was down, held in Redis until it can be ingested: the source, the watch
 * that fetched it (none for a batch run), the checkpoint to commit with it, and its listings.
 */
public record PendingPage(
        String source, OptionalLong watchId, Optional<Checkpoint> checkpoint, List<Listing> listings) {
    public PendingPage {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(watchId, "watchId");
        Objects.requireNonNull(checkpoint, "checkpoint");
        listings = List.copyOf(listings);
    }

    /** {@code {"source", "watchId", "checkpoint", "listings": [...]}}, absent values as null. */
    public String toJson() {
        ObjectNode n = ListingJson.MAPPER.createObjectNode();
        n.put("source", source);
        if (watchId.isPresent()) {
            n.put("watchId", watchId.getAsLong());
        } else {
            n.putNull("watchId");
        }
        if (checkpoint.isPresent()) {
            n.set("checkpoint", ListingJson.tree(checkpoint.get()));
        } else {
            n.putNull("checkpoint");
        }
        ArrayNode array = n.putArray("listings");
        listings.forEach(l -> array.add(ListingJson.tree(l)));
        return ListingJson.toText(n);
    }

    /** Reads what {@link #toJson} wrote; fails with {@link IllegalArgumentException} saying what is wrong. */
    public static PendingPage fromJson(String json) {
        JsonNode n = ListingJson.parse(json);
        JsonNode source = n.get("source");
        if (source == null || !source.isTextual()) {
            throw new IllegalArgumentException("a pending page needs a source");
        }
        JsonNode watch = n.get("watchId");
        JsonNode checkpoint = n.get("checkpoint");
        JsonNode listings = n.get("listings");
        if (listings == null || !listings.isArray()) {
            throw new IllegalArgumentException("a pending page needs a listings array");
        }
        var read = new ArrayList<Listing>(listings.size());
        listings.forEach(l -> read.add(ListingJson.fromTree(l)));
        return new PendingPage(
                source.textValue(),
                watch == null || watch.isNull() ? OptionalLong.empty() : OptionalLong.of(watch.longValue()),
                checkpoint == null || checkpoint.isNull()
                        ? Optional.empty()
                        : Optional.of(ListingJson.checkpointFromTree(checkpoint)),
                read);
    }
}
