package dev.gavel.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Addresses are checked and written in their EIP-55 form; the vectors are the ones in EIP-55 itself. */
class WalletsTest {

    @ParameterizedTest(name = "{0} is checksummed")
    @ValueSource(
            strings = {
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
                "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
                "0x52908400098527886E0F7030069857D2E4169EE7",
                "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
                "0xde709f2102306220921060314715629080e2fb77",
                "0x27b1fdb04752bbc536007a920d24acb045561c26"
            })
    void the_eip_55_test_vectors_are_their_own_checksummed_form(String address) {
        assertThat(Wallets.check(address)).isEqualTo(new AddressCheck.Valid(address));
        assertThat(Wallets.isChecksummed(address)).isTrue();
    }

    @Test
    void an_address_in_one_case_is_accepted_and_written_checksummed() {
        var checksummed = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

        assertThat(Wallets.normalize(checksummed.toLowerCase(Locale.ROOT))).contains(checksummed);
        assertThat(Wallets.normalize("0x" + checksummed.substring(2).toUpperCase(Locale.ROOT)))
                .contains(checksummed);
        assertThat(Wallets.isChecksummed(checksummed.toLowerCase(Locale.ROOT))).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\" is not an address: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD|checksum",
                "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed|checksum",
                "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00|starts with 0x",
                "0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed|starts with 0x",
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe|has 39",
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed0|has 41",
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg|at position 42 is not a hex digit",
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA d|at position 41 is not a hex digit",
                "''|no address"
            })
    void malformed_addresses_say_what_is_wrong(String candidate, String reason) {
        assertThat(Wallets.check(candidate))
                .isInstanceOfSatisfying(
                        AddressCheck.Invalid.class, i -> assertThat(i.reason()).contains(reason));
        assertThat(Wallets.normalize(candidate)).isEmpty();
    }

    @Test
    void no_address_is_not_an_address() {
        assertThat(Wallets.check(null)).isInstanceOf(AddressCheck.Invalid.class);
        assertThat(Wallets.normalize(null)).isEqualTo(Optional.empty());
    }
}
