package dev.gavel.sources.optcg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.PriceKind;
import dev.gavel.market.price.PriceQuote;
import dev.gavel.market.source.Fetched;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.Reject;
import dev.gavel.sources.wire.Amounts;
import dev.gavel.sources.wire.SourceHttp;
import dev.gavel.sources.wire.SourceHttp.Exchange.Answered;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the OPTCG API's answers: the set list ({@code [{set_name, set_id}]}) and arrays of cards. One card
 * number ({@code card_set_id}, "OP01-001") can come several times: the base art and its parallels, told
 * apart by {@code card_image_id} ("OP01-001", "OP01-001_p1"); they make one catalog entry and quotes per
 * printing ("Normal", "Parallel", "Parallel 2", …). {@code market_price} is the MARKET quote and {@code
 * inventory_price} (the lowest listed price) the LOW quote; both may be numbers, strings or null. Quotes are
 * dated by the day's scrape ({@code date_scraped}, at midnight UTC) when the card says, else by the time the
 * answer was read. The rarity is read from {@code rarity} (the service) or {@code card_rarity}. Pure
 * functions of the answer; they never throw. A card that cannot be read is refused with its reasons and
 * the cards beside it are kept.
 */
final class OptcgReader {
    static final String SOURCE = OptcgSettings.SOURCE;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern CARD_ID = Pattern.compile("[A-Za-z0-9]{1,12}-[A-Za-z0-9]{1,12}");
    private static final Pattern PARALLEL = Pattern.compile("_p(\\d{1,3})");
    private static final Pattern PARALLEL_NAME = Pattern.compile("\\s*\\((Parallel|Alternate Art)\\)\\s*$");

    private OptcgReader() {}

    /** A set as the service names it: {@code id} "OP-01", {@code name} "Romance Dawn". */
    record SetRef(String id, Optional<String> name) {
        /** The set's code as the cards' numbers and TCGplayer write it: "OP-01" → "OP01". */
        String code() {
            return id.replace("-", "").toUpperCase(Locale.ROOT);
        }
    }

    /** Cards read from one answer. */
    record Cards(List<CatalogEntry> entries, List<PriceQuote> quotes, List<Reject> rejects) {}

    static Fetched<List<SetRef>> sets(Answered a) {
        if (a.status() != 200) {
            return failed(SourceHttp.refusal(SOURCE, a));
        }
        Fetched<List<JsonNode>> items = array(a, "set list");
        return items.map(list -> {
            var sets = new ArrayList<SetRef>();
            var seen = new HashSet<String>();
            for (JsonNode s : list) {
                Optional<String> id = text(s.path("set_id")).filter(v -> v.length() <= 32);
                if (id.isPresent() && seen.add(id.get())) {
                    sets.add(new SetRef(id.get(), text(s.path("set_name"))));
                }
            }
            return List.copyOf(sets);
        });
    }

    /** The cards of an answer; a 404 is no cards. */
    static Fetched<Cards> cards(Answered a) {
        if (a.status() == 404) {
            return new Fetched.Ok<>(new Cards(List.of(), List.of(), List.of()));
        }
        if (a.status() != 200) {
            return failed(SourceHttp.refusal(SOURCE, a));
        }
        return array(a, "card list").map(list -> read(list, a.at()));
    }

