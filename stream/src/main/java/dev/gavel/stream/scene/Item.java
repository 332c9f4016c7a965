package dev.gavel.stream.scene;

import java.util.Optional;

/**
 * One placement of a source. {@code pos} is where the item's {@code align} point sits in its parent's content
 * box; the bounds box of {@code bounds} size hangs from that point by the same alignment, and the source is
 * scaled into it by the bounds type (OBS's model). Angles in degrees, clockwise, about the bounds box's
 * center; {@code crop} cuts pixels off the source's sides before scaling.
 */
public record Item(
        String id,
        String source,
        Parent parent,
        Position pos,
        Bounds bounds,
        Align align,
        boolean cropToBounds,
        Crop crop,
        double rotation,
        double opacity,
        int z,
        boolean visible,
        ScaleFilter scaleFilter,
        Optional<Scene.Transition> show,
        Optional<Scene.Transition> hide) {

    /** Where an item lives: the whole canvas, or a quadrant's content box. */
    public enum Parent {
        CANVAS,
        Q0,
        Q1,
        Q2,
        Q3
    }

    /** Fractions of the parent's content box, or pixels. */
    public enum Unit {
        FRACTION,
        PX
    }

    public record Position(double x, double y, Unit unit) {
        public static final Position ORIGIN = new Position(0, 0, Unit.FRACTION);
    }

    public record Bounds(BoundsType type, double w, double h, Unit unit) {
        public static final Bounds NONE = new Bounds(BoundsType.NONE, 0, 0, Unit.FRACTION);
    }

    /** How a source fills its bounds box. */
    public enum BoundsType {
        /** Natural size; the bounds box is ignored. */
        NONE,
        /** Exactly the box, aspect ratio lost. */
        STRETCH,
        /** Fit: the largest uniform scale inside the box. */
        SCALE_INNER,
        /** Cover: the smallest uniform scale filling the box. */
        SCALE_OUTER,
        TO_WIDTH,
        TO_HEIGHT,
        /** Fit, but never larger than the natural size. */
        MAX_ONLY
    }

    /** The nine alignment points. */
    public enum Align {
        TOP_LEFT(0, 0),
        TOP(0.5, 0),
        TOP_RIGHT(1, 0),
        LEFT(0, 0.5),
        CENTER(0.5, 0.5),
        RIGHT(1, 0.5),
        BOTTOM_LEFT(0, 1),
        BOTTOM(0.5, 1),
        BOTTOM_RIGHT(1, 1);

        public final double fx;
        public final double fy;

        Align(double fx, double fy) {
            this.fx = fx;
            this.fy = fy;
        }
    }

    public record Crop(int left, int top, int right, int bottom) {
        public static final Crop NONE = new Crop(0, 0, 0, 0);
    }

    public enum ScaleFilter {
        BILINEAR,
        BICUBIC,
        NEAREST
    }

    /** The z bands of STREAM.md. */
    public static String band(int z) {
        return z < 100 ? "background" : z < 900 ? "quadrants" : "overlay";
    }
}
