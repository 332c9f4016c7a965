package dev.gavel.sources.ebay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.listing.ListingState;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.Reject;
import dev.gavel.sources.wire.Amounts;
import dev.gavel.sources.wire.SourceHttp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads Browse's item summary search answers and its error envelope {@code {"errors":[{errorId, domain,
 * category, message, longMessage}]}}. Pure functions of the text that never throw. Thread-safe.
 *
 * <p>An item becomes a {@link Listing} of source "ebay" whose external id is eBay's {@code itemId}:
 *
 * <ul>
 *   <li>money is eBay's strings ({@code {"value":"12.99","currency":"USD"}}) read exactly as cents; a value with
 *       more than two decimals, or in another currency than USD, refuses the item;
 *   <li>{@code currentBidPrice} is the current bid once {@code bidCount} is above 0; before the first bid eBay
 *       shows the opening bid there, which becomes the start price;
 *   <li>{@code price} is the buy-now price (a fixed-price listing's price, or an auction's buy it now); an
 *       auction-only item has none, and an item with neither {@code price} nor {@code currentBidPrice} is
 *       refused with that reason while the others on the page are kept;
 *   <li>{@code itemEndDate} is the end; a fixed-price listing without one (good 'til cancelled) ends at {@link
 *       #OPEN_ENDED}, a fixed instant so that observations of it compare equal; an auction without one is
 *       refused;
 *   <li>an item whose end has passed is {@link ListingState#SOLD} with bids and {@link ListingState#EXPIRED}
 *       without, else {@link ListingState#ACTIVE} (Browse only lists items still up);
 *   <li>the listing's item id is the watch's {@code card} when given, so its prices attach to that catalog
 *       card, else eBay's item id; the title is the item name. eBay's seller is not carried: a listing has no
 *       field for it.
 * </ul>
 */
final class EbayJson {
    static final String STRATEGY = "ebay.browse";

    /** The end of a listing that has none: good 'til cancelled. */
    static final Instant OPEN_ENDED = Instant.parse("9999-12-31T00:00:00Z");

    /** eBay serves at most this many items of one search. */
    static final int MAX_RESULTS = 10_000;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNumberLength(64)
                            .maxNestingDepth(64)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private EbayJson() {}

    /**
     * A 200 answer as a page: the listings, the items refused and why, and whether more follow ({@code next}
     * is given and the 10,000 items eBay serves are not all read).
     */
    static PageOutcome page(String body, Optional<String> card, int offset, Instant observedAt) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return new PageOutcome.Malformed("the ebay answer is not JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            // Jackson refuses a number such as 1e99999999999 with a NumberFormatException of its own
            return new PageOutcome.Malformed(
                    "the ebay answer holds an unreadable number: " + SourceHttp.abbreviate(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            return new PageOutcome.Malformed("the ebay answer is not a JSON object");
        }
        Optional<PageOutcome.SourceError> error = error(root);
        if (error.isPresent()) {
            return error.get();
        }
        var drift = new ArrayList<String>();
        JsonNode total = root.get("total");
        if (total == null || !total.isIntegralNumber() || !total.canConvertToLong() || total.asLong() < 0) {
            drift.add(STRATEGY + ": total is not a count: " + SourceHttp.abbreviate(String.valueOf(total)));
        }
        JsonNode items = root.get("itemSummaries");
        if (items != null && !items.isNull() && !items.isArray()) {
            drift.add(STRATEGY + ": itemSummaries is not a list");
        }
        if (!drift.isEmpty()) {
            return new PageOutcome.Drift(drift);
        }
        var listings = new ArrayList<Listing>();
        var rejects = new ArrayList<Reject>();
        if (items != null && items.isArray()) {
            for (int i = 0; i < items.size(); i++) {
                var why = new LinkedHashMap<String, String>();
                Optional<Listing> listing = listing(items.get(i), card, observedAt, why);
                if (listing.isPresent() && why.isEmpty()) {
                    listings.add(listing.get());
                } else {
                    rejects.add(new Reject(i, text(items.get(i).get("itemId")).orElse(""), why));
                }
            }
        }
        int read = items == null || !items.isArray() ? 0 : items.size();
        boolean more =
                text(root.get("next")).isPresent() && read > 0 && offset + read < Math.min(total.asLong(), MAX_RESULTS);
        return new PageOutcome.Page(STRATEGY, listings, rejects, more);
    }

    /** eBay's error envelope in any answer, as the source's error: its first error's domain.category, id, message. */
    static Optional<PageOutcome.SourceError> error(String body) {
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            return root == null ? Optional.empty() : error(root);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<PageOutcome.SourceError> error(JsonNode root) {
        JsonNode errors = root.get("errors");
        if (errors == null
                || !errors.isArray()
                || errors.isEmpty()
                || !errors.get(0).isObject()) {
            return Optional.empty();
        }
        JsonNode first = errors.get(0);
        String name =
                first.path("domain").asText("") + "." + first.path("category").asText("");
        String message = text(first.get("longMessage"))
                .or(() -> text(first.get("message")))
                .orElse("(no message)");
        return Optional.of(
                new PageOutcome.SourceError(name, first.path("errorId").asText(""), SourceHttp.abbreviate(message)));
    }

    /** The token answer's access token and lifetime in seconds, or why there is none. */
    record Grant(String accessToken, long expiresInSeconds) {}

    static Optional<Grant> grant(String body, Map<String, String> why) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            why.put("body", "is not JSON");
            return Optional.empty();
        }
        if (root == null || !root.isObject()) {
            why.put("body", "is not a JSON object");
            return Optional.empty();
        }
        Optional<String> token = text(root.get("access_token"));
        JsonNode expires = root.get("expires_in");
        if (token.isEmpty()) {
            why.put("access_token", "is missing");
        }
        if (expires == null || !expires.isIntegralNumber() || !expires.canConvertToLong() || expires.asLong() < 1) {
            why.put("expires_in", "is not a number of seconds: " + SourceHttp.abbreviate(String.valueOf(expires)));
        }
        return why.isEmpty() ? Optional.of(new Grant(token.get(), expires.asLong())) : Optional.empty();
    }

    /** An OAuth error answer's {@code error} and {@code error_description}, for messages. */
    static String oauthError(String body) {
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            if (root != null && root.isObject() && root.has("error")) {
                return root.path("error").asText("") + ": "
                        + root.path("error_description").asText("");
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // not JSON: the start of the body says what it was
        }
        return SourceHttp.abbreviate(body);
    }

    private static Optional<Listing> listing(
            JsonNode item, Optional<String> card, Instant observedAt, Map<String, String> why) {
        if (item == null || !item.isObject()) {
            why.put("item", "is not an object");
            return Optional.empty();
        }
        Optional<String> itemId = text(item.get("itemId"));
        if (itemId.isEmpty()) {
            why.put("itemId", "is missing");
        }
        String title = text(item.get("title")).orElse("");
        boolean auction = false;
        JsonNode options = item.get("buyingOptions");
        if (options != null && options.isArray()) {
            for (JsonNode o : options) {
                auction |= "AUCTION".equals(o.asText());
            }
        }
        OptionalLong price = money(item, "price", why);
        OptionalLong bid = money(item, "currentBidPrice", why);
        if (price.isEmpty() && bid.isEmpty() && !why.containsKey("price") && !why.containsKey("currentBidPrice")) {
            why.put("price", "is missing, and so is currentBidPrice: the item has no price to record");
        }
        int bids = 0;
        JsonNode count = item.get("bidCount");
        if (count != null && !count.isNull()) {
            if (count.isIntegralNumber() && count.canConvertToInt() && count.asInt() >= 0) {
                bids = count.asInt();
            } else {
                why.put("bidCount", "is not a count: " + SourceHttp.abbreviate(count.toString()));
            }
        }
        Instant endsAt = OPEN_ENDED;
        Optional<String> end = text(item.get("itemEndDate"));
        if (end.isPresent()) {
            try {
                endsAt = Instant.parse(end.get());
            } catch (DateTimeParseException e) {
                why.put("itemEndDate", "is not a time: " + SourceHttp.abbreviate(end.get()));
            }
        } else if (auction) {
            why.put("itemEndDate", "is missing on an auction");
        }
        if (!why.isEmpty()) {
            return Optional.empty();
        }
        boolean ended = !endsAt.isAfter(observedAt);
        ListingState state = !ended ? ListingState.ACTIVE : bids > 0 ? ListingState.SOLD : ListingState.EXPIRED;
        return Optional.of(new Listing(
                EbaySettings.SOURCE,
                itemId.get(),
                card.orElse(itemId.get()),
                title,
                state,
                Currency.USD,
                bids > 0 ? bid : OptionalLong.empty(),
                price,
                bids == 0 ? bid : OptionalLong.empty(),
                bids,
                endsAt,
                observedAt));
    }

    /** A money object's value in USD cents; absent when the object is; a reason in {@code why} when refused. */
    private static OptionalLong money(JsonNode item, String field, Map<String, String> why) {
        JsonNode money = item.get(field);
        if (money == null || money.isNull()) {
            return OptionalLong.empty();
        }
        if (!money.isObject()) {
            why.put(field, "is not a money object: " + SourceHttp.abbreviate(money.toString()));
            return OptionalLong.empty();
        }
        String currency = money.path("currency").asText("");
        if (!currency.equals("USD")) {
            why.put(field + ".currency", "is '" + SourceHttp.abbreviate(currency) + "'; only USD is read");
            return OptionalLong.empty();
        }
        JsonNode value = money.get("value");
        return switch (Amounts.read(value, true)) {
            case Amounts.Amount.Of of -> OptionalLong.of(of.cents());
            case Amounts.Amount.Absent absent -> {
                why.put(field + ".value", "is missing");
                yield OptionalLong.empty();
            }
            case Amounts.Amount.Refused refused -> {
                why.put(field + ".value", refused.why());
                yield OptionalLong.empty();
            }
        };
    }

    private static Optional<String> text(JsonNode v) {
        if (v == null || !v.isTextual() || v.asText().isBlank() || v.asText().length() > 256) {
            return Optional.empty();
        }
        return Optional.of(v.asText().strip());
    }
}
