package dev.gavel.stream.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gavel.stream.render.Geometry.Rect;
import dev.gavel.stream.scene.Color;
import dev.gavel.stream.scene.Item;
import dev.gavel.stream.scene.Scene;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeometryTest {
    private static final Scene.Canvas CANVAS = new Scene.Canvas(1280, 720, Color.BLACK);

    private static Item item(Item.Position pos, Item.Bounds bounds, Item.Align align) {
        return new Item(
                "i",
                "s",
                Item.Parent.CANVAS,
                pos,
                bounds,
                align,
                false,
                Item.Crop.NONE,
                0,
                1,
                0,
                true,
                Item.ScaleFilter.BILINEAR,
                Optional.empty(),
                Optional.empty());
    }

    private static Item.Bounds px(Item.BoundsType type, double w, double h) {
        return new Item.Bounds(type, w, h, Item.Unit.PX);
    }

    @Test
    void four_quadrants_split_the_region_with_the_gap_and_lose_the_padding() {
        var layout = new Scene.Layout(new Scene.Box(0, 0, 1, 1), 16, 24);
        // each quadrant is (1280 - 16) / 2 = 632 by (720 - 16) / 2 = 352, minus 24 on every side
        assertThat(Geometry.contentBox(CANVAS, layout, Item.Parent.Q0)).isEqualTo(new Rect(24, 24, 584, 304));
        assertThat(Geometry.contentBox(CANVAS, layout, Item.Parent.Q1)).isEqualTo(new Rect(672, 24, 584, 304));
        assertThat(Geometry.contentBox(CANVAS, layout, Item.Parent.Q2)).isEqualTo(new Rect(24, 392, 584, 304));
        assertThat(Geometry.contentBox(CANVAS, layout, Item.Parent.Q3)).isEqualTo(new Rect(672, 392, 584, 304));
        assertThat(Geometry.contentBox(CANVAS, layout, Item.Parent.CANVAS)).isEqualTo(new Rect(0, 0, 1280, 720));
    }

    @Test
    void a_region_places_the_quadrants_inside_it() {
        var layout = new Scene.Layout(new Scene.Box(0.5, 0.5, 0.5, 0.5), 0, 0);
        assertThat(Geometry.contentBox(CANVAS, layout, Item.Parent.Q0)).isEqualTo(new Rect(640, 360, 320, 180));
        assertThat(Geometry.contentBox(CANVAS, layout, Item.Parent.Q3)).isEqualTo(new Rect(960, 540, 320, 180));
    }

    @Test
    void the_align_point_sits_at_pos_and_the_box_hangs_from_it() {
        var parent = new Rect(100, 100, 1000, 500);
        var center = item(
                new Item.Position(0.5, 0.5, Item.Unit.FRACTION),
                px(Item.BoundsType.STRETCH, 200, 100),
                Item.Align.CENTER);
        assertThat(Geometry.place(parent, center, 50, 50).box()).isEqualTo(new Rect(500, 300, 200, 100));
        var bottomRight = item(
                new Item.Position(1, 1, Item.Unit.FRACTION),
                px(Item.BoundsType.STRETCH, 200, 100),
                Item.Align.BOTTOM_RIGHT);
        assertThat(Geometry.place(parent, bottomRight, 50, 50).box()).isEqualTo(new Rect(900, 500, 200, 100));
        var pixels = item(new Item.Position(10, 20, Item.Unit.PX), Item.Bounds.NONE, Item.Align.TOP_LEFT);
        assertThat(Geometry.place(parent, pixels, 30, 40).drawn()).isEqualTo(new Rect(110, 120, 30, 40));
    }

    @Test
    void bounds_types_scale_the_source_as_obs_does() {
        var parent = new Rect(0, 0, 1000, 1000);
        var at = new Item.Position(0, 0, Item.Unit.PX);
        // a 200x100 source in a 400x400 box, centered in the box
        assertThat(Geometry.place(
                                parent,
                                item(at, px(Item.BoundsType.SCALE_INNER, 400, 400), Item.Align.CENTER),
                                200,
                                100)
                        .drawn())
                .isEqualTo(new Rect(-200, -100, 400, 200));
        assertThat(Geometry.place(
                                parent,
                                item(at, px(Item.BoundsType.SCALE_OUTER, 400, 400), Item.Align.CENTER),
                                200,
                                100)
                        .drawn())
                .isEqualTo(new Rect(-400, -200, 800, 400));
        assertThat(Geometry.place(
                                parent, item(at, px(Item.BoundsType.STRETCH, 400, 400), Item.Align.TOP_LEFT), 200, 100)
                        .drawn())
                .isEqualTo(new Rect(0, 0, 400, 400));
        assertThat(Geometry.place(
                                parent, item(at, px(Item.BoundsType.TO_WIDTH, 400, 400), Item.Align.TOP_LEFT), 200, 100)
                        .drawn())
                .isEqualTo(new Rect(0, 0, 400, 200));
        assertThat(Geometry.place(
                                parent,
                                item(at, px(Item.BoundsType.TO_HEIGHT, 400, 400), Item.Align.TOP_LEFT),
                                200,
                                100)
                        .drawn())
                .isEqualTo(new Rect(0, 0, 800, 400));
        assertThat(Geometry.place(
                                parent, item(at, px(Item.BoundsType.MAX_ONLY, 400, 400), Item.Align.TOP_LEFT), 200, 100)
                        .drawn())
                .as("never larger than natural")
                .isEqualTo(new Rect(0, 0, 200, 100));
        assertThat(Geometry.place(
                                parent, item(at, px(Item.BoundsType.MAX_ONLY, 100, 100), Item.Align.TOP_LEFT), 200, 100)
                        .drawn())
                .isEqualTo(new Rect(0, 0, 100, 50));
        assertThat(Geometry.place(parent, item(at, Item.Bounds.NONE, Item.Align.BOTTOM_RIGHT), 200, 100)
                        .drawn())
                .isEqualTo(new Rect(-200, -100, 200, 100));
    }

    @Test
    void fit_always_lies_inside_its_box_and_cover_always_covers_it_for_any_sizes() {
        long seed = 20261201L;
        var random = new Random(seed);
        var parent = new Rect(0, 0, 1920, 1080);
        for (int i = 0; i < 2000; i++) {
            double nw = 1 + random.nextInt(4000);
            double nh = 1 + random.nextInt(4000);
            double bw = 1 + random.nextInt(1920);
            double bh = 1 + random.nextInt(1080);
            var align = Item.Align.values()[random.nextInt(9)];
            var pos = new Item.Position(random.nextDouble(), random.nextDouble(), Item.Unit.FRACTION);
            var fit = Geometry.place(parent, item(pos, px(Item.BoundsType.SCALE_INNER, bw, bh), align), nw, nh);
            var cover = Geometry.place(parent, item(pos, px(Item.BoundsType.SCALE_OUTER, bw, bh), align), nw, nh);
            String why = "seed " + seed + ", case " + i;
            assertThat(fit.drawn().w()).as(why).isLessThanOrEqualTo(bw + 1e-6);
            assertThat(fit.drawn().h()).as(why).isLessThanOrEqualTo(bh + 1e-6);
            assertThat(Math.max(bw - fit.drawn().w(), bh - fit.drawn().h()) < 1e-6
                            || Math.min(bw - fit.drawn().w(), bh - fit.drawn().h()) < 1e-6)
                    .as(why + ": fit touches the box on one axis")
                    .isTrue();
            assertThat(cover.drawn().w()).as(why).isGreaterThanOrEqualTo(bw - 1e-6);
            assertThat(cover.drawn().h()).as(why).isGreaterThanOrEqualTo(bh - 1e-6);
            assertThat(fit.drawn().w() / fit.drawn().h()).as(why).isCloseTo(nw / nh, within(1e-6 * nw / nh));
            // the drawn rectangle is aligned in the box like the box at pos
            double slackX = bw - fit.drawn().w();
            assertThat(fit.drawn().x() - fit.box().x()).as(why).isCloseTo(align.fx * slackX, within(1e-6));
        }
    }
}
