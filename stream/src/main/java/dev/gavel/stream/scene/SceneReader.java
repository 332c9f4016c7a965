package dev.gavel.stream.scene;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a scene from JSON, checking everything at once: each problem names the path of the field it is about
 * ({@code items[3].bounds.type}) and what is expected there. Unknown fields are problems too, so a typo is
 * not silently ignored. Thread-safe.
 */
public final class SceneReader {
    /** One thing wrong with a scene, at {@code path}. */
    public record Problem(String path, String message) {
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }

    /** A scene, or everything wrong with it. */
    public sealed interface Result {
        record Read(Scene scene) implements Result {}

        record Invalid(List<Problem> problems) implements Result {
            public Invalid {
                problems = List.copyOf(problems);
            }
        }
    }

    public static final int MAX_ITEMS = 200;
    public static final int MAX_SOURCES = 100;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads JSON text; malformed JSON is one problem at the path {@code $}. */
    public Result read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            return new Result.Invalid(List.of(new Problem("$", "not JSON" + where + ": " + e.getOriginalMessage())));
        }
        return read(root);
    }

    public Result read(JsonNode root) {
        var p = new Problems();
        if (root == null || !root.isObject()) {
            p.add("$", "must be a JSON object");
            return new Result.Invalid(p.list);
        }
        p.only(root, "$", "name", "canvas", "layout", "sources", "items", "transition");
        String name = text(root, "name", "$", p, true, 200).orElse("");
        var canvas = canvas(root.get("canvas"), p);
        var layout = layout(root.get("layout"), p);
        var sources = sources(root.get("sources"), p);
        var items = items(root.get("items"), sources, p);
        var transition = transition(root.get("transition"), "transition", p);
        if (!p.list.isEmpty()) {
            return new Result.Invalid(p.list);
        }
        return new Result.Read(new Scene(name, canvas, layout, sources, items, transition));
    }

    private static Scene.Canvas canvas(JsonNode n, Problems p) {
        if (n == null) {
            return new Scene.Canvas(1280, 720, Color.BLACK);
        }
        if (!p.object(n, "canvas")) {
            return new Scene.Canvas(1280, 720, Color.BLACK);
        }
        p.only(n, "canvas", "width", "height", "background");
        int w = integer(n, "width", "canvas", p, 1280, 16, 3840);
        int h = integer(n, "height", "canvas", p, 720, 16, 2160);
        var bg = color(n, "background", "canvas", p, Color.BLACK);
        return new Scene.Canvas(w, h, bg);
    }

    private static Scene.Layout layout(JsonNode n, Problems p) {
        if (n == null || !p.object(n, "layout")) {
            return Scene.Layout.standard();
        }
        p.only(n, "layout", "region", "gap", "padding");
        var region = new Scene.Box(0, 0, 1, 1);
        JsonNode r = n.get("region");
        if (r != null && p.object(r, "layout.region")) {
            p.only(r, "layout.region", "x", "y", "w", "h");
            double x = number(r, "x", "layout.region", p, 0, 0, 1);
            double y = number(r, "y", "layout.region", p, 0, 0, 1);
            double w = number(r, "w", "layout.region", p, 1, 0.01, 1);
            double h = number(r, "h", "layout.region", p, 1, 0.01, 1);
            p.require(
                    x + w <= 1.0000001, "layout.region.w", "x + w must be at most 1 (the region stays on the canvas)");
            p.require(
                    y + h <= 1.0000001, "layout.region.h", "y + h must be at most 1 (the region stays on the canvas)");
            region = new Scene.Box(x, y, w, h);
        }
        int gap = integer(n, "gap", "layout", p, 16, 0, 500);
        int padding = integer(n, "padding", "layout", p, 24, 0, 500);
        return new Scene.Layout(region, gap, padding);
    }

    private static Map<String, Source> sources(JsonNode n, Problems p) {
        var out = new LinkedHashMap<String, Source>();
        if (n == null) {
            p.add("sources", "is required: an object of sources by id");
            return out;
        }
        if (!p.object(n, "sources")) {
            return out;
        }
        if (n.size() > MAX_SOURCES) {
            p.add("sources", "at most " + MAX_SOURCES + " sources");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            String path = "sources." + e.getKey();
            if (!ID.matcher(e.getKey()).matches()) {
                p.add(path, "a source id is 1 to 64 letters, digits, '_' or '-'");
                continue;
            }
            source(e.getValue(), path, p).ifPresent(s -> out.put(e.getKey(), s));
        }
        return out;
    }

    private static Optional<Source> source(JsonNode n, String path, Problems p) {
        if (!p.object(n, path)) {
            return Optional.empty();
        }
        String type = text(n, "type", path, p, true, 40).orElse("");
        switch (type) {
            case "image" -> {
                p.only(n, path, "type", "asset");
                var asset = text(n, "asset", path, p, true, 128);
                if (asset.isPresent()
                        && asset.get().contains("${")
                        && !asset.get().equals(Source.Image.LIVE_ARTWORK)) {
                    p.add(
                            path + ".asset",
                            "an asset id, or " + Source.Image.LIVE_ARTWORK + " for the live auction's artwork");
                    return Optional.empty();
                }
                return asset.map(Source.Image::new);
            }
            case "text" -> {
                p.only(n, path, "type", "text", "font", "color", "shadow");
                var template = text(n, "text", path, p, true, 500);
                template.ifPresent(t -> {
                    for (String name : Bindings.namesIn(t)) {
                        if (!Bindings.NAMES.contains(name)) {
                            p.add(
                                    path + ".text",
                                    "unknown binding ${" + name + "}; known: "
                                            + Bindings.NAMES.stream().sorted().toList());
                        }
                    }
                });
                var font = font(n.get("font"), path + ".font", p);
                var color = color(n, "color", path, p, Color.WHITE);
                Optional<Color> shadow =
                        n.has("shadow") ? Optional.of(color(n, "shadow", path, p, Color.BLACK)) : Optional.empty();
                return template.map(t -> new Source.Text(t, font, color, shadow));
            }
            case "color" -> {
                p.only(n, path, "type", "color");
                if (!n.has("color")) {
                    p.add(path + ".color", "is required, such as \"#112233\"");
                }
                return Optional.of(new Source.Fill(color(n, "color", path, p, Color.BLACK)));
            }
            case "auctionPanel" -> {
                p.only(n, path, "type", "accent");
                return Optional.of(new Source.AuctionPanel(
                        color(n, "accent", path, p, Color.parse("#f5b301").orElseThrow())));
            }
            case "countdown" -> {
                p.only(n, path, "type", "warnSeconds", "color", "warnColor");
                return Optional.of(new Source.Countdown(
                        integer(n, "warnSeconds", path, p, 60, 0, 3600),
                        color(n, "color", path, p, Color.WHITE),
                        color(n, "warnColor", path, p, Color.parse("#ff4d4f").orElseThrow())));
            }
            case "bidTicker" -> {
                p.only(n, path, "type", "count");
                return Optional.of(new Source.BidTicker(integer(n, "count", path, p, 5, 1, 20)));
            }
            case "host" -> {
                p.only(n, path, "type", "font");
                return Optional.of(new Source.HostCaption(font(n.get("font"), path + ".font", p)));
            }
            case "" -> {
                return Optional.empty();
            }
            default -> {
                p.add(
                        path + ".type",
                        "unknown source type '" + type
                                + "'; one of image, text, color, auctionPanel, countdown, bidTicker, host");
                return Optional.empty();
            }
        }
    }

    private static Source.Font font(JsonNode n, String path, Problems p) {
        if (n == null || !p.object(n, path)) {
            return Source.Font.DEFAULT;
        }
        p.only(n, path, "family", "size", "bold");
        String family = text(n, "family", path, p, false, 100).orElse(Source.Font.DEFAULT.family());
        int size = integer(n, "size", path, p, Source.Font.DEFAULT.size(), 4, 400);
        boolean bold = bool(n, "bold", path, p, false);
        return new Source.Font(family, size, bold);
    }

    private static List<Item> items(JsonNode n, Map<String, Source> sources, Problems p) {
        var out = new ArrayList<Item>();
        if (n == null) {
            p.add("items", "is required: a list of items");
            return out;
        }
        if (!n.isArray()) {
            p.add("items", "must be a list");
            return out;
        }
        if (n.size() > MAX_ITEMS) {
            p.add("items", "at most " + MAX_ITEMS + " items");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < n.size(); i++) {
            String path = "items[" + i + "]";
            JsonNode it = n.get(i);
            if (!p.object(it, path)) {
                continue;
            }
            p.only(
                    it,
                    path,
                    "id",
                    "source",
                    "parent",
                    "pos",
                    "bounds",
                    "align",
                    "cropToBounds",
                    "crop",
                    "rot",
                    "opacity",
                    "blend",
                    "z",
                    "visible",
                    "scaleFilter",
                    "show",
                    "hide");
            String id = text(it, "id", path, p, false, 64).orElse("item" + i);
            if (!ID.matcher(id).matches()) {
                p.add(path + ".id", "an item id is 1 to 64 letters, digits, '_' or '-'");
            } else if (!ids.add(id)) {
                p.add(path + ".id", "'" + id + "' is the id of an earlier item");
            }
            String source = text(it, "source", path, p, true, 64).orElse("");
            if (!source.isEmpty() && !sources.containsKey(source) && p.noneUnder("sources." + source)) {
                p.add(path + ".source", "no source '" + source + "' in sources");
            }
            var parent = enumValue(it, "parent", path, p, Item.Parent.class, Item.Parent.CANVAS);
            var pos = position(it.get("pos"), path + ".pos", p);
            var bounds = bounds(it.get("bounds"), path + ".bounds", p);
            var s = sources.get(source);
            if (s != null
                    && bounds.type() == Item.BoundsType.NONE
                    && !(s instanceof Source.Image || s instanceof Source.Text)) {
                p.add(path + ".bounds", "a " + typeName(s) + " source has no size of its own: give the item bounds");
            }
            var align = enumValue(it, "align", path, p, Item.Align.class, Item.Align.TOP_LEFT);
            boolean cropToBounds = bool(it, "cropToBounds", path, p, false);
            var crop = crop(it.get("crop"), path + ".crop", p);
            double rot = number(it, "rot", path, p, 0, -360, 360);
            double opacity = number(it, "opacity", path, p, 1, 0, 1);
            if (it.has("blend") && !"normal".equals(it.get("blend").asText())) {
                p.add(path + ".blend", "only \"normal\" is supported");
            }
            int z = integer(it, "z", path, p, parent == Item.Parent.CANVAS ? 0 : 100, -100_000, 100_000);
            boolean visible = bool(it, "visible", path, p, true);
            var filter = enumValue(it, "scaleFilter", path, p, Item.ScaleFilter.class, Item.ScaleFilter.BILINEAR);
            var show = transition(it.get("show"), path + ".show", p);
            var hide = transition(it.get("hide"), path + ".hide", p);
            out.add(new Item(
                    id,
                    source,
                    parent,
                    pos,
                    bounds,
                    align,
                    cropToBounds,
                    crop,
                    rot,
                    opacity,
                    z,
                    visible,
                    filter,
                    show,
                    hide));
        }
        return out;
    }

    private static String typeName(Source s) {
        return switch (s) {
            case Source.Image i -> "image";
            case Source.Text t -> "text";
            case Source.Fill f -> "color";
            case Source.AuctionPanel a -> "auctionPanel";
            case Source.Countdown c -> "countdown";
            case Source.BidTicker b -> "bidTicker";
            case Source.HostCaption h -> "host";
        };
    }

    private static Item.Position position(JsonNode n, String path, Problems p) {
        if (n == null || !p.object(n, path)) {
            return Item.Position.ORIGIN;
        }
        p.only(n, path, "x", "y", "unit");
        var unit = unit(n, path, p);
        double max = unit == Item.Unit.PX ? 10_000 : 2;
        return new Item.Position(number(n, "x", path, p, 0, -max, max), number(n, "y", path, p, 0, -max, max), unit);
    }

    private static Item.Bounds bounds(JsonNode n, String path, Problems p) {
        if (n == null || !p.object(n, path)) {
            return Item.Bounds.NONE;
        }
        p.only(n, path, "type", "w", "h", "unit");
        var type = enumValue(n, "type", path, p, Item.BoundsType.class, Item.BoundsType.STRETCH);
        var unit = unit(n, path, p);
        double max = unit == Item.Unit.PX ? 10_000 : 10;
        if (type == Item.BoundsType.NONE) {
            return Item.Bounds.NONE;
        }
        for (String f : List.of("w", "h")) {
            if (!n.has(f)) {
                p.add(path + "." + f, "is required with bounds type " + camel(type.name()));
            }
        }
        double w = number(n, "w", path, p, 1, 0.0001, max);
        double h = number(n, "h", path, p, 1, 0.0001, max);
        return new Item.Bounds(type, w, h, unit);
    }

    private static Item.Unit unit(JsonNode n, String path, Problems p) {
        if (!n.has("unit")) {
            return Item.Unit.FRACTION;
        }
        String u = n.get("unit").asText();
        if (u.equals("px")) {
            return Item.Unit.PX;
        }
        if (!u.equals("fraction")) {
            p.add(path + ".unit", "must be \"px\" or \"fraction\"");
        }
        return Item.Unit.FRACTION;
    }

    private static Item.Crop crop(JsonNode n, String path, Problems p) {
        if (n == null || !p.object(n, path)) {
            return Item.Crop.NONE;
        }
        p.only(n, path, "left", "top", "right", "bottom");
        return new Item.Crop(
                integer(n, "left", path, p, 0, 0, 10_000),
                integer(n, "top", path, p, 0, 0, 10_000),
                integer(n, "right", path, p, 0, 0, 10_000),
                integer(n, "bottom", path, p, 0, 0, 10_000));
    }

    private static Optional<Scene.Transition> transition(JsonNode n, String path, Problems p) {
        if (n == null || !p.object(n, path)) {
            return Optional.empty();
        }
        p.only(n, path, "type", "ms");
        var kind = enumValue(n, "type", path, p, Scene.Transition.Kind.class, Scene.Transition.Kind.FADE);
        int ms = integer(n, "ms", path, p, 300, 0, 10_000);
        return Optional.of(new Scene.Transition(kind, ms));
    }

    // --- field readers: each adds a problem and returns the default when the value is wrong

    private static Optional<String> text(JsonNode n, String field, String path, Problems p, boolean required, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                p.add(path + "." + field, "is required");
            }
            return Optional.empty();
        }
        if (!v.isTextual()) {
            p.add(path + "." + field, "must be a string");
            return Optional.empty();
        }
        String s = v.asText();
        if (s.length() > max) {
            p.add(path + "." + field, "at most " + max + " characters");
            return Optional.empty();
        }
        if (required && s.isBlank()) {
            p.add(path + "." + field, "must not be empty");
            return Optional.empty();
        }
        return Optional.of(s);
    }

    private static int integer(JsonNode n, String field, String path, Problems p, int dflt, int min, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            p.add(path + "." + field, "must be a whole number from " + min + " to " + max);
            return dflt;
        }
        return v.asInt();
    }

    private static double number(
            JsonNode n, String field, String path, Problems p, double dflt, double min, double max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
            p.add(path + "." + field, "must be a number from " + fmt(min) + " to " + fmt(max));
            return dflt;
        }
        return v.asDouble();
    }

    private static boolean bool(JsonNode n, String field, String path, Problems p, boolean dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            p.add(path + "." + field, "must be true or false");
            return dflt;
        }
        return v.asBoolean();
    }

    private static Color color(JsonNode n, String field, String path, Problems p, Color dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        var c = v.isTextual() ? Color.parse(v.asText()) : Optional.<Color>empty();
        if (c.isEmpty()) {
            p.add(path + "." + field, "must be a color such as \"#1e90ff\" or \"#1e90ff80\"");
            return dflt;
        }
        return c.get();
    }

    private static <E extends Enum<E>> E enumValue(
            JsonNode n, String field, String path, Problems p, Class<E> type, E dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        var names = new ArrayList<String>();
        for (E e : type.getEnumConstants()) {
            String name = camel(e.name());
            names.add(name);
            if (v.isTextual() && v.asText().equals(name)) {
                return e;
            }
        }
        p.add(path + "." + field, "must be one of " + String.join(", ", names));
        return dflt;
    }

    /** TOP_LEFT → topLeft, Q0 → q0, SCALE_INNER → scaleInner. */
    static String camel(String constant) {
        var parts = constant.toLowerCase(Locale.ROOT).split("_");
        var out = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            out.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return out.toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** The problems found so far. */
    private static final class Problems {
        final List<Problem> list = new ArrayList<>();

        void add(String path, String message) {
            list.add(new Problem(path.startsWith("$.") ? path.substring(2) : path, message));
        }

        void require(boolean ok, String path, String message) {
            if (!ok) {
                add(path, message);
            }
        }

        boolean object(JsonNode n, String path) {
            if (n == null || !n.isObject()) {
                add(path, "must be an object");
                return false;
            }
            return true;
        }

        void only(JsonNode n, String path, String... allowed) {
            var known = Set.of(allowed);
            n.fieldNames().forEachRemaining(f -> {
                if (!known.contains(f)) {
                    add(path + "." + f, "unknown field; expected one of " + String.join(", ", allowed));
                }
            });
        }

        /** Whether no problem was reported at or under {@code path} (a broken source is not reported twice). */
        boolean noneUnder(String path) {
            return list.stream()
                    .noneMatch(x -> x.path().equals(path) || x.path().startsWith(path + "."));
        }
    }
}
