package dev.gavel.sim.pokemontcg;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The part of pokemontcg.io's Lucene-like {@code q} the simulator understands: {@code field:value} terms,
 * quoted phrases ({@code name:"charizard ex"}), wildcards ({@code name:char*}, {@code name:"char*"}),
 * exact matches ({@code !name:charizard}), negation ({@code -rarity:common}), implicit AND, {@code OR}
 * and parentheses. Keyword fields (ids, numbers) match their whole value; text fields match words, as
 * Lucene's analysed fields do, ignoring case and accents. Ranges are refused. Immutable.
 */
final class CardQuery {
    /** How a field is matched. */
    enum FieldKind {
        KEYWORD,
        TEXT
    }

    private sealed interface Node {
        boolean test(Function<String, Optional<String>> values);
    }

    private record Or(List<Node> any) implements Node {
        @Override
        public boolean test(Function<String, Optional<String>> values) {
            return any.stream().anyMatch(n -> n.test(values));
        }
    }

    private record And(List<Node> all) implements Node {
        @Override
        public boolean test(Function<String, Optional<String>> values) {
            return all.stream().allMatch(n -> n.test(values));
        }
    }

    private record Not(Node inner) implements Node {
        @Override
        public boolean test(Function<String, Optional<String>> values) {
            return !inner.test(values);
        }
    }

