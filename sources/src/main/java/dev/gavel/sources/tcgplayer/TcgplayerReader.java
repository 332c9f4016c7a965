package dev.gavel.sources.tcgplayer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.core.Secret;
import dev.gavel.market.catalog.CatalogEntry;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.PriceKind;
import dev.gavel.market.price.PriceQuote;
import dev.gavel.market.source.Fetched;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.strategy.PageOutcome.Failure;
import dev.gavel.market.strategy.Reject;
import dev.gavel.sources.wire.Amounts;
import dev.gavel.sources.wire.SourceHttp;
import dev.gavel.sources.wire.SourceHttp.Exchange.Answered;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads TCGplayer's answers: the token grant, and the {@code {success, errors, totalItems, results}}
 * envelope of groups, products and prices. Pure functions of the answer (status, body, time read); they
 * never throw. A 404 envelope is "nothing found" (an empty result), an envelope with {@code success:false}
 * is the source's error, a body that is not JSON is malformed, JSON of another shape is drift; inside a good
 * envelope, an item that cannot be read is refused or skipped with its reason and the items beside it are
 * kept.
 */
final class TcgplayerReader {
    static final String SOURCE = TcgplayerSettings.SOURCE;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private TcgplayerReader() {}

    /** A bearer token and the span it is good for. */
    record Token(Secret value, Instant issuedAt, Instant expiresAt) {
        /**
         * Whether to use it at {@code now}, or fetch a new one: it is renewed once less than a tenth of its
         * life, or less than an hour, is left, whichever margin is smaller (a 14-day token a little before
         * its last hour, a 10-minute token a minute before its end).
         */
        boolean freshAt(Instant now) {
            Duration life = Duration.between(issuedAt, expiresAt);
            Duration tenth = life.dividedBy(10);
            Duration margin = tenth.compareTo(Duration.ofHours(1)) < 0 ? tenth : Duration.ofHours(1);
            return now.isBefore(expiresAt.minus(margin));
        }
    }

    /** A TCGplayer group: one set. */
    record Group(int groupId, String name, Optional<String> abbreviation, Optional<LocalDate> publishedOn) {}

    record GroupPage(List<Group> groups, int totalItems, int read, List<String> problems) {}

    record ProductPage(List<CatalogEntry> entries, List<Reject> rejects, int totalItems, int read) {}

    record PricePage(List<PriceQuote> quotes, List<String> problems) {}

    /** An envelope's count and items; an empty one for a 404. */
    record Envelope(int totalItems, List<JsonNode> results) {}

    // ---- token

    static Fetched<Token> token(Answered a) {
        if (a.status() == 400 || a.status() == 401) {
            Optional<JsonNode> body = parse(a.body());
            String error = body.map(b -> b.path("error").asText("")).orElse("");
            String description =
                    body.map(b -> b.path("error_description").asText("")).orElse("");
            String why = error.isEmpty() ? SourceHttp.abbreviate(a.body()) : error;
            return failed(new PageOutcome.Unavailable(
                    Failure.UNAUTHORIZED,
                    "TCGplayer refused the client credentials (" + a.status() + " " + why
                            + (description.isEmpty() ? "" : ": " + description) + ")",
                    Optional.empty()));
        }
        if (a.status() != 200) {
            return failed(SourceHttp.refusal(SOURCE, a));
        }
        Optional<JsonNode> parsed = parse(a.body());
        if (parsed.isEmpty()) {
            return failed(new PageOutcome.Malformed("the TCGplayer token answer is not JSON"));
        }
        JsonNode body = parsed.get();
        var problems = new ArrayList<String>();
        JsonNode token = body.path("access_token");
        if (!token.isTextual() || token.asText().isBlank()) {
            problems.add("access_token is missing or not a string");
        }
        String type = body.path("token_type").asText("");
        if (!type.equalsIgnoreCase("bearer")) {
            problems.add("token_type is '" + shorten(type) + "', not bearer");
        }
        Optional<Long> expiresIn = wholeNumber(body.path("expires_in")).filter(s -> s > 0);
        if (expiresIn.isEmpty()) {
            problems.add("expires_in is not a positive number of seconds");
        }
        if (!problems.isEmpty()) {
            return failed(new PageOutcome.Drift(List.of("tcgplayer token: " + String.join("; ", problems))));
        }
        return new Fetched.Ok<>(new Token(Secret.of(token.asText()), a.at(), a.at().plusSeconds(expiresIn.get())));
    }

