package dev.gavel.stream.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.stream.scene.DefaultScenes;
import dev.gavel.stream.scene.Scene;
import dev.gavel.stream.scene.SceneReader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The compositor against reviewed reference images (src/test/resources/…/golden), with a small tolerance for
 * antialiasing, plus exact checks of chosen pixels. Run with {@code -Dgavel.golden.update=true} to write new
 * references after a deliberate change, then look at them before committing. A mismatch writes what was drawn
 * to {@code target/golden-actual/}.
 */
class CompositorGoldenTest {
    private static final Instant NOW = Instant.parse("2026-12-01T19:10:00Z");
    /** 64x32: left half red, right half blue, a green 8x8 square in the top left corner. */
    private static final BufferedImage TEST_IMAGE = testImage();

    private final SceneCompositor compositor = new SceneCompositor(
            id -> Optional.ofNullable(Map.of("test", TEST_IMAGE).get(id)));

    private static BufferedImage testImage() {
        var img = new BufferedImage(64, 32, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, 32, 32);
        g.setColor(Color.BLUE);
        g.fillRect(32, 0, 32, 32);
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, 8, 8);
        g.dispose();
        return img;
    }

    private static Scene scene(String json) {
        return switch (new SceneReader().read(json)) {
            case SceneReader.Result.Read r -> r.scene();
            case SceneReader.Result.Invalid bad -> throw new AssertionError(bad.problems());
        };
    }

    static LiveState state(String bid) {
        var auction = new LiveState.Auction(
                "Genesis #1 — Dawn",
                "#GENESIS1",
                "ACTIVE",
                Optional.of(bid),
                Optional.of("@punkcollector"),
                7,
                "2.625",
                NOW.plusSeconds(125),
                Optional.empty(),
                List.of(
                        new LiveState.TickerBid("@punkcollector", bid, true),
                        new LiveState.TickerBid("@gm_anon", "2.4", false)),
                Optional.empty());
        return new LiveState(Optional.of(auction), Optional.of("What a bid!"));
    }

    private static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    @Test
    void quadrants_padding_gap_and_z_order() throws IOException {
        var s = scene("""
                {"name": "layout", "canvas": {"width": 320, "height": 180, "background": "#000000"},
                 "layout": {"region": {"x": 0, "y": 0, "w": 1, "h": 1}, "gap": 8, "padding": 4},
                 "sources": {"r": {"type": "color", "color": "#ff0000"}, "g": {"type": "color", "color": "#00ff00"},
                             "b": {"type": "color", "color": "#0000ff"}, "w": {"type": "color", "color": "#ffffff"},
                             "y": {"type": "color", "color": "#ffff00"}},
                 "items": [
                   {"source": "y", "parent": "canvas", "pos": {"x": 0.25, "y": 0.25}, "bounds": {"type": "stretch", "w": 0.5, "h": 0.5}, "z": 900},
                   {"source": "r", "parent": "q0", "bounds": {"type": "stretch", "w": 1, "h": 1}},
                   {"source": "g", "parent": "q1", "bounds": {"type": "stretch", "w": 1, "h": 1}},
                   {"source": "b", "parent": "q2", "bounds": {"type": "stretch", "w": 1, "h": 1}},
                   {"source": "w", "parent": "q3", "bounds": {"type": "stretch", "w": 1, "h": 1}}
                 ]}""");
        var img = compositor.render(s, LiveState.EMPTY, NOW, 320, 180);
        // quadrants are 156x86; content boxes start 4 px in
        assertThat(rgb(img, 2, 2)).as("padding stays background").isEqualTo(0x000000);
        assertThat(rgb(img, 6, 6)).isEqualTo(0xff0000);
        assertThat(rgb(img, 313, 6)).isEqualTo(0x00ff00);
        assertThat(rgb(img, 6, 173)).isEqualTo(0x0000ff);
        assertThat(rgb(img, 313, 173)).isEqualTo(0xffffff);
        assertThat(rgb(img, 160, 90))
                .as("the overlay, first in the list but z 900, is on top")
                .isEqualTo(0xffff00);
        assertThat(rgb(img, 159, 6)).as("the gap between q0 and q1").isEqualTo(0x000000);
        Golden.assertMatches(img, "layout");
    }

    @Test
    void bounds_types_fit_cover_stretch_and_none_with_alignment() throws IOException {
        var s = scene("""
                {"name": "bounds", "canvas": {"width": 320, "height": 180, "background": "#202020"},
                 "layout": {"gap": 0, "padding": 0},
                 "sources": {"img": {"type": "image", "asset": "test"}},
                 "items": [
                   {"source": "img", "parent": "q0", "bounds": {"type": "stretch", "w": 1, "h": 1}},
                   {"source": "img", "parent": "q1", "pos": {"x": 0.5, "y": 0.5}, "align": "center", "bounds": {"type": "scaleInner", "w": 1, "h": 1}},
                   {"source": "img", "parent": "q2", "pos": {"x": 0.5, "y": 0.5}, "align": "center", "cropToBounds": true,
                    "bounds": {"type": "scaleOuter", "w": 0.5, "h": 1}},
                   {"source": "img", "parent": "q3", "pos": {"x": 1, "y": 1}, "align": "bottomRight", "scaleFilter": "nearest"}
                 ]}""");
        var img = compositor.render(s, LiveState.EMPTY, NOW, 320, 180);
        // q1 is 160x90 at (160,0): the 64x32 image fits as 160x80, centered: rows 5..85
        assertThat(rgb(img, 200, 2)).as("fit leaves the box's rest empty").isEqualTo(0x202020);
        assertThat(rgb(img, 200, 45)).isEqualTo(0xff0000);
        assertThat(rgb(img, 300, 45)).isEqualTo(0x0000ff);
        // q2 (0,90,160,90): cover into an 80x90 box at x 40..120 shows only the middle of the image, clipped
        assertThat(rgb(img, 20, 135)).as("cover is clipped to its bounds").isEqualTo(0x202020);
        assertThat(rgb(img, 60, 135)).isEqualTo(0xff0000);
        assertThat(rgb(img, 100, 135)).isEqualTo(0x0000ff);
        // q3: natural size, bottom right: its green corner at (256,148)
        assertThat(rgb(img, 259, 151)).isEqualTo(0x00ff00);
        assertThat(rgb(img, 250, 170)).as("left of the image").isEqualTo(0x202020);
        Golden.assertMatches(img, "bounds");
    }

    @Test
    void rotation_and_opacity() throws IOException {
        var s = scene("""
                {"name": "transforms", "canvas": {"width": 320, "height": 180, "background": "#000000"},
                 "sources": {"w": {"type": "color", "color": "#ffffff"}, "r": {"type": "color", "color": "#ff0000"}},
                 "items": [
                   {"source": "w", "pos": {"x": 80, "y": 90, "unit": "px"}, "align": "center", "rot": 45,
                    "bounds": {"type": "stretch", "w": 80, "h": 80, "unit": "px"}},
                   {"source": "w", "pos": {"x": 240, "y": 90, "unit": "px"}, "align": "center",
                    "bounds": {"type": "stretch", "w": 80, "h": 80, "unit": "px"}},
                   {"source": "r", "pos": {"x": 240, "y": 90, "unit": "px"}, "align": "center", "opacity": 0.5,
                    "bounds": {"type": "stretch", "w": 40, "h": 40, "unit": "px"}, "z": 1}
                 ]}""");
        var img = compositor.render(s, LiveState.EMPTY, NOW, 320, 180);
        assertThat(rgb(img, 80, 40))
                .as("a corner of the diamond, straight above its center")
                .isEqualTo(0xffffff);
        assertThat(rgb(img, 45, 55))
                .as("where the unrotated square's corner would be")
                .isEqualTo(0x000000);
        int half = rgb(img, 240, 90);
        assertThat(half >> 16).isEqualTo(0xff);
        assertThat((half >> 8) & 0xff).as("half red over white").isBetween(0x7e, 0x81);
        Golden.assertMatches(img, "transforms");
    }

    @Test
    void an_image_turned_a_quarter_keeps_its_detail() {
        var s = scene("""
                {"name": "turned", "canvas": {"width": 320, "height": 180, "background": "#000000"},
                 "sources": {"img": {"type": "image", "asset": "test"}},
                 "items": [{"source": "img", "pos": {"x": 160, "y": 90, "unit": "px"}, "align": "center", "rot": 90,
                            "bounds": {"type": "stretch", "w": 128, "h": 64, "unit": "px"}}]}""");
        var img = compositor.render(s, LiveState.EMPTY, NOW, 320, 180);
        // 128x64 turned clockwise about (160,90): the image's top left (green) lands at the top right
        assertThat(rgb(img, 187, 30)).as("the green corner").isEqualTo(0x00ff00);
        assertThat(rgb(img, 160, 50)).as("red, the image's left half, on top").isEqualTo(0xff0000);
        assertThat(rgb(img, 160, 130)).as("blue below").isEqualTo(0x0000ff);
    }

    @Test
    void a_bound_text_draws_exactly_what_the_same_literal_text_draws() throws IOException {
        String template = """
                {"name": "text", "canvas": {"width": 320, "height": 180, "background": "#101010"},
                 "sources": {"t": {"type": "text", "text": "%s", "font": {"family": "SansSerif", "size": 32, "bold": true}, "color": "#f5b301"}},
                 "items": [{"source": "t", "pos": {"x": 0.5, "y": 0.5}, "align": "center"}]}""";
        var bound = compositor.render(scene(template.formatted("${auction.currentBid}")), state("2.5"), NOW, 320, 180);
        var literal = compositor.render(scene(template.formatted("2.5 ETH")), LiveState.EMPTY, NOW, 320, 180);
        assertThat(Golden.differingPixels(bound, literal, 0)).isZero();
        var other = compositor.render(scene(template.formatted("${auction.currentBid}")), state("3"), NOW, 320, 180);
        assertThat(Golden.differingPixels(bound, other, 0))
                .as("another amount draws otherwise")
                .isPositive();
        Golden.assertMatches(bound, "text-binding");
    }

    @Test
    void a_missing_asset_is_drawn_as_a_placeholder_not_an_error() throws IOException {
        var s = scene("""
                {"name": "missing", "canvas": {"width": 320, "height": 180, "background": "#000000"},
                 "sources": {"img": {"type": "image", "asset": "deleted-asset"}},
                 "items": [{"source": "img", "pos": {"x": 0.5, "y": 0.5}, "align": "center", "bounds": {"type": "stretch", "w": 0.5, "h": 0.5}}]}""");
        var img = compositor.render(s, LiveState.EMPTY, NOW, 320, 180);
        assertThat(rgb(img, 10, 10)).isEqualTo(0x000000);
        assertThat(rgb(img, 85, 50)).as("the placeholder's gray").isIn(0x555555, 0x777777);
        Golden.assertMatches(img, "missing-asset");
    }

    @Test
    void the_shipped_auction_scene_with_its_widgets() throws IOException {
        var img = compositor.render(DefaultScenes.get(DefaultScenes.AUCTION), state("2.5"), NOW, 640, 360);
        Golden.assertMatches(img, "auction-scene");
        var standby = compositor.render(DefaultScenes.get(DefaultScenes.STANDBY), state("2.5"), NOW, 640, 360);
        Golden.assertMatches(standby, "standby-scene");
    }

    @Test
    void a_canvas_renders_at_any_output_size_by_scaling() {
        var s = scene("""
                {"name": "scale", "canvas": {"width": 320, "height": 180, "background": "#000000"},
                 "sources": {"r": {"type": "color", "color": "#ff0000"}},
                 "items": [{"source": "r", "bounds": {"type": "stretch", "w": 0.5, "h": 0.5}}]}""");
        var big = compositor.render(s, LiveState.EMPTY, NOW, 1280, 720);
        assertThat(rgb(big, 630, 350)).isEqualTo(0xff0000);
        assertThat(rgb(big, 650, 370)).isEqualTo(0x000000);
    }

    /** Reference images: compare, or (with -Dgavel.golden.update=true) write. */
    static final class Golden {
        private static final int CHANNEL_TOLERANCE = 40;
        private static final double MAX_DIFFERING = 0.005;

        static void assertMatches(BufferedImage actual, String name) throws IOException {
            if (Boolean.getBoolean("gavel.golden.update")) {
                Path out = Path.of("src/test/resources/dev/gavel/stream/render/golden", name + ".png");
                Files.createDirectories(out.getParent());
                ImageIO.write(actual, "png", out.toFile());
                return;
            }
            BufferedImage expected;
            try (InputStream in = Golden.class.getResourceAsStream("golden/" + name + ".png")) {
                assertThat(in)
                        .as("reference image golden/" + name + ".png (write it with -Dgavel.golden.update=true)")
                        .isNotNull();
                expected = ImageIO.read(in);
            }
            assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
            assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
            long differing = differingPixels(actual, expected, CHANNEL_TOLERANCE);
            double share = differing / (double) (actual.getWidth() * actual.getHeight());
            if (share > MAX_DIFFERING) {
                Path out = Path.of("target/golden-actual", name + ".png");
                Files.createDirectories(out.getParent());
                ImageIO.write(actual, "png", out.toFile());
            }
            assertThat(share)
                    .as(name + ": share of pixels differing by more than " + CHANNEL_TOLERANCE
                            + " in a channel (drawn: target/golden-actual/" + name + ".png)")
                    .isLessThanOrEqualTo(MAX_DIFFERING);
        }

        static long differingPixels(BufferedImage a, BufferedImage b, int tolerance) {
            long n = 0;
            for (int y = 0; y < a.getHeight(); y++) {
                for (int x = 0; x < a.getWidth(); x++) {
                    int p = a.getRGB(x, y);
                    int q = b.getRGB(x, y);
                    for (int shift = 0; shift <= 16; shift += 8) {
                        if (Math.abs(((p >> shift) & 0xff) - ((q >> shift) & 0xff)) > tolerance) {
                            n++;
                            break;
                        }
                    }
                }
            }
            return n;
        }
    }
}
