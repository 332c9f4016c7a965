package dev.gavel.market.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.market.alert.AlertCondition.Above;
import dev.gavel.market.alert.AlertCondition.Below;
import dev.gavel.market.alert.AlertCondition.ChangePercent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertConditionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static Parsed<AlertCondition> parse(String text) {
        return AlertCondition.parse(json(text));
    }

    @Test
    void below_and_above_read_dollars_as_cents() {
        assertThat(parse("{\"below\":\"12.50\"}").orElseThrow()).isEqualTo(new Below(1250));
        assertThat(parse("{\"below\":\"12.5\"}").orElseThrow()).isEqualTo(new Below(1250));
        assertThat(parse("{\"above\":\"40\"}").orElseThrow()).isEqualTo(new Above(4000));
        assertThat(parse("{\"above\":\"0.01\"}").orElseThrow()).isEqualTo(new Above(1));
    }

    @Test
    void a_change_reads_its_percent_and_window() {
        assertThat(parse("{\"changePercent\":\"-20\",\"window\":\"24h\"}").orElseThrow())
                .isEqualTo(new ChangePercent(new BigDecimal("-20"), Duration.ofHours(24)));
        assertThat(parse("{\"changePercent\":\"15.5\",\"window\":\"7d\"}").orElseThrow())
                .isEqualTo(new ChangePercent(new BigDecimal("15.5"), Duration.ofDays(7)));
        var drop = (ChangePercent)
                parse("{\"window\":\"30d\",\"changePercent\":\"-5.25\"}").orElseThrow();
        assertThat(drop.isDrop()).isTrue();
        assertThat(drop.window()).isEqualTo(Duration.ofDays(30));
        assertThat(((ChangePercent) parse("{\"changePercent\":\"+10\",\"window\":\"1h\"}")
                                .orElseThrow())
                        .isDrop())
                .isFalse();
    }

    @Test
    void each_condition_renders_back_to_the_form_it_was_read_from() {
        for (String text : new String[] {
            "{\"below\":\"12.50\"}",
            "{\"above\":\"40.00\"}",
            "{\"changePercent\":\"-20\",\"window\":\"24h\"}",
            "{\"changePercent\":\"12.5\",\"window\":\"7d\"}",
            "{\"changePercent\":\"3\",\"window\":\"1h\"}",
        }) {
            assertThat(parse(text).orElseThrow().toJson()).as(text).isEqualTo(json(text));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"below":12.5}                                  | below         | decimal string
            {"below":"12,50"}                               | below         | comma
            {"below":"-3"}                                  | below         | negative
            {"below":"0"}                                   | below         | more than 0
            {"below":"12.505"}                              | below         | more decimals than USD
            {"below":"1e3"}                                 | below         | decimal string
            {"below":""}                                    | below         | required
            {"above":"ten"}                                 | above         | decimal string
            {"changePercent":"-20"}                         | window        | required
            {"changePercent":"-20","window":"tomorrow"}     | window        | hours or days
            {"changePercent":"-20","window":"30m"}          | window        | 1h to 365d
            {"changePercent":"-20","window":"400d"}         | window        | 1h to 365d
            {"changePercent":"0","window":"24h"}            | changePercent | not be 0
            {"changePercent":"-100","window":"24h"}         | changePercent | 100 %
            {"changePercent":"-20%","window":"24h"}         | changePercent | percent
            {"changePercent":"20000","window":"24h"}        | changePercent | at most 10000
            {"changePercent":-20,"window":"24h"}            | changePercent | decimal string
            {"below":"10","window":"24h"}                   | window        | only a changePercent
            {"below":"10","above":"20"}                     | ''            | exactly one
            {}                                              | ''            | one of below
            {"under":"10"}                                  | under         | not a condition field
            "below 10"                                      | ''            | an object
            """)
    void a_malformed_condition_says_which_field_is_wrong_and_why(String text, String field, String reason) {
        var parsed = parse(text);

        assertThat(parsed.isValid()).as(text).isFalse();
        assertThat(parsed.problems()).as(text).containsKey(field);
        assertThat(parsed.problems().get(field)).as(text).contains(reason);
    }

    @Test
    void every_problem_is_reported_at_once() {
        var parsed = parse("{\"changePercent\":\"abc\",\"window\":\"soon\",\"color\":\"red\"}");

        assertThat(parsed.problems()).containsOnlyKeys("changePercent", "window", "color");
    }

    @Test
    void a_missing_condition_is_a_problem_and_not_an_exception() {
        assertThat(AlertCondition.parse(null).problems()).containsKey("");
        assertThat(AlertCondition.parse(json("null")).problems()).containsKey("");
        assertThat(AlertCondition.parse(json("{\"c\":1}")).problemsUnder("condition."))
                .containsKeys("condition", "condition.c");
    }

    @Test
    void conditions_refuse_values_no_parse_would_give() {
        assertThatThrownBy(() -> new Below(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChangePercent(BigDecimal.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChangePercent(BigDecimal.TEN, Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generated_conditions_survive_a_round_trip_through_json() {
        long seed = 20261125L;
        var random = new SplittableRandom(seed);
        for (int i = 0; i < 2_000; i++) {
            AlertCondition condition =
                    switch (random.nextInt(3)) {
                        case 0 -> new Below(1 + random.nextLong(10_000_000));
                        case 1 -> new Above(1 + random.nextLong(10_000_000));
                        default -> {
                            BigDecimal percent;
                            do {
                                percent = BigDecimal.valueOf(random.nextLong(-9_999, 1_000_000), 2);
                            } while (percent.signum() == 0);
                            long hours = 1 + random.nextLong(365 * 24);
                            yield new ChangePercent(percent, Duration.ofHours(hours));
                        }
                    };
            var back = AlertCondition.parse(condition.toJson());
            assertThat(back.isValid())
                    .as("seed %d, %s: %s", seed, condition, back.problems())
                    .isTrue();
            AlertCondition again = back.orElseThrow();
            if (condition instanceof ChangePercent c && again instanceof ChangePercent d) {
                assertThat(d.percent()).as("seed %d", seed).isEqualByComparingTo(c.percent());
                assertThat(d.window()).as("seed %d", seed).isEqualTo(c.window());
            } else {
                assertThat(again).as("seed %d", seed).isEqualTo(condition);
            }
        }
    }
}
