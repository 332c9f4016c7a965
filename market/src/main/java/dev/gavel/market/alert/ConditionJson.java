package dev.gavel.market.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.market.alert.AlertCondition.Above;
import dev.gavel.market.alert.AlertCondition.Below;
import dev.gavel.market.alert.AlertCondition.ChangePercent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads {@link AlertCondition}'s JSON form, collecting every problem by field. */
final class ConditionJson {
    private static final List<String> KINDS = List.of("below", "above", "changePercent");
    private static final Pattern PERCENT = Pattern.compile("^[+-]?\\d{1,5}(\\.\\d{1,2})?$");
    private static final String SHAPES =
            "{\"below\":\"12.50\"}, {\"above\":\"40\"} or {\"changePercent\":\"-20\",\"window\":\"24h\"}";

    private ConditionJson() {}

    static Parsed<AlertCondition> parse(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Parsed.problem("", "is required: " + SHAPES);
        }
        if (!node.isObject()) {
            return Parsed.problem("", "must be an object: " + SHAPES);
        }
        var problems = new LinkedHashMap<String, String>();
        var kinds = new ArrayList<String>();
        for (var field : node.properties()) {
            String name = field.getKey();
            if (KINDS.contains(name)) {
                kinds.add(name);
            } else if (!name.equals("window")) {
                problems.put(name, "is not a condition field; give one of " + SHAPES);
            }
        }
        if (kinds.size() != 1) {
            problems.put(
                    "",
                    kinds.isEmpty()
                            ? "needs one of below, above or changePercent: " + SHAPES
                            : "give exactly one of below, above or changePercent, not " + String.join(" and ", kinds));
            return Parsed.problems(problems);
        }
        String kind = kinds.get(0);
        if (!kind.equals("changePercent") && node.has("window")) {
            problems.put("window", "only a changePercent condition has a window");
        }
        JsonNode value = node.get(kind);
        if (!value.isTextual()) {
            problems.put(
                    kind,
                    "must be a decimal string such as " + (kind.equals("changePercent") ? "\"-20\"" : "\"12.50\""));
            return Parsed.problems(problems);
        }
        AlertCondition condition =
                switch (kind) {
                    case "below", "above" -> {
                        Parsed<Long> amount = Amounts.parse(kind, value.asText(), AlertCondition.CURRENCY);
                        problems.putAll(amount.problems());
                        yield amount.value()
                                .map(a -> kind.equals("below") ? (AlertCondition) new Below(a) : new Above(a))
                                .orElse(null);
                    }
                    default -> changePercent(value.asText(), node.get("window"), problems);
                };
        return problems.isEmpty() ? Parsed.ok(condition) : Parsed.problems(problems);
    }

    private static ChangePercent changePercent(String text, JsonNode windowNode, Map<String, String> problems) {
        BigDecimal percent = null;
        if (!PERCENT.matcher(text).matches()) {
            problems.put(
                    "changePercent",
                    "must be a percent with at most 2 decimals, such as \"-20\" (a drop of 20 % or more) or \"15\" (a"
                            + " rise), not \"" + Amounts.clip(text) + "\"");
        } else {
            percent = new BigDecimal(text);
            if (percent.signum() == 0) {
                problems.put("changePercent", "must not be 0: \"-20\" is a drop of 20 % or more, \"15\" a rise");
            } else if (percent.compareTo(BigDecimal.valueOf(-100)) <= 0) {
                problems.put("changePercent", "a price cannot drop by 100 % or more; give a drop above -100");
            } else if (percent.compareTo(AlertCondition.MAX_PERCENT) > 0) {
                problems.put("changePercent", "must be at most 10000");
            }
        }
        Duration window = null;
        if (windowNode == null || windowNode.isNull()) {
            problems.put("window", "is required with changePercent, such as \"24h\" or \"7d\"");
        } else {
            window = windowNode.isTextual()
                    ? DurationText.parse(windowNode.asText()).orElse(null)
                    : null;
            if (window == null
                    || window.toMinutes() % 60 != 0
                    || window.compareTo(AlertCondition.MIN_WINDOW) < 0
                    || window.compareTo(AlertCondition.MAX_WINDOW) > 0) {
                problems.put(
                        "window", "must be whole hours or days from 1h to 365d, such as \"24h\", \"7d\" or \"30d\"");
            }
        }
        return problems.isEmpty() ? new ChangePercent(percent, window) : null;
    }
}
