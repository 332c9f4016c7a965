package dev.gavel.social;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.core.money.Wei;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The grammar as a table: what bids, what is a malformed bid (and why), what is only conversation. */
class BidPostParserTest {
    private static final String TX = "0x" + "ab".repeat(32);

    @ParameterizedTest(name = "\"{0}\" bids {2} on {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bid 2.5 ETH #GENESIS1|#GENESIS1|2.5",
                "#GENESIS1 2.5eth|#GENESIS1|2.5",
                "Ξ2.5 #GENESIS1|#GENESIS1|2.5",
                "2.5 Ξ #genesis1|#GENESIS1|2.5",
                "BID 3 eth #Genesis1|#GENESIS1|3",
                "bid 0.000000000000000001 #G1|#G1|0.000000000000000001",
                "i'll go 4.20ETH on #GENESIS1 🔥🔥|#GENESIS1|4.2",
                "(#GENESIS1) bid: 1.5!|#GENESIS1|1.5",
                "@host bid 2 ETH, #GENESIS1 ❤️|#GENESIS1|2",
                "#GENESIS1 2.5ether|#GENESIS1|2.5",
                "bidding 7 on #G1|#G1|7",
                "#G1 Ξ 12|#G1|12",
                "2.5 ETH 2.5 ETH #G1|#G1|2.5"
            })
    void bids_in_every_documented_form_are_understood(String post, String hashtag, String eth) {
        assertThat(BidPostParser.parse(post)).isEqualTo(new BidPost.Bid(hashtag, Wei.ofEth(eth), Optional.empty()));
    }

    @ParameterizedTest(name = "\"{0}\" is malformed: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bid 2,5 ETH #GENESIS1|point for decimals",
                "#GENESIS1 1e3 eth|exponent",
                "#GENESIS1 2.5E-3eth|exponent",
                "bid 0.0000000000000000001 ETH #G1|18 decimals",
                "bid -1 ETH #G1|negative",
                "bid 0 ETH #G1|more than 0",
                "I'd pay 3 for #GENESIS1|in ETH",
                "#GENESIS1 #GENESIS2 bid 2 ETH|one auction per bid",
                "bid 2 ETH or 3 ETH #G1|one amount per bid",
                "#G1 2.5.1 eth|not an amount"
            })
    void posts_that_look_like_bids_but_are_not_get_a_reason(String post, String reason) {
        assertThat(BidPostParser.parse(post))
                .isInstanceOfSatisfying(
                        BidPost.Malformed.class, m -> assertThat(m.reason()).contains(reason));
    }

    @ParameterizedTest(name = "\"{0}\" is conversation")
    @CsvSource(
            delimiter = '|',
            value = {"what a piece! #GENESIS1", "bid 2.5 ETH", "gm", "#1 fan", "''", "2.5 ETH is a lot for this"})
    void conversation_is_left_alone(String post) {
        assertThat(BidPostParser.parse(post)).isEqualTo(new BidPost.NotABid());
    }

    @org.junit.jupiter.api.Test
    void a_tx_hash_travels_with_the_bid() {
        assertThat(BidPostParser.parse(
                        "bid 0.1 ETH #G1 paid " + TX.toUpperCase().replace("0X", "0x")))
                .isEqualTo(new BidPost.Bid("#G1", Wei.ofEth("0.1"), Optional.of(TX)));
        // a wallet address (40 hex digits) is not a payment
        assertThat(BidPostParser.parse("bid 0.1 ETH #G1 from 0x" + "1".repeat(40)))
                .isEqualTo(new BidPost.Bid("#G1", Wei.ofEth("0.1"), Optional.empty()));
    }

    @org.junit.jupiter.api.Test
    void a_very_long_post_is_read_only_up_to_the_limit() {
        String post = "bid 2 ETH #G1 " + "blah ".repeat(100_000);
        assertThat(BidPostParser.parse(post)).isEqualTo(new BidPost.Bid("#G1", Wei.ofEth("2"), Optional.empty()));
        assertThat(BidPostParser.parse(null)).isEqualTo(new BidPost.NotABid());
    }
}
