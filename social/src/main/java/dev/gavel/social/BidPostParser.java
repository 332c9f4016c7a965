package dev.gavel.social;

import dev.gavel.core.money.EthAmount;
import dev.gavel.core.money.Wei;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one grammar of bid posts (AUCTIONS.md). A bid names exactly one auction hashtag and exactly one
 * amount of ETH, marked as ETH by a unit ({@code 2.5 ETH}, {@code 2.5eth}, {@code Ξ2.5}, {@code 2.5 Ξ}) or by
 * the word {@code bid} before it ({@code bid 2.5}); a tx hash ({@code 0x} and 64 hex digits) may follow.
 * Case does not matter; extra words, punctuation and emoji around the tokens are ignored. The number itself
 * is strict: no comma, no exponent, at most 18 decimals.
 *
 * <pre>
 *   bid 2.5 ETH #GENESIS1          → bid of 2.5 ETH on #GENESIS1
 *   #GENESIS1 2.5eth 🔥             → bid of 2.5 ETH
 *   Ξ2.5 #genesis1                  → bid of 2.5 ETH
 *   bid 0.1 #G1 0x&lt;64 hex&gt;          → bid of 0.1 ETH paid by that transaction
 *   bid 2,5 ETH #GENESIS1          → malformed: use a point for decimals
 *   #GENESIS1 what a piece!         → not a bid (no number)
 *   I'd pay 3 for #GENESIS1         → malformed: say the amount in ETH
 * </pre>
 *
 * <p>Linear in the length of the post, with no backtracking regular expression over the whole text, so no
 * input can make it hang; posts longer than {@link #MAX_LENGTH} are judged by their first characters.
 * Thread-safe (stateless).
 */
public final class BidPostParser {
    /** X posts are at most 280 characters, 25,000 for long posts; nothing longer is read. */
    public static final int MAX_LENGTH = 25_000;

    private BidPostParser() {}

    private enum Kind {
        HASHTAG,
        NUMBER,
        ETH_UNIT,
        BID_WORD,
        TX_HASH,
        OTHER
    }

    private record Token(Kind kind, String text) {}

    public static BidPost parse(String post) {
        if (post == null || post.isEmpty()) {
            return new BidPost.NotABid();
        }
        var tokens = tokenize(post.length() > MAX_LENGTH ? post.substring(0, MAX_LENGTH) : post);
        Set<String> hashtags = new LinkedHashSet<>();
        List<Integer> numbers = new ArrayList<>();
        Optional<String> txHash = Optional.empty();
        for (int i = 0; i < tokens.size(); i++) {
            var t = tokens.get(i);
            switch (t.kind()) {
                case HASHTAG -> hashtags.add(t.text().toUpperCase(Locale.ROOT));
                case NUMBER -> numbers.add(i);
                case TX_HASH -> txHash = Optional.of(t.text().toLowerCase(Locale.ROOT));
                default -> {}
            }
        }
        if (hashtags.isEmpty() || numbers.isEmpty()) {
            return new BidPost.NotABid();
        }
        String hashtag = hashtags.iterator().next();
        if (hashtags.size() > 1) {
            return new BidPost.Malformed(hashtag, "name one auction per bid: " + String.join(", ", hashtags));
        }
        var amounts = new LinkedHashSet<String>();
        for (int i : numbers) {
            if (markedAsEth(tokens, i)) {
                amounts.add(tokens.get(i).text());
            }
        }
        if (amounts.isEmpty()) {
            return new BidPost.Malformed(hashtag, "say the amount in ETH, like \"bid 2.5 ETH " + hashtag + "\"");
        }
        if (amounts.size() > 1) {
            return new BidPost.Malformed(hashtag, "one amount per bid, please: I see " + String.join(" and ", amounts));
        }
        String amount = amounts.iterator().next();
        var parsed = EthAmount.parsePositive(amount);
        if (!parsed.isValid()) {
            return new BidPost.Malformed(hashtag, parsed.problem());
        }
        Wei wei = parsed.wei().get();
        return new BidPost.Bid(hashtag, wei, txHash);
    }

    /** A number counts as ETH when a unit stands right before or after it, or "bid" right before it. */
    private static boolean markedAsEth(List<Token> tokens, int i) {
        var before = i > 0 ? tokens.get(i - 1).kind() : Kind.OTHER;
        var after = i + 1 < tokens.size() ? tokens.get(i + 1).kind() : Kind.OTHER;
        return before == Kind.ETH_UNIT || after == Kind.ETH_UNIT || before == Kind.BID_WORD;
    }

    /**
     * Splits the post into tokens in one pass: {@code #tag}, numbers (with their glued {@code eth} or
     * {@code Ξ}, split off), units, the word bid, tx hashes; everything else is OTHER.
     */
    private static List<Token> tokenize(String text) {
        var tokens = new ArrayList<Token>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.codePointAt(i))) {
                i += Character.charCount(text.codePointAt(i));
            }
            classify(text.substring(start, i), tokens);
        }
        return tokens;
    }

    private static void classify(String word, List<Token> into) {
        String w = trimPunctuation(word);
        if (w.isEmpty()) {
            return;
        }
        if (w.charAt(0) == '#') {
            String tag = hashtagPart(w);
            into.add(tag == null ? new Token(Kind.OTHER, w) : new Token(Kind.HASHTAG, tag));
            return;
        }
        if (w.startsWith("Ξ") && w.length() > 1) {
            into.add(new Token(Kind.ETH_UNIT, "Ξ"));
            classify(w.substring(1), into);
            return;
        }
        if (w.equals("Ξ")) {
            into.add(new Token(Kind.ETH_UNIT, w));
            return;
        }
        String lower = w.toLowerCase(Locale.ROOT);
        if (lower.equals("eth") || lower.equals("ether")) {
            into.add(new Token(Kind.ETH_UNIT, w));
            return;
        }
        if (lower.equals("bid") || lower.equals("bidding")) {
            into.add(new Token(Kind.BID_WORD, w));
            return;
        }
        if (isTxHash(lower)) {
            into.add(new Token(Kind.TX_HASH, w));
            return;
        }
        if (startsWithDigitOrSign(w)) {
            int unitAt = unitSuffixStart(lower);
            String number = unitAt >= 0 ? w.substring(0, unitAt) : w;
            if (looksNumeric(number)) {
                into.add(new Token(Kind.NUMBER, number));
                if (unitAt >= 0) {
                    into.add(new Token(Kind.ETH_UNIT, w.substring(unitAt)));
                }
                return;
            }
        }
        into.add(new Token(Kind.OTHER, w));
    }

    /** Where a glued unit begins ({@code 2.5eth}, {@code 2.5ETH}, {@code 2.5Ξ}), or -1. */
    private static int unitSuffixStart(String lower) {
        if (lower.endsWith("ether") && lower.length() > 5) {
            return lower.length() - 5;
        }
        if (lower.endsWith("eth") && lower.length() > 3) {
            return lower.length() - 3;
        }
        if (lower.endsWith("ξ") && lower.length() > 1) {
            return lower.length() - 1;
        }
        return -1;
    }

    /** Digits, points, commas, an exponent: enough to be read as "a number", judged strictly later. */
    private static boolean looksNumeric(String s) {
        if (s.isEmpty() || s.length() > 60) {
            return false;
        }
        boolean digit = false;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != ',' && c != 'e' && c != 'E' && c != '-' && c != '+') {
                return false;
            }
        }
        return digit;
    }

    private static boolean startsWithDigitOrSign(String w) {
        char c = w.charAt(0);
        return (c >= '0' && c <= '9')
                || ((c == '-' || c == '+' || c == '.') && w.length() > 1 && Character.isDigit(w.charAt(1)));
    }

    private static boolean isTxHash(String lower) {
        if (lower.length() != 66 || !lower.startsWith("0x")) {
            return false;
        }
        for (int k = 2; k < 66; k++) {
            char c = lower.charAt(k);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    /** The {@code #tag} at the start of a word: letters, digits and _, 1 to 60 of them; null if none. */
    private static String hashtagPart(String w) {
        int k = 1;
        while (k < w.length() && k <= 61) {
            char c = w.charAt(k);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_') {
                break;
            }
            k++;
        }
        return k > 1 && k <= 61 ? w.substring(0, k) : null;
    }

    /** Drops punctuation and symbols around a word ("(#G1)", "2.5!", "eth,"), keeping # and Ξ and signs. */
    private static String trimPunctuation(String word) {
        int start = 0;
        int end = word.length();
        while (start < end && isEdgeJunk(word.charAt(start), true)) {
            start++;
        }
        while (end > start && isEdgeJunk(word.charAt(end - 1), false)) {
            end--;
        }
        return word.substring(start, end);
    }

    private static boolean isEdgeJunk(char c, boolean leading) {
        if (Character.isLetterOrDigit(c) || c == '#' || c == 'Ξ' || c == '_') {
            return false;
        }
        if (leading && (c == '-' || c == '+' || c == '.')) {
            return false; // a sign or a leading point is part of the number, to be refused clearly
        }
        return true;
    }
}
