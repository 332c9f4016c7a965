package dev.gavel.market.alert;

import static dev.gavel.market.alert.AlertConditionTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.market.listing.PriceKind;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NewAlertTest {
    @Test
    void the_api_example_is_a_one_shot_alert_on_the_market_price_from_any_source() {
        var alert = NewAlert.parse(json("""
                        {"itemId": 42, "condition": {"below": "12.50"},
                         "channels": [{"webhook": "https://hooks.example.com/x"}, {"email": "ash@example.com"}]}""")).orElseThrow();

        assertThat(alert.itemId()).isEqualTo(42);
        assertThat(alert.condition()).isEqualTo(new AlertCondition.Below(1250));
        assertThat(alert.channels()).hasSize(2);
        assertThat(alert.kind()).isEqualTo(PriceKind.MARKET);
        assertThat(alert.source()).isEmpty();
        assertThat(alert.printing()).isEmpty();
        assertThat(alert.rearm()).isEmpty();
    }

    @Test
    void source_kind_printing_and_rearm_narrow_and_repeat_an_alert() {
        var alert = NewAlert.parse(json("""
                        {"itemId": 7, "condition": {"changePercent": "-20", "window": "24h"},
                         "channels": [{"email": "ash@example.com"}], "source": "tcgplayer",
                         "kind": "direct_low", "printing": "Reverse Holofoil", "rearm": "12h"}""")).orElseThrow();

        assertThat(alert.source()).contains("tcgplayer");
        assertThat(alert.kind()).isEqualTo(PriceKind.DIRECT_LOW);
        assertThat(alert.printing()).contains("Reverse Holofoil");
        assertThat(alert.rearm()).contains(Duration.ofHours(12));
    }

    @Test
    void a_null_or_empty_rearm_is_a_one_shot_alert() {
        for (String rearm : new String[] {"null", "\"\""}) {
            var alert = NewAlert.parse(json("{\"itemId\":1,\"condition\":{\"above\":\"5\"},"
                            + "\"channels\":[{\"email\":\"a@example.com\"}],\"rearm\":" + rearm + "}"))
                    .orElseThrow();
            assertThat(alert.rearm()).isEqualTo(Optional.empty());
        }
    }

    @Test
    void every_problem_of_a_request_is_named_by_its_field_path() {
        var parsed = NewAlert.parse(json("""
                {"itemId": "x", "condition": {"below": "12,50"},
                 "channels": [{"email": "ash@example.com"}, {"webhook": "ftp://x"}, {"email": "ash@example.com"}],
                 "kind": "cheapest", "rearm": "sometimes", "source": "TCG Player", "colour": "red"}"""));

        assertThat(parsed.problems())
                .containsOnlyKeys(
                        "itemId",
                        "condition.below",
                        "channels[1].webhook",
                        "channels[2]",
                        "kind",
                        "rearm",
                        "source",
                        "colour");
        assertThat(parsed.problems().get("channels[2]")).contains("repeats channels[0]");
    }

    @Test
    void an_alert_needs_an_item_a_condition_and_one_to_five_channels() {
        assertThat(NewAlert.parse(json("{}")).problems()).containsOnlyKeys("itemId", "condition", "channels");
        assertThat(NewAlert.parse(json("{\"itemId\":1,\"condition\":{\"below\":\"1\"},\"channels\":[]}"))
                        .problems())
                .containsOnlyKeys("channels");
        var six = new StringBuilder("[");
        for (int i = 0; i < 6; i++) {
            six.append(i == 0 ? "" : ",").append("{\"email\":\"a").append(i).append("@example.com\"}");
        }
        assertThat(NewAlert.parse(json("{\"itemId\":1,\"condition\":{\"below\":\"1\"},\"channels\":" + six + "]}"))
                        .problems()
                        .get("channels"))
                .contains("1 to 5");
        assertThat(NewAlert.parse(json("[1]")).isValid()).isFalse();
        assertThat(NewAlert.parse(json("{\"itemId\":-3}")).problems().get("itemId"))
                .contains("positive");
    }
}
