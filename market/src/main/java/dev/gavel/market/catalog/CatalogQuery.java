package dev.gavel.market.catalog;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a person typed into the search box, made safe for full-text search: lower-cased, accents and
 * punctuation dropped, split into words ("Charizard ex #199" → charizard, ex, 199). Each word matches as a
 * prefix ({@code chari} finds Charizard); typos are left to trigram similarity on the whole text.
 */
public record CatalogQuery(String text, List<String> words) {
    public static final int MAX_LENGTH = 100;

    public CatalogQuery {
        words = List.copyOf(words);
    }

    /** The words of {@code text} as search compares them: lower case, accents and punctuation dropped. */
    public static String fold(String text) {
        String folded = Normalizer.normalize(text.strip(), Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        return String.join(
                " ",
                java.util.Arrays.stream(folded.split("[^\\p{L}\\p{N}]+"))
                        .filter(w -> !w.isEmpty())
                        .toList());
    }

    /** The query, or empty when nothing searchable is left (only punctuation, or blank). */
    public static Optional<CatalogQuery> of(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        var words = new ArrayList<String>();
        for (String w : fold(typed).split(" ")) {
            if (!w.isEmpty() && words.size() < 8) {
                words.add(w.length() > 40 ? w.substring(0, 40) : w);
            }
        }
        if (words.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CatalogQuery(String.join(" ", words), words));
    }

    /** A {@code to_tsquery('simple', …)} text: every word as a prefix, all required. */
    public String prefixQuery() {
        return String.join(" & ", words.stream().map(w -> w + ":*").toList());
    }
}
