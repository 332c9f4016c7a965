package dev.gavel.core.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeiTest {

    @Test
    void percent_increases_round_up_to_the_next_wei() {
        assertThat(Wei.ofEth("1").plusPercent(new BigDecimal("5"))).isEqualTo(Wei.ofEth("1.05"));
        assertThat(Wei.of(10).plusPercent(new BigDecimal("5"))).isEqualTo(Wei.of(11)); // 10.5 rounds up
        assertThat(Wei.of(0).plusPercent(new BigDecimal("5"))).isEqualTo(Wei.ZERO);
        assertThat(Wei.ofEth("2").plusPercent(new BigDecimal("2.5"))).isEqualTo(Wei.ofEth("2.05"));
    }

    @Test
    void eth_text_round_trips_exactly_for_random_amounts() {
        var random = new Random(20261121L);
        for (int i = 0; i < 10_000; i++) {
            var wei = Wei.of(new java.math.BigInteger(90, random));
            assertThat(Wei.ofEth(wei.toEth())).as("seed 20261121, case %d", i).isEqualTo(wei);
        }
    }

    @Test
    void printing_drops_trailing_zeros() {
        assertThat(Wei.ofEth("2.50").toEth()).isEqualTo("2.5");
        assertThat(Wei.ofEth("3").toEth()).isEqualTo("3");
        assertThat(Wei.of(1).toEth()).isEqualTo("0.000000000000000001");
        assertThat(Wei.ZERO.toEth()).isEqualTo("0");
    }

    @Test
    void wei_is_never_negative() {
        assertThatThrownBy(() -> Wei.of(1).minus(Wei.of(2))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Wei.of(1).minusOrZero(Wei.of(2))).isEqualTo(Wei.ZERO);
    }
}
