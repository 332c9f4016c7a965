package dev.gavel.testkit.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class AbiTest {

    @Test
    void selectors_and_topics_are_the_well_known_ones() {
        assertThat(Abi.selector("transfer(address,uint256)")).isEqualTo("0xa9059cbb");
        assertThat(Abi.selector("ownerOf(uint256)")).isEqualTo("0x6352211e");
        assertThat(Abi.eventTopic("Transfer(address,address,uint256)"))
                .isEqualTo("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    }

    @Test
    void call_data_is_the_selector_then_one_word_per_argument() {
        String data = Abi.encode("setApprovalForAll(address,bool)", "0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1", true);

        assertThat(data)
                .isEqualTo("0xa22cb465"
                        + "00000000000000000000000090f8bf6a479f320ead074411a4b0e7944ea8c9c1"
                        + "0000000000000000000000000000000000000000000000000000000000000001");
        assertThat(Abi.asAddress("0x" + data.substring(10))).isEqualTo("0x90f8bf6a479f320ead074411a4b0e7944ea8c9c1");
        assertThat(Abi.asUint("0x" + Abi.word(BigInteger.valueOf(7)))).isEqualTo(7);
    }

    @Test
    void arguments_that_do_not_fit_the_signature_are_refused() {
        assertThatThrownBy(() -> Abi.encode("ownerOf(uint256)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Abi.encode("ownerOf(uint256)", "7")).hasMessageContaining("uint256");
        assertThatThrownBy(() -> Abi.encode("f(bytes32)", BigInteger.ONE)).hasMessageContaining("bytes32");
        assertThatThrownBy(() -> Abi.word(BigInteger.ONE.negate())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Abi.word("0x1234")).isInstanceOf(IllegalArgumentException.class);
    }
}
