package dev.gavel.stream.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SceneReaderTest {
    private final SceneReader reader = new SceneReader();

    private List<SceneReader.Problem> problems(String json) {
        return switch (reader.read(json)) {
            case SceneReader.Result.Invalid bad -> bad.problems();
            case SceneReader.Result.Read ok -> List.of();
        };
    }

    private Scene scene(String json) {
        return switch (reader.read(json)) {
            case SceneReader.Result.Read ok -> ok.scene();
            case SceneReader.Result.Invalid bad -> throw new AssertionError(bad.problems());
        };
    }

    private static String withItem(String item) {
        return """
                {"name": "t", "sources": {"bg": {"type": "color", "color": "#112233"}, "logo": {"type": "image", "asset": "abc"}},
                 "items": [%s]}""".formatted(item);
    }

    @Test
    void the_shipped_scenes_are_valid() {
        for (var e : DefaultScenes.json().entrySet()) {
            assertThat(problems(e.getValue())).as(e.getKey()).isEmpty();
        }
        assertThat(DefaultScenes.get(DefaultScenes.AUCTION).items()).isNotEmpty();
    }

    @Test
    void a_full_item_is_read_with_every_field() {
        var s = scene(withItem("""
                {"id": "logo1", "source": "logo", "parent": "q2", "pos": {"x": 10, "y": 20, "unit": "px"},
                 "bounds": {"type": "scaleOuter", "w": 0.5, "h": 0.25}, "align": "bottomRight", "cropToBounds": true,
                 "crop": {"left": 1, "top": 2, "right": 3, "bottom": 4}, "rot": 15, "opacity": 0.5, "z": 905,
                 "visible": false, "scaleFilter": "nearest", "show": {"type": "slide", "ms": 250}, "hide": {"type": "fade"}}"""));
        var it = s.items().getFirst();
        assertThat(it.id()).isEqualTo("logo1");
        assertThat(it.parent()).isEqualTo(Item.Parent.Q2);
        assertThat(it.pos()).isEqualTo(new Item.Position(10, 20, Item.Unit.PX));
        assertThat(it.bounds()).isEqualTo(new Item.Bounds(Item.BoundsType.SCALE_OUTER, 0.5, 0.25, Item.Unit.FRACTION));
        assertThat(it.align()).isEqualTo(Item.Align.BOTTOM_RIGHT);
        assertThat(it.cropToBounds()).isTrue();
        assertThat(it.crop()).isEqualTo(new Item.Crop(1, 2, 3, 4));
        assertThat(it.rotation()).isEqualTo(15);
        assertThat(it.opacity()).isEqualTo(0.5);
        assertThat(it.z()).isEqualTo(905);
        assertThat(Item.band(it.z())).isEqualTo("overlay");
        assertThat(it.visible()).isFalse();
        assertThat(it.scaleFilter()).isEqualTo(Item.ScaleFilter.NEAREST);
        assertThat(it.show()).contains(new Scene.Transition(Scene.Transition.Kind.SLIDE, 250));
        assertThat(it.hide()).contains(new Scene.Transition(Scene.Transition.Kind.FADE, 300));
    }

    @Test
    void defaults_fill_what_an_item_leaves_out() {
        var it = scene(withItem("{\"source\": \"logo\", \"parent\": \"q1\"}"))
                .items()
                .getFirst();
        assertThat(it.id()).isEqualTo("item0");
        assertThat(it.align()).isEqualTo(Item.Align.TOP_LEFT);
        assertThat(it.bounds().type()).isEqualTo(Item.BoundsType.NONE);
        assertThat(it.z()).as("quadrant items start in the quadrant band").isEqualTo(100);
        assertThat(it.opacity()).isEqualTo(1);
        assertThat(it.visible()).isTrue();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"source\": \"logo\", \"bounds\": {\"type\": \"fit\", \"w\": 1, \"h\": 1}} | items[0].bounds.type | must be one of none, stretch, scaleInner, scaleOuter",
                "{\"source\": \"nope\"} | items[0].source | no source 'nope'",
                "{\"source\": \"logo\", \"colour\": \"#fff\"} | items[0].colour | unknown field",
                "{\"source\": \"logo\", \"opacity\": 1.5} | items[0].opacity | must be a number from 0 to 1",
                "{\"source\": \"logo\", \"parent\": \"q4\"} | items[0].parent | must be one of canvas, q0, q1, q2, q3",
                "{\"source\": \"logo\", \"align\": \"middle\"} | items[0].align | must be one of topLeft",
                "{\"source\": \"logo\", \"z\": 1.5} | items[0].z | must be a whole number",
                "{\"source\": \"logo\", \"pos\": {\"x\": \"1\"}} | items[0].pos.x | must be a number",
                "{\"source\": \"logo\", \"pos\": {\"x\": 1, \"unit\": \"em\"}} | items[0].pos.unit | must be \"px\" or \"fraction\"",
                "{\"source\": \"logo\", \"bounds\": {\"type\": \"stretch\", \"w\": 1}} | items[0].bounds.h | is required with bounds type stretch",
                "{\"source\": \"logo\", \"crop\": {\"left\": -1}} | items[0].crop.left | must be a whole number from 0",
                "{\"source\": \"logo\", \"blend\": \"multiply\"} | items[0].blend | only \"normal\"",
                "{\"source\": \"logo\", \"show\": {\"type\": \"spin\"}} | items[0].show.type | must be one of fade, slide, cut",
                "{\"source\": \"bg\"} | items[0].bounds | a color source has no size of its own",
                "{\"source\": \"logo\", \"visible\": \"yes\"} | items[0].visible | must be true or false",
            })
    void a_bad_item_field_is_named_by_its_path(String item, String path, String message) {
        assertThat(problems(withItem(item))).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void every_problem_is_reported_at_once_with_its_path() {
        var found = problems("""
                {"name": "", "canvas": {"width": 5, "background": "blue"},
                 "sources": {"t": {"type": "text", "text": "${auction.price}"}, "x y": {"type": "color"},
                             "v": {"type": "video"}, "i": {"type": "image", "asset": "${auction.name}"}},
                 "items": [{"source": "t", "id": "a"}, {"source": "t", "id": "a"}]}""");
        assertThat(found)
                .extracting(SceneReader.Problem::path)
                .contains(
                        "name",
                        "canvas.width",
                        "canvas.background",
                        "sources.t.text",
                        "sources.x y",
                        "sources.v.type",
                        "sources.i.asset",
                        "items[1].id");
        assertThat(found)
                .filteredOn(p -> p.path().equals("sources.t.text"))
                .singleElement()
                .satisfies(p -> assertThat(p.message())
                        .contains("unknown binding ${auction.price}")
                        .contains("auction.currentBid"));
    }

    @Test
    void malformed_json_is_one_problem_saying_where() {
        assertThat(problems("{\"name\": \"x\", \"items\": [}")).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("$");
            assertThat(p.message()).contains("not JSON").contains("line 1");
        });
        assertThat(problems("[1,2]")).singleElement().satisfies(p -> assertThat(p.message())
                .contains("object"));
    }

    @Test
    void colors_take_three_six_or_eight_hex_digits() {
        assertThat(Color.parse("#fff")).contains(new Color(0xffffffff));
        assertThat(Color.parse("#112233")).contains(new Color(0xff112233));
        assertThat(Color.parse("#11223380")).contains(new Color(0x80112233));
        assertThat(Color.parse("112233")).isEmpty();
        assertThat(Color.parse("#12345")).isEmpty();
    }

    @Test
    void bindings_fill_known_names_and_leave_unknown_ones_as_written() {
        assertThat(Bindings.fill("bid ${auction.currentBid} on ${ auction.hashtag } ${nope}", n -> "<" + n + ">"))
                .isEqualTo("bid <auction.currentBid> on <auction.hashtag> ${nope}");
        assertThat(Bindings.namesIn("${a}${b.c}")).containsExactly("a", "b.c");
    }
}
