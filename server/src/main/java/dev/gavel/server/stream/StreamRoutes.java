package dev.gavel.server.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.server.auth.Authenticator;
import dev.gavel.server.http.Access;
import dev.gavel.server.http.ApiError;
import dev.gavel.store.stream.StreamStore;
import dev.gavel.stream.scene.DefaultScenes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The livestream over HTTP. Scenes and assets are the admin's; the preview, the stream's health and the HLS
 * playlist are anyone's (they are what viewers see anyway, and stream keys are never shown):
 *
 * <ul>
 *   <li>{@code GET /api/scenes}, {@code GET|PUT|DELETE /api/scenes/{id}} (ADMIN): a PUT body is scene JSON, a
 *       bad one is 400 with every problem and its path;
 *   <li>{@code POST /api/assets} (ADMIN, multipart field {@code file}), {@code GET /api/assets} (ADMIN),
 *       {@code GET /api/assets/{id}}, {@code DELETE /api/assets/{id}} (ADMIN);
 *   <li>{@code GET /api/stream}, {@code POST /api/stream/actions} (ADMIN: start, stop, standby, live, scene,
 *       show and hide an item),
 *       {@code /ws/stream} (the health each second);
 *   <li>{@code GET /api/stream/frame.png}, {@code GET /api/stream/preview.mjpeg?fps=}, {@code GET
 *       /api/stream/hls/{file}}.
 * </ul>
 */
