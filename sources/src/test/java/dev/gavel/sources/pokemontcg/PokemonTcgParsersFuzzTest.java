package dev.gavel.sources.pokemontcg;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gavel.market.source.Fetched;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer over the pokemontcg.io readers: any answer is an envelope or a failure outcome, never an exception,
 * and the cards read from one are valid entries and non-negative quotes, with every refusal giving reasons.
 * In the normal build this runs the seed inputs; {@code JAZZER_FUZZ=1 scripts/mvn -pl sources test
 * -Dtest=PokemonTcgParsersFuzzTest} fuzzes.
 */
class PokemonTcgParsersFuzzTest {
    private static final Instant AT = Instant.parse("2026-12-02T12:00:00Z");

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void any_answer_is_an_envelope_or_a_failure_and_cards_hold_valid_entries(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        PokemonTcgJson.error(text);
        if (PokemonTcgJson.envelope(text) instanceof Fetched.Ok<PokemonTcgJson.Envelope> ok) {
            assertThat(ok.value().totalCount()).isNotNegative();
            PokemonTcgJson.sets(ok.value()).forEach(s -> assertThat(s.id()).isNotBlank());
            var cards = PokemonTcgJson.cards(ok.value(), AT);
            cards.entries().forEach(e -> {
                assertThat(e.externalId()).isNotBlank();
                assertThat(e.name()).isNotBlank();
            });
            cards.quotes().forEach(q -> assertThat(q.amount()).isNotNegative());
            cards.rejects().forEach(r -> assertThat(r.reasons()).isNotEmpty());
            assertThat(cards.entries().size() + cards.rejects().size())
                    .isGreaterThanOrEqualTo(ok.value().data().size());
        }
    }
}
