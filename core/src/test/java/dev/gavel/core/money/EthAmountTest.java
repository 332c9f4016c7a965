package dev.gavel.core.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EthAmountTest {

    @ParameterizedTest(name = "\"{0}\" is {1} wei")
    @CsvSource({
        "2.5, 2500000000000000000",
        "0.1, 100000000000000000",
        "3, 3000000000000000000",
        "0.000000000000000001, 1",
        "0, 0",
        "00012.50, 12500000000000000000",
        "123456789.123456789123456789, 123456789123456789123456789"
    })
    void well_formed_amounts_convert_exactly(String text, String wei) {
        assertThat(EthAmount.parse(text).wei()).contains(Wei.of(new BigInteger(wei)));
    }

    @ParameterizedTest(name = "\"{0}\" is refused: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2,5|comma",
                "-1|negative",
                "1e3|exponent",
                "2.5E-3|exponent",
                "0.0000000000000000001|18 decimals",
                "' 2.5'|not an amount",
                "'2.5 '|not an amount",
                "+2|not an amount",
                ".5|not an amount",
                "2.|not an amount",
                "0x10|not an amount",
                "NaN|not an amount",
                "Infinity|not an amount",
                "٢.٥|not an amount",
                "1_000|not an amount"
            })
    void malformed_amounts_are_refused_with_a_reason(String text, String reason) {
        var parsed = EthAmount.parse(text);
        assertThat(parsed.wei()).isEmpty();
        assertThat(parsed.problem()).contains(reason);
    }

    @org.junit.jupiter.api.Test
    void a_bid_amount_must_be_more_than_zero() {
        assertThat(EthAmount.parsePositive("0.0").problem()).contains("more than 0");
        assertThat(EthAmount.parsePositive("0.0").isValid()).isFalse();
        assertThat(EthAmount.parsePositive("0.01").isValid()).isTrue();
    }
}