    /** A term with its value folded, and its pattern or words made once, at parse time. */
    private record Term(
            String field, FieldKind kind, String value, boolean exact, Pattern wildcard, List<String> phrase)
            implements Node {
        static Term of(String field, FieldKind kind, String raw, boolean exact) {
            String value = fold(raw);
            boolean wild = value.indexOf('*') >= 0 || value.indexOf('?') >= 0;
            Pattern wildcard = !wild
                    ? null
                    : exact || kind == FieldKind.KEYWORD ? glob(value) : glob(String.join(" ", words(value)));
            return new Term(field, kind, value, exact, wildcard, words(value));
        }

        @Override
        public boolean test(Function<String, Optional<String>> values) {
            return values.apply(field).map(this::matches).orElse(false);
        }

        /** Whether a folded field value matches. */
        private boolean matches(String have) {
            if (exact || kind == FieldKind.KEYWORD) {
                return wildcard != null ? wildcard.matcher(have).matches() : have.equals(value);
            }
            List<String> haveWords = words(have);
            if (wildcard != null) {
                for (int i = 0; i < haveWords.size(); i++) {
                    if (wildcard.matcher(String.join(" ", haveWords.subList(i, haveWords.size())))
                            .matches()) {
                        return true;
                    }
                }
                return false;
            }
            if (phrase.isEmpty()) {
                return false;
            }
            for (int i = 0; i + phrase.size() <= haveWords.size(); i++) {
                if (haveWords.subList(i, i + phrase.size()).equals(phrase)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}*?]+");

    private final Node root;

    private CardQuery(Node root) {
        this.root = root;
    }

    /** Every card matches the empty query. */
    static CardQuery all() {
        return new CardQuery(new And(List.of()));
    }

    /**
     * Parses {@code q} over the given fields; an {@link IllegalArgumentException} says what is wrong (an
     * unknown field, an unclosed quote or parenthesis, a range) in words a caller can act on.
     */
    static CardQuery parse(String q, Map<String, FieldKind> fields) {
        if (q == null || q.isBlank()) {
            return all();
        }
        var parser = new Parser(q, fields);
        Node node = parser.or();
        parser.skipSpace();
        if (parser.pos < q.length()) {
            throw new IllegalArgumentException("unexpected '" + q.charAt(parser.pos) + "' at " + parser.pos);
        }
        return new CardQuery(node);
    }

    /**
     * Whether the card whose field values {@code values} gives matches; the values must be {@link #fold folded}
     * (the caller folds each once, not once per term); unknown fields never match.
     */
    boolean test(Function<String, Optional<String>> values) {
        return root.test(values);
    }

    static List<String> words(String s) {
        return Arrays.stream(NON_WORD.split(s)).filter(w -> !w.isEmpty()).toList();
    }

    private static Pattern glob(String pattern) {
        var regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    /** Lower case without accents: "Flabébé" and "flabebe" are one word to the search. */
    static String fold(String s) {
        return MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD))
                .replaceAll("")
                .toLowerCase(Locale.ROOT);
    }

    private static final class Parser {
        private final String q;
        private final Map<String, FieldKind> fields;
        private int pos;

        Parser(String q, Map<String, FieldKind> fields) {
            this.q = q;
            this.fields = fields;
        }

        Node or() {
            var any = new ArrayList<Node>();
            any.add(and());
            while (keyword("OR")) {
                any.add(and());
            }
            return any.size() == 1 ? any.get(0) : new Or(any);
        }

        Node and() {
            var all = new ArrayList<Node>();
            while (true) {
                skipSpace();
                if (pos >= q.length() || q.charAt(pos) == ')' || peekKeyword("OR")) {
                    break;
                }
                if (keyword("AND")) {
                    continue;
                }
                all.add(unary());
            }
            if (all.isEmpty()) {
                throw new IllegalArgumentException("an empty expression at " + pos);
            }
            return all.size() == 1 ? all.get(0) : new And(all);
        }

        Node unary() {
            skipSpace();
            if (pos >= q.length()) {
                throw new IllegalArgumentException("a NOT or '-' without a term after it");
            }
            if (keyword("NOT")) {
                return new Not(unary());
            }
            if (q.charAt(pos) == '-') {
                pos++;
                return new Not(unary());
            }
            if (q.charAt(pos) == '(') {
                pos++;
                Node inner = or();
                skipSpace();
                if (pos >= q.length() || q.charAt(pos) != ')') {
                    throw new IllegalArgumentException("a '(' is not closed");
                }
                pos++;
                return inner;
            }
            return term();
        }

        Node term() {
            boolean exact = false;
            if (q.charAt(pos) == '!') {
                exact = true;
                pos++;
            }
            int colon = q.indexOf(':', pos);
            int stop = nextStop(pos);
            if (colon < 0 || colon > stop) {
                throw new IllegalArgumentException(
                        "'" + q.substring(pos, stop) + "' is not a field:value term (bare words are not searched)");
            }
            String field = q.substring(pos, colon);
            FieldKind kind = fields.get(field);
            if (kind == null) {
                throw new IllegalArgumentException(
                        "unknown field '" + field + "'; searchable: " + String.join(", ", fields.keySet()));
            }
            pos = colon + 1;
            if (pos >= q.length()) {
                throw new IllegalArgumentException("no value for " + field);
            }
            String value;
            char first = q.charAt(pos);
            if (first == '"') {
                int close = q.indexOf('"', pos + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("a '\"' is not closed");
                }
                value = q.substring(pos + 1, close);
                pos = close + 1;
            } else if (first == '[' || first == '{') {
                throw new IllegalArgumentException("ranges such as " + field + ":[1 TO 9] are not supported");
            } else {
                int end = nextStop(pos);
                value = q.substring(pos, end);
                pos = end;
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException("no value for " + field);
            }
            return Term.of(field, kind, value, exact);
        }

        private int nextStop(int from) {
            int i = from;
            while (i < q.length() && !Character.isWhitespace(q.charAt(i)) && q.charAt(i) != ')') {
                i++;
            }
            return i;
        }

        void skipSpace() {
            while (pos < q.length() && Character.isWhitespace(q.charAt(pos))) {
                pos++;
            }
        }

        private boolean peekKeyword(String word) {
            int end = pos + word.length();
            return q.startsWith(word, pos)
                    && (end == q.length() || Character.isWhitespace(q.charAt(end)) || q.charAt(end) == '(');
        }

        private boolean keyword(String word) {
            skipSpace();
            if (peekKeyword(word)) {
                pos += word.length();
                return true;
            }
            return false;
        }
    }
}
