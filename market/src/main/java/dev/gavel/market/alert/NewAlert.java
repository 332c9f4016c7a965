package dev.gavel.market.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.market.listing.PriceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An alert as a collector asks for it, {@code POST /api/alerts}: {@code {itemId, condition, channels, source?,
 * kind?, printing?, rearm?}}. {@code kind} is a {@link PriceKind} ({@code "market"} unless given); {@code rearm}
 * is an interval such as {@code "24h"} after which a fired alert may fire again (absent, null or "": one-shot).
 */
public record NewAlert(
        long itemId,
        Optional<String> source,
        PriceKind kind,
        Optional<String> printing,
        AlertCondition condition,
        List<AlertChannel> channels,
        Optional<Duration> rearm) {
    public static final Duration MIN_REARM = Duration.ofMinutes(1);
    public static final Duration MAX_REARM = Duration.ofDays(365);
    public static final int MAX_PRINTING = 100;

    private static final Set<String> FIELDS =
            Set.of("itemId", "condition", "channels", "source", "kind", "printing", "rearm");
    private static final Pattern SOURCE = Pattern.compile("^[a-z0-9][a-z0-9_.-]{0,39}$");

    public NewAlert {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(printing, "printing");
        Objects.requireNonNull(condition, "condition");
        channels = List.copyOf(channels);
        Objects.requireNonNull(rearm, "rearm");
        if (channels.isEmpty() || channels.size() > Alert.MAX_CHANNELS) {
            throw new IllegalArgumentException("an alert has 1 to " + Alert.MAX_CHANNELS + " channels");
        }
    }

    /** The request, or every problem with it by field ({@code "condition.below"}, {@code "channels[1].email"}). */
    public static Parsed<NewAlert> parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Parsed.problem("body", "must be a JSON object {itemId, condition, channels}");
        }
        var problems = new LinkedHashMap<String, String>();
        for (var field : body.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                problems.put(
                        field.getKey(),
                        "is not a field of an alert; known: "
                                + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        long itemId = 0;
        JsonNode item = body.get("itemId");
        if (item == null || item.isNull()) {
            problems.put("itemId", "is required: the catalog id of the card, as from /api/cards/search");
        } else if (!item.canConvertToExactIntegral() || !item.canConvertToLong() || item.asLong() <= 0) {
            problems.put("itemId", "must be a positive whole number");
        } else {
            itemId = item.asLong();
        }

        Parsed<AlertCondition> condition = AlertCondition.parse(body.get("condition"));
        problems.putAll(condition.problemsUnder("condition."));

        var channels = new ArrayList<AlertChannel>();
        JsonNode list = body.get("channels");
        if (list == null || list.isNull()) {
            problems.put(
                    "channels",
                    "is required: 1 to " + Alert.MAX_CHANNELS
                            + " of {\"webhook\":\"https://…\"} or {\"email\":\"you@example.com\"}");
        } else if (!list.isArray() || list.isEmpty() || list.size() > Alert.MAX_CHANNELS) {
            problems.put("channels", "must be an array of 1 to " + Alert.MAX_CHANNELS + " channels");
        } else {
            for (int i = 0; i < list.size(); i++) {
                Parsed<AlertChannel> channel = AlertChannel.parse(list.get(i));
                problems.putAll(channel.problemsUnder("channels[" + i + "]."));
                if (channel.isValid()) {
                    int earlier = channels.indexOf(channel.orElseThrow());
                    if (earlier >= 0) {
                        problems.put("channels[" + i + "]", "repeats channels[" + earlier + "]");
                    }
                    channels.add(channel.orElseThrow());
                }
            }
        }

        Optional<String> source = text(body, "source", problems).flatMap(s -> {
            if (!SOURCE.matcher(s).matches()) {
                problems.put(
                        "source", "must be a source name such as \"tcgplayer\" (lower case letters, digits, - _ .)");
                return Optional.empty();
            }
            return Optional.of(s);
        });
        PriceKind kind = text(body, "kind", problems)
                .map(k -> {
                    try {
                        return PriceKind.valueOf(
                                k.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
                    } catch (IllegalArgumentException e) {
                        problems.put(
                                "kind",
                                "must be one of "
                                        + Arrays.stream(PriceKind.values())
                                                .map(p -> p.name().toLowerCase(Locale.ROOT))
                                                .toList());
                        return PriceKind.MARKET;
                    }
                })
                .orElse(PriceKind.MARKET);
        Optional<String> printing = text(body, "printing", problems).filter(p -> {
            if (p.length() > MAX_PRINTING) {
                problems.put("printing", "is longer than " + MAX_PRINTING + " characters");
                return false;
            }
            return true;
        });
        Optional<Duration> rearm = text(body, "rearm", problems).flatMap(r -> {
            Optional<Duration> span =
                    DurationText.parse(r).filter(d -> d.compareTo(MIN_REARM) >= 0 && d.compareTo(MAX_REARM) <= 0);
            if (span.isEmpty()) {
                problems.put(
                        "rearm",
                        "must be an interval from 1m to 365d such as \"30m\", \"24h\" or \"7d\", or null for a one-shot alert");
            }
            return span;
        });
        if (!problems.isEmpty()) {
            return Parsed.problems(problems);
        }
        return Parsed.ok(new NewAlert(itemId, source, kind, printing, condition.orElseThrow(), channels, rearm));
    }

    /** An optional text field: absent, null or blank is empty; anything but a string is a problem. */
    private static Optional<String> text(JsonNode body, String field, Map<String, String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problems.put(field, "must be a string");
            return Optional.empty();
        }
        return Optional.of(node.asText().strip()).filter(s -> !s.isEmpty());
    }
}
