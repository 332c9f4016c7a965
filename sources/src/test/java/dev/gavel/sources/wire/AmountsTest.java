package dev.gavel.sources.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.sources.wire.Amounts.Amount;
import org.junit.jupiter.api.Test;

class AmountsTest {
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Amount read(String jsonValue, boolean exact) throws Exception {
        JsonNode node = json.readTree("{\"v\":" + jsonValue + "}").get("v");
        return Amounts.read(node, exact);
    }

    @Test
    void strings_and_numbers_become_exact_cents_without_a_double_in_between() throws Exception {
        assertThat(read("\"12.30\"", true)).isEqualTo(new Amount.Of(1230));
        assertThat(read("\"0.07\"", true)).isEqualTo(new Amount.Of(7));
        assertThat(read("12.3", false)).isEqualTo(new Amount.Of(1230));
        assertThat(read("0.29", false)).as("0.29 is 0.28999… as a double").isEqualTo(new Amount.Of(29));
        assertThat(read("\"199\"", true)).isEqualTo(new Amount.Of(19_900));
        assertThat(read("4", false)).isEqualTo(new Amount.Of(400));
    }

    @Test
    void more_decimals_are_refused_when_exact_and_rounded_half_up_otherwise() throws Exception {
        assertThat(read("\"12.345\"", true)).isInstanceOfSatisfying(Amount.Refused.class, r -> assertThat(r.why())
                .contains("more than 2 decimals"));
        assertThat(read("12.345", false)).isEqualTo(new Amount.Of(1235));
        assertThat(read("\"12.3400\"", true)).isEqualTo(new Amount.Of(1234));
    }

    @Test
    void nothing_is_absent_and_what_is_not_an_amount_is_refused_with_what_it_was() throws Exception {
        assertThat(read("null", true)).isEqualTo(new Amount.Absent());
        assertThat(Amounts.read(null, true)).isEqualTo(new Amount.Absent());
        assertThat(read("\"-1.00\"", true)).isInstanceOfSatisfying(Amount.Refused.class, r -> assertThat(r.why())
                .startsWith("is negative"));
        assertThat(read("\"abc\"", true)).isInstanceOfSatisfying(Amount.Refused.class, r -> assertThat(r.why())
                .contains("abc"));
        assertThat(read("\"1e9\"", true)).isInstanceOf(Amount.Refused.class);
        assertThat(read("1e999999", false)).isInstanceOfSatisfying(Amount.Refused.class, r -> assertThat(r.why())
                .startsWith("is implausibly large"));
        assertThat(read("true", false)).isInstanceOf(Amount.Refused.class);
        assertThat(read("{\"value\":\"1\"}", false)).isInstanceOf(Amount.Refused.class);
    }
}
