package dev.gavel.sources.tcgplayer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.gavel.market.catalog.Game;
import dev.gavel.market.source.Fetched;
import dev.gavel.sources.tcgplayer.TcgplayerReader.Group;
import dev.gavel.sources.wire.Amounts;
import dev.gavel.sources.wire.SourceHttp.Exchange.Answered;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer over what reads TCGplayer's text: any body, as a 200 or a 404, reads to an answer or a failure
 * (never an exception), and what it reads is well formed; any price text is exact cents or a reason. In the
 * normal build this runs the seed inputs; {@code JAZZER_FUZZ=1 scripts/mvn -pl sources test
 * -Dtest=TcgplayerReaderFuzzTest#<method>} fuzzes one target.
 */
class TcgplayerReaderFuzzTest {
    private static final Instant AT = Instant.parse("2026-12-02T12:00:00Z");
    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (k, v) -> true);
    private static final Group GROUP =
            new Group(23228, "Scarlet & Violet 151", Optional.of("MEW"), Optional.of(LocalDate.of(2023, 9, 22)));

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void any_answer_is_read_or_refused_and_what_is_read_is_well_formed(FuzzedDataProvider data) {
        String body = data.consumeRemainingAsString();
        for (int status : new int[] {200, 404, 400}) {
            var answer = new Answered(status, NONE, body, AT);
            if (TcgplayerReader.prices(answer) instanceof Fetched.Ok<TcgplayerReader.PricePage> ok) {
                ok.value().quotes().forEach(q -> {
                    assertThat(q.amount()).isNotNegative();
                    assertThat(q.externalId()).matches("\\d+");
                    assertThat(q.printing()).isNotBlank();
                });
            }
            if (TcgplayerReader.products(answer, Game.POKEMON, GROUP)
                    instanceof Fetched.Ok<TcgplayerReader.ProductPage> ok) {
                ok.value().entries().forEach(e -> assertThat(e.name()).isNotBlank());
                ok.value().rejects().forEach(r -> assertThat(r.reasons()).isNotEmpty());
            }
            if (TcgplayerReader.groups(answer) instanceof Fetched.Ok<TcgplayerReader.GroupPage> ok) {
                ok.value().groups().forEach(g -> assertThat(g.groupId()).isPositive());
            }
            if (TcgplayerReader.token(answer) instanceof Fetched.Ok<TcgplayerReader.Token> ok) {
                assertThat(ok.value().expiresAt()).isAfter(AT);
            }
        }
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void any_price_text_is_exact_cents_or_a_reason(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        switch (Amounts.dollars(TextNode.valueOf(text))) {
            case Amounts.Amount.Of a -> {
                String plain = text.strip().replaceFirst("^\\$", "");
                assertThat(a.cents()).isNotNegative();
                assertThat(BigDecimal.valueOf(a.cents(), 2)).isEqualByComparingTo(new BigDecimal(plain));
            }
            case Amounts.Amount.Refused i -> assertThat(i.why()).isNotBlank();
            case Amounts.Amount.Absent n -> assertThat(text.strip()).isEmpty();
        }
        assertThat(List.of(text)).isNotNull();
    }
}
