package dev.gavel.stream.scene;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scene: the canvas, the four quadrants' layout, the sources (by id) and the items placing them, drawn in
 * {@code z} order (stable: equal {@code z} keep their order in {@code items}), and the transition used when
 * switching to it.
 */
public record Scene(
        String name,
        Canvas canvas,
        Layout layout,
        Map<String, Source> sources,
        List<Item> items,
        Optional<Transition> transition) {

    public Scene {
        sources = Map.copyOf(sources);
        items = List.copyOf(items);
    }

    /** The canvas: its size in pixels (the output's, when rendered at another size it is scaled) and color. */
    public record Canvas(int width, int height, Color background) {}

    /**
     * Four equal quadrants ({@code q0} top left, {@code q1} top right, {@code q2} bottom left, {@code q3}
     * bottom right) in {@code region} (fractions of the canvas), {@code gap} pixels apart; an item placed in
     * one is placed in its content box, the quadrant minus {@code padding} pixels on every side.
     */
    public record Layout(Box region, int gap, int padding) {
        public static Layout standard() {
            return new Layout(new Box(0, 0, 1, 1), 16, 24);
        }
    }

    /** A rectangle as fractions of its parent. */
    public record Box(double x, double y, double w, double h) {}

    /** A scene switch or an item shown or hidden: fade, or slide in from / out to the nearest edge. */
    public record Transition(Kind kind, int ms) {
        public enum Kind {
            FADE,
            SLIDE,
            CUT
        }

        public static final Transition CUT = new Transition(Kind.CUT, 0);
    }
}
