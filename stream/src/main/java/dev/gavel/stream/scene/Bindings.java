package dev.gavel.stream.scene;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ${...}} names a text source may use, and how a template splits into literal text and them. What
 * each name shows is the renderer's business ({@code render.LiveState}).
 */
public final class Bindings {
    /** Every name, as written between {@code ${} and {@code }}. */
    public static final Set<String> NAMES = Set.of(
            "auction.name",
            "auction.hashtag",
            "auction.status",
            "auction.currentBid",
            "auction.topBidder",
            "auction.bidCount",
            "auction.minNextBid",
            "auction.timeLeft",
            "auction.endsAt",
            "host.caption",
            "time");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private Bindings() {}

    /** The names a template uses, in order (unknown ones included, for validation to name). */
    public static List<String> namesIn(String template) {
        var out = new ArrayList<String>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    /** Replaces every {@code ${name}} by {@code value(name)}; an unknown name stays as written. */
    public static String fill(String template, java.util.function.Function<String, String> value) {
        Matcher m = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).strip();
            String v = NAMES.contains(name) ? value.apply(name) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
