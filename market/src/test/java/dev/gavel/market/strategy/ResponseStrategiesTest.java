package dev.gavel.market.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gavel.market.listing.Currency;
import dev.gavel.market.listing.Listing;
import dev.gavel.market.template.TemplateException;
import dev.gavel.market.template.TemplateProblem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Strategy files of other shapes than M26's: a dollar marketplace, and every kind of broken file. */
class ResponseStrategiesTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final String USD = """
            {"source": "cards", "currency": "usd",
             "strategies": [{"name": "cards.v1", "items": "/results", "more": "/next",
               "fields": {"externalId": "/id", "state": "/status", "secondsRemaining": "/left", "itemId": "/sku",
                          "name": "/title", "currentBid": "/bid", "buyNow": "/price", "startPrice": "/opening",
                          "bidCount": "/bids"},
               "states": {"open": "ACTIVE", "done": "ENDED"}}]}
            """;

    private static List<TemplateProblem> problemsOf(String text) {
        var e = catchThrowableOfType(TemplateException.class, () -> ResponseStrategies.parse("s.json", text));
        assertThat(e).as(text).isNotNull();
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo("s.json"));
        return e.problems();
    }

    @Test
    void currency_scale_two_turns_dollar_strings_and_numbers_into_cents() {
        var strategies = ResponseStrategies.parse("usd.json", USD);
        String body = """
                {"next": true, "results": [
                  {"id": "e1", "status": "open", "left": 60, "sku": "p-1", "title": "Charizard ex",
                   "bid": "12.50", "price": 40, "opening": "0.99", "bids": 2},
                  {"id": "e2", "status": "open", "left": 60, "sku": "p-2", "title": "Pikachu",
                   "bid": 19.99, "price": "19.99", "bids": 1},
                  {"id": "e3", "status": "open", "left": 60, "sku": "p-3", "title": "x", "bid": "12.505", "bids": 1},
                  {"id": "e4", "status": "done", "left": 0, "sku": "p-4", "title": "y", "bid": "7", "bids": 1}]}
                """;

        var outcome = strategies.read(body, AT);

        assertThat(strategies.currency()).isEqualTo(Currency.USD);
        assertThat(outcome).isInstanceOf(PageOutcome.Page.class);
        var page = (PageOutcome.Page) outcome;
        assertThat(page.more()).isTrue();
        assertThat(page.listings()).extracting(Listing::externalId).containsExactly("e1", "e2", "e4");
        var first = page.listings().get(0);
        assertThat(first.currency()).isEqualTo(Currency.USD);
        assertThat(first.currentBid()).hasValue(1250);
        assertThat(first.buyNow()).hasValue(4000);
        assertThat(first.startPrice()).hasValue(99);
        assertThat(first.itemName()).isEqualTo("Charizard ex");
        assertThat(page.listings().get(1).currentBid()).hasValue(1999);
        assertThat(page.listings().get(1).buyNow()).hasValue(1999);
        assertThat(page.listings().get(2).currentBid()).hasValue(700);
        assertThat(page.rejects()).singleElement().satisfies(r -> {
            assertThat(r.externalId()).isEqualTo("e3");
            assertThat(r.reasons().get("currentBid")).contains("more than 2 decimals");
        });
    }

    @Test
    void without_an_error_shape_an_error_object_is_just_drift() {
        var strategies = ResponseStrategies.parse("usd.json", USD);

        assertThat(strategies.read("{\"error\":{\"errorname\":\"X\"}}", AT)).isInstanceOf(PageOutcome.Drift.class);
    }

    @Test
    void a_strategies_file_that_is_not_json_names_its_line() {
        var problems = problemsOf("{\n\"source\": }");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEmpty();
            assertThat(p.message()).contains("line 2");
        });
    }

    @Test
    void every_problem_of_a_strategies_file_is_named_by_its_path() {
        var problems = problemsOf("""
                {"currency": "GBP", "error": {"at": "error", "name": "/n", "code": "/c", "message": [3]},
                 "strategies": [
                   {"items": "/a", "fields": {"externalId": "/id", "price": "/p", "itemId": "x"},
                    "states": {"A": "ACTIVE", "B": "GONE"}},
                   {"name": "ok", "items": "/b", "status": 3, "fields": [], "states": {}}]}
                """);

        assertThat(problems)
                .extracting(TemplateProblem::path)
                .containsExactlyInAnyOrder(
                        "/source",
                        "/currency",
                        "/error/at",
                        "/error/message/0",
                        "/strategies/0/name",
                        "/strategies/0/fields/price",
                        "/strategies/0/fields/itemId",
                        "/strategies/0/fields/state",
                        "/strategies/0/fields/secondsRemaining",
                        "/strategies/0/fields",
                        "/strategies/0/states/B",
                        "/strategies/1/status",
                        "/strategies/1/fields",
                        "/strategies/1/states");
    }

    @Test
    void a_strategies_file_needs_strategies() {
        assertThat(problemsOf("{\"source\": \"s\"}"))
                .extracting(TemplateProblem::path)
                .containsExactly("/strategies");
        assertThat(problemsOf("{\"source\": \"s\", \"strategies\": []}"))
                .extracting(TemplateProblem::path)
                .containsExactly("/strategies");
        assertThat(problemsOf("[]")).extracting(TemplateProblem::path).containsExactly("");
    }
}
