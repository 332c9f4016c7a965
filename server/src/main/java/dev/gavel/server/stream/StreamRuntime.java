package dev.gavel.server.stream;

import dev.gavel.server.config.GavelConfig;
import dev.gavel.store.stream.StreamStore;
import dev.gavel.stream.encode.EncodeSettings;
import dev.gavel.stream.encode.Encoder;
import dev.gavel.stream.encode.Ffmpeg;
import dev.gavel.stream.encode.Output;
import dev.gavel.stream.render.LiveCompositor;
import dev.gavel.stream.render.SceneCompositor;
import dev.gavel.stream.scene.DefaultScenes;
import dev.gavel.stream.scene.Scene;
import dev.gavel.stream.scene.SceneReader;
import dev.gavel.stream.scene.Source;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The livestream at run time: the scenes (shipped ones, replaced by stored ones of the same id), the render
 * thread drawing the scene on air with the live state, and the encoder while it runs. Actions switch scenes,
 * cover the stream with the standby scene and back, and start or stop the encode; the scene on air survives a
 * restart. Without ffmpeg everything but the encode works (the preview is Java only) and the reason is shown.
 * Thread-safe.
 */
public final class StreamRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRuntime.class);
    public static final Pattern SCENE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final GavelConfig.Stream config;
    private final Path workDir;
    private final StreamStore store;
    private final AssetLibrary assets;
    private final LiveCompositor compositor;
    private final Ffmpeg.Found ffmpeg;
    private final List<Output> outputs;
    private final Clock clock;
    private final SceneReader reader = new SceneReader();
    private final Object lock = new Object();
    /** Start and stop one at a time: a start waits for a stop to finish closing the old encoder. */
    private final Object encoderLock = new Object();

    private volatile Encoder encoder;
    private volatile Instant encoderStartedAt;
    private volatile String stoppedBecause = "not started: POST /api/stream/actions {\"action\":\"start\"}";
    private String sceneId; // under lock
    private boolean standby; // under lock

    private StreamRuntime(
            GavelConfig.Stream config,
            Path workDir,
            StreamStore store,
            AssetLibrary assets,
            StreamLive live,
            Clock clock) {
        this.config = config;
        this.workDir = workDir;
        this.store = store;
        this.assets = assets;
        this.clock = clock;
        this.outputs = Output.parse(config.outputs().reveal());
        this.ffmpeg = Ffmpeg.find(config.ffmpeg());
        var onAir = store.onAir().orElse(new StreamStore.OnAir(DefaultScenes.AUCTION, false));
        this.sceneId = scene(onAir.sceneId()).isPresent() ? onAir.sceneId() : DefaultScenes.AUCTION;
        this.standby = onAir.standby();
        var first = scene(standby ? DefaultScenes.STANDBY : sceneId)
                .orElseGet(() -> DefaultScenes.get(DefaultScenes.AUCTION));
        this.compositor = new LiveCompositor(
                new SceneCompositor(assets),
                new LiveCompositor.Settings(config.width(), config.height(), config.fps()),
                first,
                live::current,
                clock);
        if (ffmpeg instanceof Ffmpeg.Found.Missing missing) {
            stoppedBecause = "live output is off: " + missing.reason() + "; the preview still works";
            LOG.warn("stream: {}", stoppedBecause);
        }
    }

    public static StreamRuntime start(
            GavelConfig.Stream config,
            Path home,
            StreamStore store,
            AssetLibrary assets,
            StreamLive live,
            MeterRegistry meters,
            Clock clock) {
        var runtime = new StreamRuntime(config, home.resolve("stream"), store, assets, live, clock);
        runtime.bind(meters);
        if (config.autostart()) {
            var started = runtime.startEncoding();
            if (started.isPresent()) {
                LOG.warn("stream: not started at boot: {}", started.get());
            }
        }
        return runtime;
    }

    public LiveCompositor compositor() {
        return compositor;
    }

    // --- scenes

    /** A scene by id, read. */
    public Optional<Scene> scene(String id) {
        var stored = store.scene(id);
        if (stored.isPresent()) {
            return switch (reader.read(stored.get().json())) {
                case SceneReader.Result.Read r -> Optional.of(r.scene());
                case SceneReader.Result.Invalid bad -> {
                    LOG.error("stored scene {} no longer reads: {}", id, bad.problems());
                    yield Optional.empty();
                }
            };
        }
        return DefaultScenes.json().containsKey(id) ? Optional.of(DefaultScenes.get(id)) : Optional.empty();
    }

    /** What saving a scene came to. */
    public sealed interface Saved {
        record Done(boolean created, boolean onAir) implements Saved {}

        record Invalid(List<SceneReader.Problem> problems) implements Saved {}
    }

    /** Validates and stores a scene; one on air is shown at once (with its transition). */
    public Saved putScene(String id, String json, Optional<String> by) {
        var result = reader.read(json);
        if (result instanceof SceneReader.Result.Invalid bad) {
            return new Saved.Invalid(bad.problems());
        }
        var scene = ((SceneReader.Result.Read) result).scene();
        // an image must be there when the scene is stored (one deleted later is drawn as a placeholder)
        var missing = scene.sources().entrySet().stream()
                .filter(e -> e.getValue() instanceof Source.Image img
                        && !img.asset().equals(Source.Image.LIVE_ARTWORK)
                        && !assets.exists(img.asset()))
                .map(e -> new SceneReader.Problem(
                        "sources." + e.getKey() + ".asset",
                        "no asset " + ((Source.Image) e.getValue()).asset() + ": upload it first (POST /api/assets)"))
                .sorted(Comparator.comparing(SceneReader.Problem::path))
                .toList();
        if (!missing.isEmpty()) {
            return new Saved.Invalid(missing);
        }
        boolean created = store.putScene(id, json, by, clock.instant());
        boolean onAir;
        synchronized (lock) {
            onAir = standby ? id.equals(DefaultScenes.STANDBY) : id.equals(sceneId);
            if (onAir) {
                compositor.show(scene, Optional.empty());
            }
        }
        return new Saved.Done(created, onAir);
    }

    /** Removes a stored scene (a shipped one comes back); false when none was stored. */
    public boolean deleteScene(String id) {
        if (!store.deleteScene(id)) {
            return false;
        }
        synchronized (lock) {
            boolean onScreen = standby ? id.equals(DefaultScenes.STANDBY) : id.equals(sceneId);
            if (id.equals(sceneId) && scene(id).isEmpty()) {
                sceneId = DefaultScenes.AUCTION;
            }
            if (onScreen) {
                showOnAir(); // the shipped one, or the auction scene, takes its place
            }
        }
        return true;
    }

    /** The id of the scene on air (under the standby scene while standby is on). */
    public String sceneOnAir() {
        synchronized (lock) {
            return sceneId;
        }
    }

    // --- actions

    /** Puts scene {@code id} on air (and lifts standby); false when there is no such scene. */
    public boolean switchTo(String id) {
        synchronized (lock) {
            if (scene(id).isEmpty()) {
                return false;
            }
            sceneId = id;
            standby = false;
            showOnAir();
            return true;
        }
    }

    /**
     * Shows or hides an item of the scene on screen, with its show or hide transition; false when that scene
     * has no such item.
     */
    public boolean setVisible(String itemId, boolean visible) {
        var scene = compositor.scene();
        if (scene.items().stream().noneMatch(i -> i.id().equals(itemId))) {
            return false;
        }
        compositor.visibility().set(itemId, visible, clock.instant());
        return true;
    }

    /** Covers the stream with the standby scene, or ({@code false}) back to the scene on air. */
    public void standby(boolean on) {
        synchronized (lock) {
            if (standby == on) {
                return; // nothing changes, and nothing is replayed
            }
            standby = on;
            showOnAir();
        }
    }

    private void showOnAir() {
        var scene = scene(standby ? DefaultScenes.STANDBY : sceneId)
                .orElseGet(() -> DefaultScenes.get(DefaultScenes.AUCTION));
        compositor.show(scene, Optional.empty());
        store.setOnAir(new StreamStore.OnAir(sceneId, standby), clock.instant());
    }

    /** Starts the encode; empty when it runs, else why it cannot. */
    public Optional<String> startEncoding() {
        synchronized (encoderLock) {
            if (encoder != null) {
                return Optional.empty();
            }
            if (ffmpeg instanceof Ffmpeg.Found.Missing missing) {
                return Optional.of("live output is off: " + missing.reason());
            }
            var settings = new EncodeSettings(
                    config.width(), config.height(), config.fps(), config.videoKbps(), 128, 2, "veryfast");
            try {
                encoder = Encoder.start(
                        ((Ffmpeg.Found.Usable) ffmpeg).ffmpeg(), settings, compositor, outputs, workDir, clock);
                encoderStartedAt = clock.instant();
                return Optional.empty();
            } catch (IOException | RuntimeException e) {
                LOG.error("stream: the encoder did not start", e);
                return Optional.of("the encoder did not start: " + e.getMessage());
            }
        }
    }

    public void stopEncoding(String why) {
        synchronized (encoderLock) {
            var e = encoder;
            encoder = null;
            encoderStartedAt = null;
            stoppedBecause = why;
            if (e != null) {
                e.close();
            }
        }
    }

    public Optional<Encoder> encoder() {
        return Optional.ofNullable(encoder);
    }

    public Path hlsDir() {
        return workDir.resolve("hls");
    }

    // --- health

    /** The stream as {@code GET /api/stream} shows it. */
    public Map<String, Object> health() {
        var out = new LinkedHashMap<String, Object>();
        var e = encoder;
        String state;
        if (e == null) {
            state = "off";
        } else {
            state = switch (e.health().state()) {
                case "RUNNING" -> "live";
                case "STARTING" -> "starting";
                case "RETRYING" -> "retrying";
                default -> "off";
            };
        }
        out.put("state", state);
        if (e == null) {
            out.put("reason", stoppedBecause);
        }
        synchronized (lock) {
            out.put("scene", sceneId);
            out.put("standby", standby);
        }
        out.put("size", config.width() + "x" + config.height());
        out.put("fps", config.fps());
        out.put("videoKbps", config.videoKbps());
        var r = compositor.stats();
        var render = new LinkedHashMap<String, Object>();
        render.put("rendering", r.running());
        render.put("frames", r.rendered());
        render.put("skipped", r.skipped());
        render.put("p50Ms", round(r.renderMsP50()));
        render.put("p99Ms", round(r.renderMsP99()));
        if (r.itemErrors() > 0) {
            render.put("itemErrors", r.itemErrors());
        }
        r.lastError().ifPresent(x -> render.put("lastError", x));
        out.put("render", render);
        if (e != null) {
            var h = e.health();
            var enc = new LinkedHashMap<String, Object>();
            enc.put("state", h.state());
            enc.put("restarts", h.restarts());
            h.liveSince()
                    .ifPresent(t -> enc.put(
                            "uptimeSeconds",
                            Duration.between(t, clock.instant()).toSeconds()));
            h.progress().ifPresent(p -> {
                enc.put("fps", p.fps());
                p.speed().ifPresent(sp -> enc.put("speed", sp));
                enc.put("dupFrames", p.dupFrames());
                enc.put("dropFrames", p.dropFrames());
            });
            hlsKbps().ifPresent(k -> enc.put("bitrateKbps", k));
            enc.put("framesWritten", h.framesWritten());
            enc.put("framesRepeated", h.framesRepeated());
            h.lastError().ifPresent(x -> enc.put("lastError", x));
            out.put("encoder", enc);
            out.put(
                    "outputs",
                    h.outputs().stream()
                            .map(o -> {
                                var m = new LinkedHashMap<String, Object>();
                                m.put("output", o);
                                h.pushers().stream()
                                        .filter(p -> p.ingest().equals(o))
                                        .findFirst()
                                        .ifPresent(p -> {
                                            m.put("state", p.state());
                                            m.put("restarts", p.restarts());
                                            p.progress()
                                                    .flatMap(x -> x.bitrateKbps())
                                                    .ifPresent(b -> m.put("bitrateKbps", b));
                                            p.lastError().ifPresent(x -> m.put("lastError", x));
                                        });
                                return m;
                            })
                            .toList());
        } else {
            out.put(
                    "outputs",
                    outputs.stream().map(o -> Map.of("output", describe(o))).toList());
        }
        out.put(
                "ffmpeg",
                switch (ffmpeg) {
                    case Ffmpeg.Found.Usable u -> u.ffmpeg().version();
                    case Ffmpeg.Found.Missing m -> null;
                });
        return out;
    }

    /** DOWN only when the encode was started and has not been running for 15 s; a failing ingest is a detail. */
    public boolean healthy() {
        var e = encoder;
        var since = encoderStartedAt;
        if (e == null || since == null) {
            return true;
        }
        return e.health().state().equals("RUNNING") || clock.instant().isBefore(since.plusSeconds(15));
    }

    /**
     * The bitrate of what the encoder writes, from its newest finished HLS segment (size over duration):
     * ffmpeg's own report has no size when it writes through {@code tee}.
     */
    private Optional<Double> hlsKbps() {
        var playlist = hlsDir().resolve("index.m3u8");
        try {
            var lines = java.nio.file.Files.readAllLines(playlist);
            for (int i = lines.size() - 1; i > 0; i--) {
                if (lines.get(i).endsWith(".ts") && lines.get(i - 1).startsWith("#EXTINF:")) {
                    String d = lines.get(i - 1).substring(8);
                    double seconds =
                            Double.parseDouble(d.substring(0, d.indexOf(',') < 0 ? d.length() : d.indexOf(',')));
                    long bytes = java.nio.file.Files.size(hlsDir().resolve(lines.get(i)));
                    return seconds > 0 ? Optional.of(Math.round(bytes * 8 / seconds / 100) / 10.0) : Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            // no HLS output, or between segments
        }
        return Optional.empty();
    }

    private static String describe(Output o) {
        return switch (o) {
            case Output.Rtmp r -> r.safe();
            case Output.File f -> "file:" + f.path();
            case Output.Hls h -> "hls";
        };
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    private void bind(MeterRegistry meters) {
        Gauge.builder("gavel_stream_frames_rendered", compositor, c -> c.stats().rendered())
                .description("frames the compositor drew")
                .register(meters);
        Gauge.builder("gavel_stream_frames_skipped", compositor, c -> c.stats().skipped())
                .description("frames the compositor skipped because it was late")
                .register(meters);
        Gauge.builder("gavel_stream_render_p99_ms", compositor, c -> c.stats().renderMsP99())
                .description("99th percentile of the time to draw a frame, last 256 frames")
                .register(meters);
        Gauge.builder("gavel_stream_live", this, s -> s.encoder()
                        .map(e -> e.health().state().equals("RUNNING") ? 1 : 0)
                        .orElse(0))
                .description("1 while the encoder is running")
                .register(meters);
        Gauge.builder("gavel_stream_encoder_fps", this, s -> s.encoder()
                        .flatMap(e -> e.health().progress())
                        .map(p -> p.fps())
                        .orElse(0.0))
                .description("frames per second the encoder reports")
                .register(meters);
        Gauge.builder("gavel_stream_frames_repeated", this, s -> s.encoder()
                        .map(e -> e.health().framesRepeated())
                        .orElse(0L))
                .description("frames sent to the encoder again because no newer one was drawn in time")
                .register(meters);
    }

    @Override
    public void close() {
        stopEncoding("the server stopped");
        compositor.close();
    }
}
