package dev.gavel.sources.pokemontcg;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Pokémon TCG API's answers: the envelope {@code {data, page, pageSize, count, totalCount}}, its
 * error envelope {@code {"error":{"message","code"}}}, sets, and cards with their embedded prices. Pure
 * functions of the text; they never throw. Thread-safe.
 *
 * <p>Choices a reader of the data should know:
 *
 * <ul>
 *   <li>A card's catalog number is {@code number + "/" + set.printedTotal} ("199/165"), the number as printed
 *       on the card and as TCGplayer writes it, so the two sources meet on one catalog item; the API's bare
 *       {@code number} ("199") stays in the card's id ({@code sv6-199}).
 *   <li>{@code tcgplayer.prices} gives one quote per printing and kind: the keys {@code normal}, {@code
 *       holofoil}, {@code reverseHolofoil}, {@code 1stEditionHolofoil}, {@code 1stEditionNormal} become the
 *       printings "Normal", "Holofoil", "Reverse Holofoil", "1st Edition Holofoil", "1st Edition Normal"
 *       (others are spelled out from their camel case), and {@code low, mid, high, market, directLow} the
 *       kinds LOW, MID, HIGH, MARKET, DIRECT_LOW, in USD cents; a null is no price.
 *   <li>{@code cardmarket.prices} gives quotes of source {@code "cardmarket"} in EUR for the same card id:
 *       {@code trendPrice} as MARKET and {@code lowPrice} as LOW of printing "", {@code reverseHoloTrend} and
 *       {@code reverseHoloLow} the same for "Reverse Holofoil". Cardmarket writes 0 for "no price", so zeros
 *       are skipped.
 *   <li>A quote is as of {@code updatedAt} ("2026/12/02", a day: its start in UTC), or the time of the
 *       answer when the day is missing or unreadable. The API refreshes prices daily and keeps no history.
 *   <li>Amounts are JSON numbers read through {@code BigDecimal}, rounded half up to the cent if they have
 *       more decimals.
 * </ul>
 */
final class PokemonTcgJson {
    static final String STRATEGY = "pokemontcg.v2";
    static final String CARDMARKET = "cardmarket";

    /** A hostile answer must not make a number a megabyte long or nest until the stack ends. */
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNumberLength(64)
                            .maxNestingDepth(64)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu/MM/dd");
    private static final Map<String, String> PRINTINGS = Map.of(
            "normal", "Normal",
            "holofoil", "Holofoil",
            "reverseHolofoil", "Reverse Holofoil",
            "1stEditionHolofoil", "1st Edition Holofoil",
            "1stEditionNormal", "1st Edition Normal");
    private static final Map<String, PriceKind> KINDS = Map.of(
            "low", PriceKind.LOW,
            "mid", PriceKind.MID,
            "high", PriceKind.HIGH,
            "market", PriceKind.MARKET,
            "directLow", PriceKind.DIRECT_LOW);

    private PokemonTcgJson() {}

    /** One page of an answer: its {@code data} items and how many match in all. */
    record Envelope(List<JsonNode> data, long totalCount) {
        Envelope {
            data = List.copyOf(data);
        }
    }

    /** A set as the catalog orders and names it. */
    record SetInfo(String id, String name, Optional<LocalDate> released, Optional<Integer> printedTotal) {}

    /** The cards of a page read: entries, the quotes they carry, and what was refused. */
    record Cards(List<CatalogEntry> entries, List<PriceQuote> quotes, List<Reject> rejects) {
        Cards {
            entries = List.copyOf(entries);
            quotes = List.copyOf(quotes);
            rejects = List.copyOf(rejects);
        }
    }