public final class StreamRoutes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRoutes.class);
    private static final Pattern ASSET_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HLS_FILE = Pattern.compile("[a-z0-9_]{1,40}\\.(m3u8|ts)");
    private static final int MAX_PREVIEWS = 8;
    private static final int MAX_WATCHERS = 200;
    private static final String BOUNDARY = "gavelframe";

    private final StreamRuntime stream;
    private final AssetLibrary assets;
    private final StreamStore store;
    private final ObjectMapper mapper;
    private final long maxBodyBytes;
    private final AtomicInteger previews = new AtomicInteger();
    private final Map<String, WsContext> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;

    public StreamRoutes(
            StreamRuntime stream, AssetLibrary assets, StreamStore store, ObjectMapper mapper, long maxBodyBytes) {
        this.stream = stream;
        this.assets = assets;
        this.store = store;
        this.mapper = mapper;
        this.maxBodyBytes = maxBodyBytes;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "gavel-stream-ws");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::pushHealth, 1, 1, TimeUnit.SECONDS);
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/scenes", this::scenes, Access.ADMIN);
        routes.get("/api/scenes/{id}", this::scene, Access.ADMIN);
        routes.put("/api/scenes/{id}", this::putScene, Access.ADMIN);
        routes.delete("/api/scenes/{id}", this::deleteScene, Access.ADMIN);
        routes.post("/api/assets", this::upload, Access.ADMIN);
        routes.get("/api/assets", this::assetList, Access.ADMIN);
        routes.get("/api/assets/{id}", this::asset, Access.ANYONE);
        routes.delete("/api/assets/{id}", this::deleteAsset, Access.ADMIN);
        routes.get("/api/stream", ctx -> ctx.json(stream.health()), Access.ANYONE);
        routes.post("/api/stream/actions", this::action, Access.ADMIN);
        routes.get("/api/stream/frame.png", this::frame, Access.ANYONE);
        routes.get("/api/stream/preview.mjpeg", this::mjpeg, Access.ANYONE);
        routes.get("/api/stream/hls/{file}", this::hls, Access.ANYONE);
        routes.ws(
                "/ws/stream",
                ws -> {
                    ws.onConnect(ctx -> {
                        if (watchers.size() >= MAX_WATCHERS) {
                            ctx.closeSession(new org.eclipse.jetty.websocket.core.CloseStatus(
                                    1013, "too many watchers; poll GET /api/stream"));
                            return;
                        }
                        watchers.put(ctx.sessionId(), ctx);
                        send(ctx);
                    });
                    ws.onClose(ctx -> watchers.remove(ctx.sessionId()));
                    ws.onError(ctx -> watchers.remove(ctx.sessionId()));
                },
                Access.ANYONE);
    }

    // --- scenes

    private void scenes(Context ctx) {
        var stored = new TreeMap<String, StreamStore.StoredScene>();
        store.scenes().forEach(sc -> stored.put(sc.id(), sc));
        var ids = new TreeSet<>(DefaultScenes.json().keySet());
        ids.addAll(stored.keySet());
        String onAir = stream.sceneOnAir();
        var items = ids.stream()
                .map(id -> {
                    var m = new LinkedHashMap<String, Object>();
                    m.put("id", id);
                    m.put("shipped", DefaultScenes.json().containsKey(id));
                    m.put("stored", stored.containsKey(id));
                    Optional.ofNullable(stored.get(id)).ifPresent(sc -> m.put("updatedAt", sc.updatedAt()));
                    m.put("onAir", id.equals(onAir));
                    return m;
                })
                .toList();
        ctx.json(Map.of("items", items));
    }

    private void scene(Context ctx) {
        String id = sceneId(ctx);
        String json = store.scene(id)
                .map(StreamStore.StoredScene::json)
                .orElse(DefaultScenes.json().get(id));
        if (json == null) {
            throw ApiError.notFound("no scene " + id);
        }
        ctx.contentType("application/json").result(json);
    }

    private void putScene(Context ctx) {
        String id = sceneId(ctx);
        String body = ctx.body();
        if (body.getBytes(StandardCharsets.UTF_8).length > maxBodyBytes) {
            throw new ApiError(413, "too_large", "a scene is at most " + maxBodyBytes + " bytes of JSON");
        }
        var by = Optional.ofNullable(Authenticator.principal(ctx)).map(p -> p.email());
        switch (stream.putScene(id, body, by)) {
            case StreamRuntime.Saved.Invalid bad ->
                throw ApiError.badRequest(
                        "invalid_scene",
                        bad.problems().size() + " problem(s): "
                                + bad.problems().stream()
                                        .limit(5)
                                        .map(Object::toString)
                                        .reduce((a, b) -> a + "; " + b)
                                        .orElse(""),
                        Map.of(
                                "problems",
                                bad.problems().stream()
                                        .map(p -> Map.of("path", p.path(), "message", p.message()))
                                        .toList()));
            case StreamRuntime.Saved.Done done ->
                ctx.status(done.created() ? 201 : 200).json(Map.of("id", id, "onAir", done.onAir()));
        }
    }

    private void deleteScene(Context ctx) {
        String id = sceneId(ctx);
        if (!stream.deleteScene(id)) {
            throw ApiError.notFound(
                    DefaultScenes.json().containsKey(id)
                            ? "scene " + id + " is the shipped one; nothing stored to delete"
                            : "no scene " + id);
        }
        ctx.status(204);
    }

    private static String sceneId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!StreamRuntime.SCENE_ID.matcher(id).matches()) {
            throw ApiError.badRequest(
                    "invalid_scene_id",
                    "a scene id is 1 to 64 lower-case letters, digits, '_' or '-', starting with a letter or digit",
                    Map.of("id", id));
        }
        return id;
    }

    // --- assets

    private void upload(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("");
        if (!type.startsWith("multipart/form-data")) {
            throw ApiError.badRequest(
                    "multipart_required", "send the image as multipart/form-data in a field named file", Map.of());
        }
        io.javalin.http.UploadedFile file;
        try {
            file = ctx.uploadedFile("file");
        } catch (RuntimeException e) {
            // a broken form, no boundary, or more than the server takes in one request
            String why = String.valueOf(e.getMessage());
            if (why.toLowerCase(java.util.Locale.ROOT).contains("size")
                    || why.toLowerCase(java.util.Locale.ROOT).contains("exceed")) {
                throw new ApiError(
                        413,
                        "file_too_large",
                        "the upload is larger than the " + AssetLibrary.MAX_BYTES + " bytes taken");
            }
            throw ApiError.badRequest(
                    "invalid_multipart", "the form could not be read as multipart/form-data", Map.of());
        }
        if (file == null) {
            throw ApiError.badRequest(
                    "file_required", "no field named file in the form", Map.of("file", "is required"));
        }
        if (file.size() > AssetLibrary.MAX_BYTES) {
            throw new ApiError(
                    413,
                    "file_too_large",
                    "the file has " + file.size() + " bytes; at most " + AssetLibrary.MAX_BYTES + " are taken");
        }
        byte[] bytes;
        try (var in = file.content()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw ApiError.badRequest("unreadable_upload", "the upload could not be read: " + e.getMessage(), Map.of());
        }
        switch (assets.store(
                bytes,
                Optional.ofNullable(file.filename())
                        .filter(n -> !n.isBlank())
                        .map(n -> n.length() > 200 ? n.substring(0, 200) : n))) {
            case AssetLibrary.Upload.Refused r -> throw new ApiError(r.status(), r.code(), r.reason());
            case AssetLibrary.Upload.Stored s ->
                ctx.status(s.fresh() ? 201 : 200).json(view(s.asset()));
        }
    }

    private static Map<String, Object> view(StreamStore.Asset a) {
        var m = new LinkedHashMap<String, Object>();
        m.put("id", a.id());
        m.put("contentType", a.contentType());
        m.put("width", a.width());
        m.put("height", a.height());
        m.put("bytes", a.bytes());
        a.name().ifPresent(n -> m.put("name", n));
        m.put("url", "/api/assets/" + a.id());
        m.put("createdAt", a.createdAt());
        return m;
    }

    private void assetList(Context ctx) {
        ctx.json(Map.of(
                "items", store.assets(500).stream().map(StreamRoutes::view).toList()));
    }

    private void asset(Context ctx) throws IOException {
        String id = assetId(ctx);
        var a = store.asset(id).filter(x -> x.deletedAt().isEmpty());
        var file = assets.file(id);
        if (a.isEmpty() || file.isEmpty()) {
            throw ApiError.notFound("no asset " + id);
        }
        ctx.header("Cache-Control", "public, max-age=31536000, immutable"); // named by its content
        binary(ctx, a.get().contentType(), Files.readAllBytes(file.get()));
    }

    private void deleteAsset(Context ctx) {
        String id = assetId(ctx);
        if (!assets.delete(id)) {
            throw ApiError.notFound("no asset " + id);
        }
        ctx.status(204);
    }

    private static String assetId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!ASSET_ID.matcher(id).matches()) {
            throw ApiError.badRequest(
                    "invalid_asset_id", "an asset id is the 64 hex digits of its SHA-256", Map.of("id", id));
        }
        return id;
    }

    // --- actions

    private void action(Context ctx) {
        JsonNode body;
        try {
            body = mapper.readTree(ctx.body());
        } catch (IOException e) {
            throw ApiError.badRequest("invalid_json", "the body is not JSON", Map.of());
        }
        String action = body == null ? "" : body.path("action").asText("");
        switch (action) {
            case "start" ->
                stream.startEncoding().ifPresent(why -> {
                    throw ApiError.conflict("cannot_start", why);
                });
            case "stop" -> stream.stopEncoding("stopped by an admin");
            case "standby" -> stream.standby(true);
            case "live" -> stream.standby(false);
            case "show", "hide" -> {
                String item = body.path("item").asText("");
                if (item.isEmpty()) {
                    throw ApiError.badRequest(
                            "invalid_request",
                            "item is required: the id of an item of the scene on screen",
                            Map.of("item", "is required"));
                }
                if (!stream.setVisible(item, action.equals("show"))) {
                    throw ApiError.notFound("the scene on screen has no item " + item);
                }
            }
            case "scene" -> {
                String id = body.path("scene").asText("");
                if (!StreamRuntime.SCENE_ID.matcher(id).matches()) {
                    throw ApiError.badRequest(
                            "invalid_scene_id", "scene must be a scene id", Map.of("scene", "is required"));
                }
                if (!stream.switchTo(id)) {
                    throw ApiError.notFound("no scene " + id);
                }
            }
            default ->
                throw ApiError.badRequest(
                        "invalid_action",
                        "action must be one of start, stop, standby, live, scene, show, hide",
                        Map.of("action", action.isEmpty() ? "is required" : "unknown: " + action));
        }
        ctx.json(stream.health());
    }

    // --- preview

    private void frame(Context ctx) throws IOException {
        var out = new ByteArrayOutputStream();
        ImageIO.write(stream.compositor().snapshot(), "png", out);
        ctx.header("Cache-Control", "no-store");
        binary(ctx, "image/png", out.toByteArray());
    }

    /** Frames as {@code multipart/x-mixed-replace} JPEGs until the viewer goes away. */
    private void mjpeg(Context ctx) throws Exception {
        int fps;
        try {
            fps = Integer.parseInt(Optional.ofNullable(ctx.queryParam("fps")).orElse("10"));
        } catch (NumberFormatException e) {
            fps = -1;
        }
        if (fps < 1 || fps > 30) {
            throw ApiError.badRequest("invalid_request", "fps must be 1 to 30", Map.of("fps", "1 to 30"));
        }
        if (previews.incrementAndGet() > MAX_PREVIEWS) {
            previews.decrementAndGet();
            throw new ApiError(
                    503, "too_many_previews", "at most " + MAX_PREVIEWS + " previews at a time; use frame.png or HLS");
        }
        try {
            ctx.status(200);
            ctx.header("Cache-Control", "no-store");
            var res = ctx.res();
            res.setCharacterEncoding(null);
            res.setContentType("multipart/x-mixed-replace; boundary=" + BOUNDARY);
            res.flushBuffer();
            OutputStream out = res.getOutputStream();
            long period = 1_000_000_000L / fps;
            long next = System.nanoTime();
            while (true) {
                byte[] jpeg = jpeg(stream.compositor().snapshot());
                out.write(("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(jpeg);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                next += period;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(Duration.ofNanos(sleep));
                } else {
                    next = System.nanoTime();
                }
            }
        } catch (IOException e) {
            // the viewer went away
        } finally {
            previews.decrementAndGet();
        }
    }

    /** Bytes with their type as it is: no charset (the server would add one to a type set the usual way). */
    private static void binary(Context ctx, String type, byte[] bytes) {
        ctx.res().setCharacterEncoding(null);
        ctx.res().setContentType(type);
        ctx.result(bytes);
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        var out = new ByteArrayOutputStream(200_000);
        var writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (var ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            var param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.75f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private void hls(Context ctx) throws IOException {
        String name = ctx.pathParam("file");
        if (!HLS_FILE.matcher(name).matches()) {
            throw ApiError.notFound("no such HLS file");
        }
        var file = stream.hlsDir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw ApiError.notFound(
                    stream.encoder().isEmpty()
                            ? "HLS is written while the stream is encoding; it is off now"
                            : "no HLS file " + name + " (yet)");
        }
        ctx.header("Cache-Control", name.endsWith(".m3u8") ? "no-store" : "public, max-age=60");
        binary(ctx, name.endsWith(".m3u8") ? "application/vnd.apple.mpegurl" : "video/mp2t", Files.readAllBytes(file));
    }

    // --- WebSocket

    /** The health, written once a second and sent the same to every watcher. */
    private void pushHealth() {
        if (watchers.isEmpty()) {
            return;
        }
        try {
            String text = mapper.writeValueAsString(stream.health());
            for (var ctx : List.copyOf(watchers.values())) {
                send(ctx, text);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("stream health not pushed: {}", e.getMessage());
        }
    }

    private void send(WsContext ctx) {
        try {
            send(ctx, mapper.writeValueAsString(stream.health()));
        } catch (IOException e) {
            LOG.debug("stream health not written: {}", e.getMessage());
        }
    }

    private void send(WsContext ctx, String text) {
        String id = ctx.sessionId();
        try {
            ctx.session.sendText(text, Callback.from(() -> {}, failed -> watchers.remove(id)));
        } catch (RuntimeException e) {
            LOG.debug("stream health not sent to a watcher: {}", e.getMessage());
            watchers.remove(id);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
