package dev.gavel.sources.ebay;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gavel.market.listing.Currency;
import dev.gavel.market.strategy.PageOutcome;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer over the eBay readers: any search answer is an outcome, never an exception, and a page only holds
 * valid listings, with a reason for every item refused; any token answer is a grant or reasons. In the normal
 * build this runs the seed inputs; {@code JAZZER_FUZZ=1 scripts/mvn -pl sources test
 * -Dtest=EbayParsersFuzzTest#<method>} fuzzes one target.
 */
class EbayParsersFuzzTest {
    private static final Instant AT = Instant.parse("2026-12-02T12:00:00Z");

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void any_answer_is_an_outcome_and_a_page_only_holds_valid_listings(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        EbayJson.error(text);
        var outcome = EbayJson.page(text, Optional.empty(), 0, AT);
        assertThat(outcome).isNotNull();
        if (outcome instanceof PageOutcome.Page page) {
            page.listings().forEach(l -> {
                assertThat(l.externalId()).isNotBlank();
                assertThat(l.itemId()).isEqualTo(l.externalId());
                assertThat(l.currency()).isEqualTo(Currency.USD);
                assertThat(l.price()).isPresent();
                assertThat(l.price().getAsLong()).isNotNegative();
                assertThat(l.currentBid().isPresent() && l.startPrice().isPresent())
                        .isFalse();
            });
            page.rejects().forEach(r -> assertThat(r.reasons()).isNotEmpty());
        }
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void any_token_answer_is_a_grant_or_reasons(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        var why = new LinkedHashMap<String, String>();
        var grant = EbayJson.grant(text, why);
        assertThat(grant.isPresent()).isEqualTo(why.isEmpty());
        grant.ifPresent(g -> assertThat(g.expiresInSeconds()).isPositive());
        assertThat(EbayJson.oauthError(text)).isNotNull();
    }
}