    /** A 200 answer's envelope, or why it is none: not JSON ({@link PageOutcome.Malformed}), or another shape. */
    static Fetched<Envelope> envelope(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            return new Fetched.Failed<>(
                    new PageOutcome.Malformed("the pokemontcg answer is not JSON: " + e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            // Jackson refuses a number such as 1e99999999999 with a NumberFormatException of its own
            return new Fetched.Failed<>(new PageOutcome.Malformed(
                    "the pokemontcg answer holds an unreadable number: " + SourceHttp.abbreviate(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            return new Fetched.Failed<>(new PageOutcome.Malformed("the pokemontcg answer is not a JSON object"));
        }
        Optional<PageOutcome> error = error(root);
        if (error.isPresent()) {
            return new Fetched.Failed<>(error.get());
        }
        var reasons = new ArrayList<String>();
        JsonNode data = root.get("data");
        if (data == null || !data.isArray()) {
            reasons.add(STRATEGY + ": no data array");
        }
        JsonNode total = root.get("totalCount");
        if (total == null || !total.canConvertToLong() || !total.isIntegralNumber() || total.asLong() < 0) {
            reasons.add(STRATEGY + ": totalCount is not a count: " + SourceHttp.abbreviate(String.valueOf(total)));
        }
        if (!reasons.isEmpty()) {
            return new Fetched.Failed<>(new PageOutcome.Drift(reasons));
        }
        var items = new ArrayList<JsonNode>(data.size());
        data.forEach(items::add);
        return new Fetched.Ok<>(new Envelope(items, total.asLong()));
    }

    /** The API's error envelope in any answer, as the source's error; empty when the answer has none. */
    static Optional<PageOutcome> error(String body) {
        try {
            JsonNode root = JSON.readTree(body == null ? "" : body);
            return root == null ? Optional.empty() : error(root);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<PageOutcome> error(JsonNode root) {
        JsonNode error = root.get("error");
        if (error == null || !error.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new PageOutcome.SourceError(
                PokemonTcgSettings.SOURCE,
                error.path("code").asText(""),
                SourceHttp.abbreviate(error.path("message").asText("(no message)"))));
    }

    /** The sets of a page; items without an id are skipped, for a set is only ever found by its id. */
    static List<SetInfo> sets(Envelope page) {
        var out = new ArrayList<SetInfo>();
        for (JsonNode s : page.data()) {
            text(s.get("id")).ifPresent(id -> out.add(set(s, id)));
        }
        return out;
    }

    private static SetInfo set(JsonNode s, String id) {
        JsonNode printed = s.get("printedTotal");
        Optional<Integer> printedTotal =
                printed != null && printed.isIntegralNumber() && printed.canConvertToInt() && printed.asInt() > 0
                        ? Optional.of(printed.asInt())
                        : Optional.empty();
        return new SetInfo(id, text(s.get("name")).orElse(id), day(s.get("releaseDate")), printedTotal);
    }

    /**
     * The cards of a page as catalog entries and quotes. A card without an id or a name is refused whole; a
     * price that is not an amount is refused by itself (a reject naming its field) and the card stays.
     */
    static Cards cards(Envelope page, Instant answeredAt) {
        var entries = new ArrayList<CatalogEntry>();
        var quotes = new ArrayList<PriceQuote>();
        var rejects = new ArrayList<Reject>();
        List<JsonNode> data = page.data();
        for (int i = 0; i < data.size(); i++) {
            JsonNode card = data.get(i);
            Optional<String> id = text(card.get("id"));
            Optional<String> name = text(card.get("name"));
            if (id.isEmpty() || name.isEmpty() || !card.isObject()) {
                var why = new LinkedHashMap<String, String>();
                if (!card.isObject()) {
                    why.put("card", "is not an object");
                } else {
                    id.ifPresentOrElse(x -> {}, () -> why.put("id", "is missing"));
                    name.ifPresentOrElse(x -> {}, () -> why.put("name", "is missing"));
                }
                rejects.add(new Reject(i, id.orElse(""), why));
                continue;
            }
            entries.add(entry(card, id.get(), name.get()));
            var why = new LinkedHashMap<String, String>();
            quotes.addAll(tcgplayer(card.path("tcgplayer"), id.get(), answeredAt, why));
            quotes.addAll(cardmarket(card.path("cardmarket"), id.get(), answeredAt, why));
            if (!why.isEmpty()) {
                rejects.add(new Reject(i, id.get(), why));
            }
        }
        return new Cards(entries, quotes, rejects);
    }

    private static CatalogEntry entry(JsonNode card, String id, String name) {
        JsonNode set = card.path("set");
        Optional<SetInfo> info = text(set.get("id")).map(setId -> set(set, setId));
        Optional<String> number = text(card.get("number")).map(n -> info.flatMap(SetInfo::printedTotal)
                .map(total -> n + "/" + total)
                .orElse(n));
        return new CatalogEntry(
                Game.POKEMON,
                PokemonTcgSettings.SOURCE,
                id,
                info.map(SetInfo::id),
                info.map(SetInfo::name),
                info.flatMap(SetInfo::released),
                number,
                name,
                text(card.get("rarity")),
                text(card.path("images").get("small"))
                        .or(() -> text(card.path("images").get("large"))));
    }

    private static List<PriceQuote> tcgplayer(JsonNode tcg, String id, Instant answeredAt, Map<String, String> why) {
        JsonNode prices = tcg.path("prices");
        if (!prices.isObject()) {
            return List.of();
        }
        Instant at = day(tcg.get("updatedAt"))
                .map(d -> d.atStartOfDay().toInstant(ZoneOffset.UTC))
                .orElse(answeredAt);
        var out = new ArrayList<PriceQuote>();
        for (var printing : prices.properties()) {
            if (!printing.getValue().isObject()) {
                continue;
            }
            String name = printing(printing.getKey());
            for (var kind : printing.getValue().properties()) {
                PriceKind k = KINDS.get(kind.getKey());
                if (k == null) {
                    continue;
                }
                String field = "tcgplayer.prices." + printing.getKey() + "." + kind.getKey();
                switch (Amounts.read(kind.getValue(), false)) {
                    case Amounts.Amount.Of of ->
                        out.add(new PriceQuote(
                                PokemonTcgSettings.SOURCE, id, name, "", k, of.cents(), Currency.USD, at));
                    case Amounts.Amount.Absent absent -> {}
                    case Amounts.Amount.Refused refused -> why.put(field, refused.why());
                }
            }
        }
        return out;
    }

    private static List<PriceQuote> cardmarket(
            JsonNode market, String id, Instant answeredAt, Map<String, String> why) {
        JsonNode prices = market.path("prices");
        if (!prices.isObject()) {
            return List.of();
        }
        Instant at = day(market.get("updatedAt"))
                .map(d -> d.atStartOfDay().toInstant(ZoneOffset.UTC))
                .orElse(answeredAt);
        var out = new ArrayList<PriceQuote>();
        for (var field : List.of(
                new String[] {"trendPrice", "", "MARKET"},
                new String[] {"lowPrice", "", "LOW"},
                new String[] {"reverseHoloTrend", "Reverse Holofoil", "MARKET"},
                new String[] {"reverseHoloLow", "Reverse Holofoil", "LOW"})) {
            switch (Amounts.read(prices.get(field[0]), false)) {
                case Amounts.Amount.Of of
                when of.cents() > 0 ->
                    out.add(new PriceQuote(
                            CARDMARKET, id, field[1], "", PriceKind.valueOf(field[2]), of.cents(), Currency.EUR, at));
                case Amounts.Amount.Of zero -> {}
                case Amounts.Amount.Absent absent -> {}
                case Amounts.Amount.Refused refused -> why.put("cardmarket.prices." + field[0], refused.why());
            }
        }
        return out;
    }

    /** A price key as a printing name: the known ones by table, others spelled out ("unlimitedHolofoil"). */
    static String printing(String key) {
        String known = PRINTINGS.get(key);
        if (known != null) {
            return known;
        }
        var words = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (i > 0 && Character.isUpperCase(c) && !Character.isUpperCase(key.charAt(i - 1))) {
                words.append(' ');
            }
            words.append(i == 0 ? Character.toUpperCase(c) : c);
        }
        return words.toString();
    }

    private static Optional<String> text(JsonNode v) {
        if (v == null || !v.isTextual() || v.asText().isBlank() || v.asText().length() > 256) {
            return Optional.empty();
        }
        return Optional.of(v.asText().strip());
    }

    private static Optional<LocalDate> day(JsonNode v) {
        Optional<String> t = text(v);
        if (t.isEmpty() || t.get().length() < 10) {
            return Optional.empty();
        }
        try {
            // sets write "2024/05/24", their updatedAt "2024/05/24 15:00:00": the day is the first ten
            return Optional.of(LocalDate.parse(t.get().substring(0, 10), DAY));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