    // ---- the envelope

    static Fetched<Envelope> envelope(Answered a) {
        int status = a.status();
        if (status == 200 || status == 404 || status == 400) {
            Optional<JsonNode> parsed = parse(a.body());
            if (parsed.isEmpty()) {
                return status == 200
                        ? failed(new PageOutcome.Malformed(
                                "the TCGplayer answer is not JSON: " + SourceHttp.abbreviate(a.body())))
                        : failed(SourceHttp.refusal(SOURCE, a));
            }
            JsonNode body = parsed.get();
            boolean envelope = body.isObject() && (body.has("results") || body.has("success"));
            if (!envelope) {
                return status == 200
                        ? failed(new PageOutcome.Drift(List.of("tcgplayer: the answer is a "
                                + body.getNodeType().name().toLowerCase(Locale.ROOT)
                                + " without success or results, not an envelope")))
                        : failed(SourceHttp.refusal(SOURCE, a));
            }
            if (status == 404) {
                // TCGplayer's "No products were found.": nothing there, not a failure
                return new Fetched.Ok<>(new Envelope(0, List.of()));
            }
            if (status == 400
                    || body.path("success").isBoolean() && !body.path("success").booleanValue()) {
                return failed(new PageOutcome.SourceError(SOURCE, Integer.toString(status), errors(body)));
            }
            JsonNode results = body.path("results");
            if (!results.isArray()) {
                return failed(new PageOutcome.Drift(List.of("tcgplayer: results is "
                        + (results.isMissingNode() ? "missing" : "not an array") + " in a successful envelope")));
            }
            var items = new ArrayList<JsonNode>(results.size());
            results.forEach(items::add);
            int total = wholeNumber(body.path("totalItems"))
                    .filter(t -> t >= 0 && t <= Integer.MAX_VALUE)
                    .map(Long::intValue)
                    .orElse(items.size());
            return new Fetched.Ok<>(new Envelope(total, items));
        }
        return failed(SourceHttp.refusal(SOURCE, a));
    }

    private static String errors(JsonNode body) {
        var messages = new ArrayList<String>();
        JsonNode errors = body.path("errors");
        if (errors.isArray()) {
            errors.forEach(e -> messages.add(e.isTextual() ? e.asText() : e.toString()));
        }
        return messages.isEmpty() ? "TCGplayer answered success:false without errors" : String.join("; ", messages);
    }

    // ---- groups

    static Fetched<GroupPage> groups(Answered a) {
        return envelope(a).map(e -> {
            var groups = new ArrayList<Group>();
            var problems = new ArrayList<String>();
            for (int i = 0; i < e.results().size(); i++) {
                JsonNode g = e.results().get(i);
                Optional<Integer> id = id(g.path("groupId"));
                String name = text(g.path("name")).orElse("");
                if (id.isEmpty() || name.isBlank()) {
                    problems.add("group " + i + ": " + (id.isEmpty() ? "no groupId" : "no name"));
                    continue;
                }
                groups.add(new Group(id.get(), name, text(g.path("abbreviation")), date(g.path("publishedOn"))));
            }
            return new GroupPage(groups, e.totalItems(), e.results().size(), problems);
        });
    }

    // ---- products

    static Fetched<ProductPage> products(Answered a, Game game, Group group) {
        return envelope(a).map(e -> {
            var entries = new ArrayList<CatalogEntry>();
            var rejects = new ArrayList<Reject>();
            for (int i = 0; i < e.results().size(); i++) {
                JsonNode p = e.results().get(i);
                var reasons = new LinkedHashMap<String, String>();
                Optional<Integer> id = id(p.path("productId"));
                if (id.isEmpty()) {
                    reasons.put("productId", describe(p.path("productId"), "a positive whole number"));
                }
                Optional<String> name = text(p.path("name"));
                if (name.isEmpty()) {
                    reasons.put("name", describe(p.path("name"), "a name"));
                }
                if (!reasons.isEmpty()) {
                    rejects.add(new Reject(i, id.map(String::valueOf).orElse(""), reasons));
                    continue;
                }
                Map<String, String> extended = extended(p.path("extendedData"));
                entries.add(new CatalogEntry(
                        game,
                        SOURCE,
                        Integer.toString(id.get()),
                        group.abbreviation(),
                        Optional.of(group.name()),
                        group.publishedOn(),
                        Optional.ofNullable(extended.get("number")),
                        name.get(),
                        Optional.ofNullable(extended.get("rarity")),
                        text(p.path("imageUrl"))));
            }
            return new ProductPage(entries, rejects, e.totalItems(), e.results().size());
        });
    }

