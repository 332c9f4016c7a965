package dev.gavel.market.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CatalogQueryTest {

    @Test
    void typed_text_is_folded_into_words_each_a_prefix() {
        var q = CatalogQuery.of("  Charizard EX #199/165 ").orElseThrow();
        assertThat(q.words()).containsExactly("charizard", "ex", "199", "165");
        assertThat(q.prefixQuery()).isEqualTo("charizard:* & ex:* & 199:* & 165:*");
    }

    @Test
    void accents_and_punctuation_fold_the_same_way_on_both_sides() {
        assertThat(CatalogQuery.fold("Flabébé")).isEqualTo("flabebe");
        assertThat(CatalogQuery.fold("Monkey.D.Luffy OP01-024")).isEqualTo("monkey d luffy op01 024");
        assertThat(CatalogQuery.of("flabébé").orElseThrow().text()).isEqualTo(CatalogQuery.fold("FLABEBE"));
    }

    @Test
    void nothing_searchable_is_no_query_and_tsquery_syntax_cannot_get_through() {
        assertThat(CatalogQuery.of("  !?  ")).isEmpty();
        assertThat(CatalogQuery.of(null)).isEmpty();
        var q = CatalogQuery.of("a & b | !c:* 'd'").orElseThrow();
        assertThat(q.prefixQuery()).isEqualTo("a:* & b:* & c:* & d:*");
        assertThat(CatalogQuery.of("w ".repeat(20)).orElseThrow().words()).hasSize(8);
    }
}
