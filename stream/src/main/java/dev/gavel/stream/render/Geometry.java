package dev.gavel.stream.render;

import dev.gavel.stream.scene.Item;
import dev.gavel.stream.scene.Scene;

/** Where things go, in canvas pixels. Pure functions. */
public final class Geometry {
    private Geometry() {}

    /** A rectangle in pixels. */
    public record Rect(double x, double y, double w, double h) {
        public double cx() {
            return x + w / 2;
        }

        public double cy() {
            return y + h / 2;
        }
    }

    /** The item's bounds box and the rectangle its source is drawn into (they differ for fit, cover, none). */
    public record Placement(Rect box, Rect drawn) {}

    /** The content box of a parent: the whole canvas, or a quadrant of the layout's region minus its padding. */
    public static Rect contentBox(Scene.Canvas canvas, Scene.Layout layout, Item.Parent parent) {
        if (parent == Item.Parent.CANVAS) {
            return new Rect(0, 0, canvas.width(), canvas.height());
        }
        double rx = layout.region().x() * canvas.width();
        double ry = layout.region().y() * canvas.height();
        double rw = layout.region().w() * canvas.width();
        double rh = layout.region().h() * canvas.height();
        double qw = Math.max(0, (rw - layout.gap()) / 2);
        double qh = Math.max(0, (rh - layout.gap()) / 2);
        int index = parent.ordinal() - 1; // Q0..Q3
        double qx = rx + (index % 2) * (qw + layout.gap());
        double qy = ry + (index / 2) * (qh + layout.gap());
        double pad = layout.padding();
        return new Rect(qx + pad, qy + pad, Math.max(0, qw - 2 * pad), Math.max(0, qh - 2 * pad));
    }

    /**
     * Places an item whose source is {@code naturalW × naturalH} pixels in {@code parent}: the bounds box hangs
     * from {@code pos} by {@code align}, the source is scaled by the bounds type and aligned in the box the
     * same way.
     */
    public static Placement place(Rect parent, Item item, double naturalW, double naturalH) {
        var pos = item.pos();
        double ax = parent.x() + (pos.unit() == Item.Unit.PX ? pos.x() : pos.x() * parent.w());
        double ay = parent.y() + (pos.unit() == Item.Unit.PX ? pos.y() : pos.y() * parent.h());
        var b = item.bounds();
        double bw;
        double bh;
        if (b.type() == Item.BoundsType.NONE) {
            bw = naturalW;
            bh = naturalH;
        } else {
            bw = b.unit() == Item.Unit.PX ? b.w() : b.w() * parent.w();
            bh = b.unit() == Item.Unit.PX ? b.h() : b.h() * parent.h();
        }
        var align = item.align();
        var box = new Rect(ax - align.fx * bw, ay - align.fy * bh, bw, bh);
        double dw;
        double dh;
        double nw = Math.max(naturalW, 1e-9);
        double nh = Math.max(naturalH, 1e-9);
        switch (b.type()) {
            case NONE -> {
                dw = naturalW;
                dh = naturalH;
            }
            case STRETCH -> {
                dw = bw;
                dh = bh;
            }
            default -> {
                double s =
                        switch (b.type()) {
                            case SCALE_INNER -> Math.min(bw / nw, bh / nh);
                            case SCALE_OUTER -> Math.max(bw / nw, bh / nh);
                            case TO_WIDTH -> bw / nw;
                            case TO_HEIGHT -> bh / nh;
                            case MAX_ONLY -> Math.min(1, Math.min(bw / nw, bh / nh));
                            default -> 1;
                        };
                dw = naturalW * s;
                dh = naturalH * s;
            }
        }
        var drawn = new Rect(box.x() + align.fx * (bw - dw), box.y() + align.fy * (bh - dh), dw, dh);
        return new Placement(box, drawn);
    }
}