    private static Cards read(List<JsonNode> list, Instant readAt) {
        Map<String, CatalogEntry> entries = new LinkedHashMap<>();
        Set<String> fromBase = new HashSet<>();
        Set<String> priced = new HashSet<>();
        var quotes = new ArrayList<PriceQuote>();
        var rejects = new ArrayList<Reject>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            var reasons = new LinkedHashMap<String, String>();
            Optional<String> id = text(c.path("card_set_id"));
            if (id.isEmpty() || !CARD_ID.matcher(id.get()).matches()) {
                reasons.put("card_set_id", describe(c.path("card_set_id"), "a card number such as OP01-001"));
            }
            Optional<String> name = text(c.path("card_name"));
            if (name.isEmpty()) {
                reasons.put("card_name", describe(c.path("card_name"), "a name"));
            }
            if (!reasons.isEmpty()) {
                rejects.add(new Reject(i, id.orElse(""), reasons));
                continue;
            }
            String number = id.get();
            String printing = printing(number, text(c.path("card_image_id")));
            boolean base = printing.equals("Normal");
            if (!entries.containsKey(number) || base && !fromBase.contains(number)) {
                entries.put(
                        number,
                        entry(
                                c,
                                number,
                                base
                                        ? name.get()
                                        : PARALLEL_NAME.matcher(name.get()).replaceFirst("")));
                if (base) {
                    fromBase.add(number);
                }
            }
            if (!priced.add(number + "\u0000" + printing)) {
                continue;
            }
            Instant at = date(c.path("date_scraped"))
                    .map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant())
                    .orElse(readAt);
            var read = new ArrayList<PriceQuote>();
            var bad = new LinkedHashMap<String, String>();
            quote(c, "market_price", PriceKind.MARKET, number, printing, at, read, bad);
            quote(c, "inventory_price", PriceKind.LOW, number, printing, at, read, bad);
            if (bad.isEmpty()) {
                quotes.addAll(read);
            } else {
                rejects.add(new Reject(i, number, bad));
            }
        }
        return new Cards(List.copyOf(entries.values()), quotes, rejects);
    }

    private static void quote(
            JsonNode c,
            String field,
            PriceKind kind,
            String number,
            String printing,
            Instant at,
            List<PriceQuote> into,
            Map<String, String> bad) {
        switch (Amounts.dollars(c.get(field))) {
            case Amounts.Amount.Absent none -> {}
            case Amounts.Amount.Refused invalid -> bad.put(field, invalid.why());
            case Amounts.Amount.Of amount ->
                into.add(new PriceQuote(SOURCE, number, printing, "", kind, amount.cents(), Currency.USD, at));
        }
    }

    private static CatalogEntry entry(JsonNode c, String number, String name) {
        Optional<String> setId = text(c.path("set_id"));
        Optional<String> rarity = text(c.path("rarity")).or(() -> text(c.path("card_rarity")));
        return new CatalogEntry(
                Game.ONEPIECE,
                SOURCE,
                number,
                setId.map(s -> new SetRef(s, Optional.empty()).code()),
                text(c.path("set_name")),
                Optional.empty(),
                Optional.of(number),
                name,
                rarity,
                text(c.path("card_image")));
    }

    /** "Normal" for the base art, "Parallel" for {@code _p1}, "Parallel 2" for {@code _p2}, else the suffix. */
    static String printing(String number, Optional<String> imageId) {
        if (imageId.isEmpty()
                || imageId.get().equalsIgnoreCase(number)
                || !imageId.get().startsWith(number)) {
            return "Normal";
        }
        String suffix = imageId.get().substring(number.length());
        Matcher m = PARALLEL.matcher(suffix);
        if (m.matches()) {
            int n = Integer.parseInt(m.group(1));
            return n <= 1 ? "Parallel" : "Parallel " + n;
        }
        String plain = suffix.replaceFirst("^[_-]+", "");
        return plain.isEmpty() ? "Normal" : plain;
    }

    /** The items of a JSON array answer, or of the array under {@code results} or {@code data}. */
    private static Fetched<List<JsonNode>> array(Answered a, String what) {
        JsonNode body;
        try {
            body = JSON.readTree(a.body());
        } catch (JsonProcessingException | RuntimeException e) {
            return failed(new PageOutcome.Malformed(
                    "the OPTCG " + what + " is not JSON: " + SourceHttp.abbreviate(a.body())));
        }
        if (body == null || body.isMissingNode()) {
            return failed(new PageOutcome.Malformed("the OPTCG " + what + " is empty"));
        }
        JsonNode items =
                body.isArray() ? body : body.path("results").isArray() ? body.path("results") : body.path("data");
        if (!items.isArray()) {
            return failed(new PageOutcome.Drift(List.of("optcg: the " + what + " is a "
                    + body.getNodeType().name().toLowerCase(Locale.ROOT) + ", not an array")));
        }
        var out = new ArrayList<JsonNode>(items.size());
        items.forEach(out::add);
        return new Fetched.Ok<>(out);
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank()
                ? Optional.of(node.asText().strip())
                : Optional.empty();
    }

    private static Optional<LocalDate> date(JsonNode node) {
        Optional<String> t = text(node).filter(s -> s.length() >= 10);
        try {
            return t.map(s -> LocalDate.parse(s.substring(0, 10)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String describe(JsonNode node, String expected) {
        if (node.isMissingNode()) {
            return "is missing";
        }
        if (node.isNull()) {
            return "is null";
        }
        String shown = node.toString();
        return "is not " + expected + ": " + (shown.length() <= 40 ? shown : shown.substring(0, 40) + "…");
    }

    private static <T> Fetched<T> failed(PageOutcome why) {
        return new Fetched.Failed<>(why);
    }
}
