package dev.gavel.stream.scene;

import java.util.Optional;

/** What an item shows. Defined once per scene and placed by any number of items. */
public sealed interface Source {
    /**
     * An uploaded asset (PNG, JPEG, WebP, GIF) by its id, or {@value #LIVE_ARTWORK}: the live auction's artwork.
     * A missing one is drawn as a placeholder.
     */
    record Image(String asset) implements Source {
        public static final String LIVE_ARTWORK = "${auction.artwork}";
    }

    /** Text with {@code ${...}} bindings to the live state (see {@code render.Bindings}). */
    record Text(String template, Font font, Color color, Optional<Color> shadow) implements Source {}

    /** A plain rectangle of color: needs bounds. */
    record Fill(Color color) implements Source {}

    /** The auction at a glance: current bid, top bidder, bid count, minimum next bid. */
    record AuctionPanel(Color accent) implements Source {}

    /** Time left: warning style in the last {@code warnSeconds}, a flash when the end is extended. */
    record Countdown(int warnSeconds, Color color, Color warnColor) implements Source {}

    /** The last {@code count} bids, newest first. */
    record BidTicker(int count) implements Source {}

    /** The host's speech caption (empty while the host is silent). */
    record HostCaption(Font font) implements Source {}

    /** A font: a family name as Java2D knows it (logical names such as SansSerif always exist), a size in px. */
    record Font(String family, int size, boolean bold) {
        public static final Font DEFAULT = new Font("SansSerif", 36, false);
    }
}
