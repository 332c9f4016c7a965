package dev.gavel.market.strategy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.listing.ListingState;
import dev.gavel.market.template.JsonText;
import dev.gavel.market.template.RequestTemplate;
import dev.gavel.market.template.TemplateException;
import dev.gavel.market.template.TemplateProblem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A source's ordered response strategies, read from a JSON file:
 *
 * <pre>{@code
 * { "source": "m26", "currency": "COINS",
 *   "error": { "at": "/error", "name": "/errorname", "code": "/errorcode",
 *              "message": ["/errortdf/errorString", "/errordf/errorString"] },
 *   "strategies": [ { "name": "m26", "items": "/responseInfo/value/details",
 *       "status": "/responseInfo/value/responseData", "more": "/responseInfo/value/truncated",
 *       "fields": { "externalId": "/auctionId", "state": "/auctionStatus", … },
 *       "states": { "AUCTIONSTATUS_ACTIVE": "ACTIVE", "AUCTIONSTATUS_ENDED": "ENDED", … } } ] }
 * }</pre>
 *
 * {@link #read} tries the strategies in order; one whose items are not there, or whose items mostly lack
 * the required fields, does not fit and the next is tried. {@code ENDED} maps to SOLD when the listing had
 * bids or a buyer and to EXPIRED otherwise. Immutable and thread-safe.
 */
public final class ResponseStrategies {
    // one JSON document: text after it is an error (JsonText.STRICT)
    private static final ObjectMapper JSON = JsonText.STRICT;
    static final Set<String> REQUIRED = Set.of("externalId", "state", "secondsRemaining", "itemId");
    private static final Set<String> FIELDS = Set.of(
            "externalId",
            "state",
            "secondsRemaining",
            "itemId",
            "currentBid",
            "buyNow",
            "startPrice",
            "nextBid",
            "bidCount",
            "buyerId",
            "name",
            "firstName",
            "secondName");
    private static final Set<String> STATES = Set.of("ACTIVE", "SOLD", "EXPIRED", "CANCELLED", "ENDED");
    private static final long MAX_AMOUNT = 1_000_000_000_000L;
    /** No marketplace lists for longer than this; more is a broken field, not a long auction. */
    private static final long MAX_SECONDS_REMAINING = 30L * 24 * 3600;

    /** One way of reading an answer. */
    public record Strategy(
            String name,
            JsonPointer items,
            Optional<JsonPointer> status,
            Optional<JsonPointer> more,
            Map<String, JsonPointer> fields,
            Map<String, String> states) {}

    private record ErrorShape(JsonPointer at, JsonPointer name, JsonPointer code, List<JsonPointer> message) {}

    private final String source;
    private final Currency currency;
    private final Optional<ErrorShape> error;
    private final List<Strategy> strategies;

    private ResponseStrategies(
            String source, Currency currency, Optional<ErrorShape> error, List<Strategy> strategies) {
        this.source = source;
        this.currency = currency;
        this.error = error;
        this.strategies = strategies;
    }

    public static ResponseStrategies parse(String file, String text) {
        JsonNode root = JsonText.read(file, text, "is ");
        var problems = new ArrayList<TemplateProblem>();
        if (root == null || !root.isObject()) {
            throw new TemplateException(new TemplateProblem(file, "", "must be a JSON object"));
        }
        String source = root.path("source").asText("");
        if (source.isBlank()) {
            problems.add(new TemplateProblem(file, "/source", "is missing"));
        }
        Currency currency = Currency.COINS;
        try {
            currency = Currency.valueOf(root.path("currency").asText("COINS").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new TemplateProblem(
                    file, "/currency", "'" + root.path("currency").asText() + "' is not one of COINS, USD, EUR"));
        }
        Optional<ErrorShape> error = Optional.empty();
        JsonNode e = root.path("error");
        if (!e.isMissingNode()) {
            var at = RequestTemplate.pointer(e.get("at"), file, "/error/at", problems);
            var name = RequestTemplate.pointer(e.get("name"), file, "/error/name", problems);
            var code = RequestTemplate.pointer(e.get("code"), file, "/error/code", problems);
            var messages = new ArrayList<JsonPointer>();
            JsonNode m = e.path("message");
            if (m.isArray()) {
                for (int i = 0; i < m.size(); i++) {
                    RequestTemplate.pointer(m.get(i), file, "/error/message/" + i, problems)
                            .ifPresent(messages::add);
                }
            } else {
                RequestTemplate.pointer(m, file, "/error/message", problems).ifPresent(messages::add);
            }
            if (at.isPresent() && name.isPresent() && code.isPresent()) {
                error = Optional.of(new ErrorShape(at.get(), name.get(), code.get(), List.copyOf(messages)));
            }
        }
        var list = new ArrayList<Strategy>();
        JsonNode s = root.path("strategies");
        if (!s.isArray() || s.isEmpty()) {
            problems.add(new TemplateProblem(file, "/strategies", "must be a non-empty array"));
        } else {
            for (int i = 0; i < s.size(); i++) {
                strategy(file, "/strategies/" + i, s.get(i), problems).ifPresent(list::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        return new ResponseStrategies(source, currency, error, List.copyOf(list));
    }

    private static Optional<Strategy> strategy(
            String file, String path, JsonNode node, List<TemplateProblem> problems) {
        int before = problems.size();
        String name = node.path("name").asText("");
        if (name.isBlank()) {
            problems.add(new TemplateProblem(file, path + "/name", "is missing"));
        }
        var items = RequestTemplate.pointer(node.get("items"), file, path + "/items", problems);
        Optional<JsonPointer> status = node.has("status")
                ? RequestTemplate.pointer(node.get("status"), file, path + "/status", problems)
                : Optional.empty();
        Optional<JsonPointer> more = node.has("more")
                ? RequestTemplate.pointer(node.get("more"), file, path + "/more", problems)
                : Optional.empty();
        var fields = new LinkedHashMap<String, JsonPointer>();
        JsonNode f = node.path("fields");
        if (!f.isObject()) {
            problems.add(new TemplateProblem(file, path + "/fields", "must be an object of field to JSON Pointer"));
        } else {
            for (var e : f.properties()) {
                String fp = path + "/fields/" + e.getKey();
                if (!FIELDS.contains(e.getKey())) {
                    problems.add(new TemplateProblem(file, fp, "is not a listing field; expected one of " + FIELDS));
                } else {
                    RequestTemplate.pointer(e.getValue(), file, fp, problems).ifPresent(p -> fields.put(e.getKey(), p));
                }
            }
            for (String required : REQUIRED) {
                if (!f.has(required)) {
                    problems.add(new TemplateProblem(file, path + "/fields/" + required, "is required"));
                }
            }
            if (!f.has("name") && !f.has("firstName")) {
                problems.add(new TemplateProblem(file, path + "/fields", "needs name or firstName (and secondName)"));
            }
        }
        var states = new LinkedHashMap<String, String>();
        JsonNode st = node.path("states");
        if (!st.isObject() || st.isEmpty()) {
            problems.add(new TemplateProblem(file, path + "/states", "must map the source's states to " + STATES));
        } else {
            for (var e : st.properties()) {
                String v = e.getValue().asText("");
                if (!STATES.contains(v)) {
                    problems.add(new TemplateProblem(
                            file, path + "/states/" + e.getKey(), "'" + v + "' is not one of " + STATES));
                }
                states.put(e.getKey(), v);
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Strategy(name, items.get(), status, more, Map.copyOf(fields), Map.copyOf(states)));
    }

    public String source() {
        return source;
    }

    public Currency currency() {
        return currency;
    }

    public List<Strategy> strategies() {
        return strategies;
    }

    /** Reads an answer's body, received at {@code respondedAt}. */
    public PageOutcome read(String body, Instant respondedAt) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return new PageOutcome.Malformed("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isContainerNode()) {
            return new PageOutcome.Malformed("not a JSON object or array");
        }
        return read(root, respondedAt);
    }

    public PageOutcome read(JsonNode root, Instant respondedAt) {
        if (error.isPresent()) {
            JsonNode e = root.at(error.get().at());
            if (e.isObject()) {
                String message = "";
                for (JsonPointer p : error.get().message()) {
                    if (e.at(p).isTextual()) {
                        message = e.at(p).asText();
                        break;
                    }
                }
                return new PageOutcome.SourceError(
                        e.at(error.get().name()).asText("unknown"),
                        e.at(error.get().code()).asText(""),
                        message);
            }
        }
        var reasons = new ArrayList<String>();
        for (Strategy s : strategies) {
            JsonNode items = root.at(s.items());
            JsonNode status =
                    s.status().map(root::at).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
            // a captcha answer need not carry any items, and either field set means a person must look
            String guid = text(status.path("captchaGuid"));
            String captchaUrl = text(status.path("captchaUrl"));
            if (!guid.isEmpty() || !captchaUrl.isEmpty()) {
                return new PageOutcome.Captcha(guid, captchaUrl);
            }
            int code = status.path("uiErrorCode").asInt(0);
            // a declined call often leaves details out altogether: that is still the source saying no, not drift
            boolean noItems = items.isMissingNode() || items.isNull() || (items.isArray() && items.isEmpty());
            if (noItems && code != 0) {
                return new PageOutcome.SoftFailure(s.name(), code, text(status.path("message")));
            }
            if (!items.isArray()) {
                reasons.add(s.name() + ": nothing at " + s.items());
                continue;
            }
            var listings = new ArrayList<Listing>();
            var rejects = new ArrayList<Reject>();
            int structural = 0;
            for (int i = 0; i < items.size(); i++) {
                JsonNode item = items.get(i);
                var why = new LinkedHashMap<String, String>();
                Optional<Listing> listing = normalize(s, item, respondedAt, why);
                if (listing.isPresent()) {
                    listings.add(listing.get());
                } else {
                    if (REQUIRED.stream().anyMatch(r -> "is missing".equals(why.get(r)))) {
                        structural++;
                    }
                    rejects.add(new Reject(i, externalId(s, item).orElse(""), why));
                }
            }
            if (structural > 0 && structural * 2 >= items.size()) {
                reasons.add(
                        s.name() + ": " + structural + " of " + items.size() + " items lack " + firstMissing(rejects));
                continue;
            }
            boolean more = s.more().map(p -> root.at(p).asBoolean(false)).orElse(false);
            return new PageOutcome.Page(s.name(), listings, rejects, more);
        }
        return new PageOutcome.Drift(reasons);
    }

    private static String firstMissing(List<Reject> rejects) {
        for (Reject r : rejects) {
            for (var e : r.reasons().entrySet()) {
                if (e.getValue().equals("is missing")) {
                    return e.getKey();
                }
            }
        }
        return "required fields";
    }

    private Optional<Listing> normalize(Strategy s, JsonNode item, Instant respondedAt, Map<String, String> why) {
        Optional<String> id = externalId(s, item);
        if (id.isEmpty()) {
            why.put("externalId", field(s, item, "externalId").isMissingNode() ? "is missing" : "is not an id");
        }
        Optional<String> itemId = id(field(s, item, "itemId"));
        if (itemId.isEmpty()) {
            why.put("itemId", field(s, item, "itemId").isMissingNode() ? "is missing" : "is not an id");
        }
        String rawState = text(field(s, item, "state"));
        String mapped = s.states().get(rawState);
        if (rawState.isEmpty()) {
            why.put("state", "is missing");
        } else if (mapped == null) {
            why.put(
                    "state",
                    "'" + rawState + "' is not a known state " + s.states().keySet());
        }
        OptionalLong seconds = whole(s, item, "secondsRemaining", 0, why, true, true);
        OptionalLong bids = whole(s, item, "bidCount", 0, why, false, false);
        OptionalLong current = whole(s, item, "currentBid", currency.scale(), why, false, false);
        OptionalLong buyNow = whole(s, item, "buyNow", currency.scale(), why, false, false);
        OptionalLong start = whole(s, item, "startPrice", currency.scale(), why, false, false);
        OptionalLong next = whole(s, item, "nextBid", currency.scale(), why, false, false);
        OptionalLong buyer = whole(s, item, "buyerId", 0, why, false, false);
        if (bids.orElse(0) > Integer.MAX_VALUE) {
            why.put("bidCount", "is implausibly large: " + bids.getAsLong());
        }
        if (!why.isEmpty()) {
            return Optional.empty();
        }
        int bidCount = (int) bids.orElse(0);
        OptionalLong currentBid = current.isPresent() && current.getAsLong() > 0 ? current : OptionalLong.empty();
        if (bidCount > 0 && currentBid.isEmpty()) {
            why.put("currentBid", "is absent or 0 but the listing has " + bidCount + " bids");
            return Optional.empty();
        }
        boolean openingFromCurrentBid = false;
        if (bidCount == 0 && currentBid.isPresent() && start.isEmpty()) {
            // a current bid without bids is the opening price on some shapes
            start = currentBid;
            currentBid = OptionalLong.empty();
            openingFromCurrentBid = true;
        }
        OptionalLong buy = buyNow.isPresent() && buyNow.getAsLong() > 0 ? buyNow : OptionalLong.empty();
        if (start.isEmpty() && bidCount == 0 && next.isPresent() && next.getAsLong() > 0) {
            start = next;
        }
        ListingState state =
                switch (mapped) {
                    case "ENDED" -> bidCount > 0 || buyer.orElse(0) > 0 ? ListingState.SOLD : ListingState.EXPIRED;
                    default -> ListingState.valueOf(mapped);
                };
        long secs = seconds.getAsLong();
        if (secs > MAX_SECONDS_REMAINING) {
            why.put("secondsRemaining", "is implausibly far off (" + secs + " s; at most 30 days)");
            return Optional.empty();
        }
        if (state == ListingState.ACTIVE && secs < 0) {
            why.put("secondsRemaining", "is negative (" + secs + ") for an active listing");
            return Optional.empty();
        }
        // the opening price is held to the same bound as a bid: nobody bids above the buy-now price
        OptionalLong asking = currentBid.isPresent() ? currentBid : start;
        if (state == ListingState.ACTIVE
                && buy.isPresent()
                && asking.isPresent()
                && asking.getAsLong() > buy.getAsLong()) {
            why.put(
                    currentBid.isPresent() || openingFromCurrentBid ? "currentBid" : "startPrice",
                    "is above the buy-now price (" + asking.getAsLong() + " > " + buy.getAsLong() + ")");
            return Optional.empty();
        }
        return Optional.of(new Listing(
                source,
                id.get(),
                itemId.get(),
                name(s, item),
                state,
                currency,
                currentBid,
                buy,
                start,
                bidCount,
                respondedAt.plusSeconds(Math.max(0, secs)),
                respondedAt));
    }

    private static String name(Strategy s, JsonNode item) {
        if (s.fields().containsKey("name")) {
            return text(item.at(s.fields().get("name"))).strip();
        }
        String first =
                s.fields().containsKey("firstName") ? text(item.at(s.fields().get("firstName"))) : "";
        String second =
                s.fields().containsKey("secondName") ? text(item.at(s.fields().get("secondName"))) : "";
        return (first + " " + second).strip();
    }

    private static Optional<String> externalId(Strategy s, JsonNode item) {
        return id(field(s, item, "externalId"));
    }

    private static JsonNode field(Strategy s, JsonNode item, String name) {
        JsonPointer p = s.fields().get(name);
        return p == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : item.at(p);
    }

    private static Optional<String> id(JsonNode v) {
        if (v.isIntegralNumber()) {
            return Optional.of(v.bigIntegerValue().toString());
        }
        if (v.isTextual() && !v.asText().isBlank() && v.asText().length() <= 128) {
            return Optional.of(v.asText().strip());
        }
        return Optional.empty();
    }

    /**
     * A whole number of the smallest unit: {@code scale} 0 takes integers as they are, 2 turns dollars
     * (a number or a string such as "12.50") into cents. Negative values are refused unless allowed.
     */
    private static OptionalLong whole(
            Strategy s,
            JsonNode item,
            String name,
            int scale,
            Map<String, String> why,
            boolean required,
            boolean negativeAllowed) {
        if (!s.fields().containsKey(name)) {
            return OptionalLong.empty();
        }
        JsonNode v = item.at(s.fields().get(name));
        if (v.isMissingNode() || v.isNull()) {
            if (required) {
                why.put(name, "is missing");
            }
            return OptionalLong.empty();
        }
        BigDecimal value;
        try {
            if (v.isNumber()) {
                value = v.decimalValue();
            } else if (v.isTextual()) {
                value = new BigDecimal(v.asText().strip());
            } else {
                why.put(name, "is not a number: " + v);
                return OptionalLong.empty();
            }
        } catch (NumberFormatException e) {
            why.put(name, "is not a number: '" + v.asText() + "'");
            return OptionalLong.empty();
        }
        BigDecimal minor = value.scaleByPowerOfTen(scale); // movePointRight would expand 1e999999999 to scale 0
        // bounds first: "1e999999999" is short text but no BigInteger holds it, nor a string prints it
        if (minor.abs().compareTo(BigDecimal.valueOf(MAX_AMOUNT)) > 0) {
            why.put(name, "is implausibly large: " + value);
            return OptionalLong.empty();
        }
        if (minor.signum() != 0 && minor.stripTrailingZeros().scale() > 0) {
            why.put(
                    name,
                    scale == 0
                            ? "is not a whole number: " + shown(value)
                            : "has more than " + scale + " decimals: " + shown(value));
            return OptionalLong.empty();
        }
        BigInteger integral = minor.toBigInteger();
        if (integral.signum() < 0 && !negativeAllowed) {
            why.put(name, "is negative: " + value.toPlainString());
            return OptionalLong.empty();
        }
        return OptionalLong.of(integral.longValueExact());
    }

    /** A number as written, unless it has so many decimals that its plain form is huge. */
    private static String shown(BigDecimal value) {
        return value.scale() > 32 ? value.toString() : value.toPlainString();
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() || v.isContainerNode() ? "" : v.asText();
    }
}