    /** extendedData by lower-cased name, non-blank values only. */
    private static Map<String, String> extended(JsonNode data) {
        var out = new LinkedHashMap<String, String>();
        if (data.isArray()) {
            for (JsonNode d : data) {
                Optional<String> name = text(d.path("name"));
                JsonNode value = d.path("value");
                Optional<String> v = value.isNumber() ? Optional.of(value.asText()) : text(value);
                if (name.isPresent() && v.isPresent()) {
                    out.putIfAbsent(name.get().toLowerCase(Locale.ROOT), v.get());
                }
            }
        }
        return out;
    }

    // ---- prices

    private record Field(String name, PriceKind kind) {}

    private static final List<Field> PRICE_FIELDS = List.of(
            new Field("marketPrice", PriceKind.MARKET),
            new Field("lowPrice", PriceKind.LOW),
            new Field("midPrice", PriceKind.MID),
            new Field("highPrice", PriceKind.HIGH),
            new Field("directLowPrice", PriceKind.DIRECT_LOW));

    static Fetched<PricePage> prices(Answered a) {
        return envelope(a).map(e -> {
            var quotes = new ArrayList<PriceQuote>();
            var problems = new ArrayList<String>();
            for (int i = 0; i < e.results().size(); i++) {
                JsonNode r = e.results().get(i);
                var reasons = new ArrayList<String>();
                Optional<Integer> id = id(r.path("productId"));
                if (id.isEmpty()) {
                    reasons.add("productId " + describe(r.path("productId"), "a positive whole number"));
                }
                Optional<String> printing = text(r.path("subTypeName"));
                if (printing.isEmpty()) {
                    reasons.add("subTypeName " + describe(r.path("subTypeName"), "a printing"));
                }
                var read = new ArrayList<PriceQuote>();
                for (Field f : PRICE_FIELDS) {
                    switch (Amounts.dollars(r.get(f.name()))) {
                        case Amounts.Amount.Absent none -> {}
                        case Amounts.Amount.Refused bad -> reasons.add(f.name() + " " + bad.why());
                        case Amounts.Amount.Of amount -> {
                            if (reasons.isEmpty()) {
                                read.add(new PriceQuote(
                                        SOURCE,
                                        Integer.toString(id.get()),
                                        printing.get(),
                                        "",
                                        f.kind(),
                                        amount.cents(),
                                        Currency.USD,
                                        a.at()));
                            }
                        }
                    }
                }
                if (reasons.isEmpty()) {
                    quotes.addAll(read);
                } else {
                    problems.add("result " + i
                            + id.map(v -> " (product " + v + ")").orElse("") + ": " + String.join("; ", reasons));
                }
            }
            return new PricePage(quotes, problems);
        });
    }

    // ---- small readers

    private static Optional<JsonNode> parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JsonProcessingException | RuntimeException e) {
            // Jackson reports over-long numbers and nesting with runtime exceptions too
            return Optional.empty();
        }
    }

    private static Optional<Integer> id(JsonNode node) {
        return wholeNumber(node).filter(v -> v > 0 && v <= Integer.MAX_VALUE).map(Long::intValue);
    }

    private static Optional<Long> wholeNumber(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Optional.of(node.longValue());
        }
        if (node.isTextual() && node.asText().matches("\\d{1,18}")) {
            return Optional.of(Long.parseLong(node.asText()));
        }
        return Optional.empty();
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
        return "is not " + expected + ": " + shorten(node.toString());
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static <T> Fetched<T> failed(PageOutcome why) {
        return new Fetched.Failed<>(why);
    }
}
