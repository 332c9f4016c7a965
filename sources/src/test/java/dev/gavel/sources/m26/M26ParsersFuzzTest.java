package dev.gavel.sources.m26;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gavel.market.strategy.PageOutcome;
import dev.gavel.market.template.Har;
import dev.gavel.market.template.RequestTemplate;
import dev.gavel.market.template.TemplateException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer over the three readers of outside text: a marketplace answer (the shipped M26 strategies), a
 * template file, and a HAR capture. None may throw anything but its documented refusal, and every page it
 * reads is well formed. In the normal build this runs the seed inputs; {@code JAZZER_FUZZ=1 scripts/mvn -pl
 * sources test -Dtest=M26ParsersFuzzTest#<method>} fuzzes one target (add {@code JAZZER_INSTRUMENTATION_INCLUDES=dev.gavel.**} so the
 * market engine, where the parsers live, is instrumented too).
 */
class M26ParsersFuzzTest {
    private static final dev.gavel.market.strategy.ResponseStrategies STRATEGIES =
            M26Templates.shipped().strategies();

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void any_answer_is_an_outcome_and_a_page_only_holds_valid_listings(FuzzedDataProvider data) {
        var outcome = STRATEGIES.read(data.consumeRemainingAsString(), Instant.parse("2026-12-02T12:00:00Z"));
        assertThat(outcome).isNotNull();
        if (outcome instanceof PageOutcome.Page page) {
            page.listings().forEach(l -> {
                assertThat(l.bidCount()).isNotNegative();
                assertThat(l.externalId()).isNotBlank();
                l.currentBid().ifPresent(b -> assertThat(b).isPositive());
            });
            page.rejects().forEach(r -> assertThat(r.reasons()).isNotEmpty());
        }
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void any_template_text_parses_or_is_refused_with_problems(FuzzedDataProvider data) {
        try {
            var t = RequestTemplate.parse("fuzz.json", data.consumeRemainingAsString());
            assertThat(t.name()).isNotBlank();
        } catch (TemplateException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.file())
                    .isEqualTo("fuzz.json"));
        }
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void any_capture_imports_or_is_refused_with_problems(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            Har.parse("fuzz.har", text);
            M26HarImport.read(List.of(new M26HarImport.Capture("fuzz.har", text)));
        } catch (TemplateException e) {
            assertThat(e.problems()).isNotEmpty();
        }
    }
}
