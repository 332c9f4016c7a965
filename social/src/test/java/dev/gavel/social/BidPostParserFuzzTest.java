package dev.gavel.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Jazzer: no input crashes or hangs the parser. In the normal build this runs the seed inputs; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see docs: {@code JAZZER_FUZZ=1 scripts/mvn -pl social test -Dtest=BidPostParserFuzzTest}).
 */
class BidPostParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // fuzzing runs a full minute; the default test timeout is 60 s
    void any_post_gets_an_answer_quickly(FuzzedDataProvider data) {
        String post = data.consumeRemainingAsString();
        long start = System.nanoTime();
        var answer = BidPostParser.parse(post);
        assertThat(answer).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
        if (answer instanceof BidPost.Bid bid) {
            assertThat(bid.amount().isZero()).isFalse();
            assertThat(bid.hashtag()).startsWith("#");
        }
    }
}
