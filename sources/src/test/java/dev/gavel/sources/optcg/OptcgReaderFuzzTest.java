package dev.gavel.sources.optcg;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.source.Fetched;
import dev.gavel.sources.wire.SourceHttp.Exchange.Answered;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer over what reads the OPTCG API's text: any body reads to cards and sets or a failure (never an
 * exception), and every card read has a number, a name and prices that are not negative. In the normal
 * build this runs the seed inputs; {@code JAZZER_FUZZ=1 scripts/mvn -pl sources test
 * -Dtest=OptcgReaderFuzzTest#<method>} fuzzes it.
 */
class OptcgReaderFuzzTest {
    private static final Instant AT = Instant.parse("2026-12-02T12:00:00Z");
    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (k, v) -> true);

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void any_answer_is_read_or_refused_and_what_is_read_is_well_formed(FuzzedDataProvider data) {
        var answer = new Answered(200, NONE, data.consumeRemainingAsString(), AT);

        if (OptcgReader.cards(answer) instanceof Fetched.Ok<OptcgReader.Cards> ok) {
            ok.value().entries().forEach(e -> {
                assertThat(e.game()).isEqualTo(Game.ONEPIECE);
                assertThat(e.externalId()).contains("-");
                assertThat(e.name()).isNotBlank();
            });
            ok.value().quotes().forEach(q -> {
                assertThat(q.amount()).isNotNegative();
                assertThat(q.printing()).isNotBlank();
            });
            ok.value().rejects().forEach(r -> assertThat(r.reasons()).isNotEmpty());
        }
        if (OptcgReader.sets(answer) instanceof Fetched.Ok<java.util.List<OptcgReader.SetRef>> ok) {
            ok.value().forEach(s -> assertThat(s.id()).isNotBlank());
        }
    }
}
