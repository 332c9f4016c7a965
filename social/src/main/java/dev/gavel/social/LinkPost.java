package dev.gavel.social;

import java.util.Locale;

/**
 * A post to the host in the wallet-linking flow of AUCTIONS.md: {@code link 0x<address>} (or
 * {@code relink 0x<address>} to replace a linked wallet), then a reply carrying the signature
 * ({@code 0x} + 130 hex digits). Anything else is not part of the flow.
 */
public sealed interface LinkPost {

    /** Asks to link (or, with {@code relink}, to replace the linked wallet with) {@code address}. */
    record Request(String address, boolean relink) implements LinkPost {}

    /** Carries a 65-byte signature, as hex with {@code 0x}. */
    record Signature(String signature) implements LinkPost {}

    /** Says {@code link} but the address is not 0x and 40 hex digits; the reply says so. */
    record BadAddress(String written) implements LinkPost {}

    /** Not part of the linking flow. */
    record Other() implements LinkPost {}

    /** Reads a post's text; linear in its length, never throws. */
    static LinkPost parse(String text) {
        if (text == null || text.length() > BidPostParser.MAX_LENGTH) {
            return new Other();
        }
        String[] words = text.trim().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String w = words[i].toLowerCase(Locale.ROOT);
            if ((w.equals("link") || w.equals("relink")) && i + 1 < words.length) {
                String candidate = trimPunctuation(words[i + 1]);
                if (isHex(candidate, 40)) {
                    return new Request(candidate, w.equals("relink"));
                }
                if (candidate.toLowerCase(Locale.ROOT).startsWith("0x")) {
                    return new BadAddress(candidate);
                }
            }
        }
        for (String word : words) {
            String candidate = trimPunctuation(word);
            if (isHex(candidate, 130)) {
                return new Signature(candidate);
            }
        }
        return new Other();
    }

    private static String trimPunctuation(String word) {
        int end = word.length();
        while (end > 0 && ".,;:!?)".indexOf(word.charAt(end - 1)) >= 0) {
            end--;
        }
        return word.substring(0, end);
    }

    private static boolean isHex(String s, int digits) {
        if (s.length() != digits + 2 || s.charAt(0) != '0' || (s.charAt(1) != 'x' && s.charAt(1) != 'X')) {
            return false;
        }
        for (int i = 2; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
