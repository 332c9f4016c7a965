package dev.gavel.stream.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.stream.render.AssetSource;
import dev.gavel.stream.render.LiveCompositor;
import dev.gavel.stream.render.LiveState;
import dev.gavel.stream.render.SceneCompositor;
import dev.gavel.stream.scene.DefaultScenes;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encode end to end with real ffmpeg: pushed to a local RTMP server ({@code ffmpeg -listen 1}), checked
 * with ffprobe; an ingest that drops is reconnected while HLS and the preview keep going. Without ffmpeg the
 * tests are skipped with the reason (and fail under CI=true, where {@code ./test} installs it).
 */
@Timeout(180)
class EncoderIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Ffmpeg ffmpeg;
    private final List<Process> listeners = new ArrayList<>();
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void ffmpeg() {
        var found = Ffmpeg.find(Optional.empty());
        if (found instanceof Ffmpeg.Found.Missing missing) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI needs ffmpeg for the stream tests: " + missing.reason());
            }
            Assumptions.abort("ffmpeg is missing (" + missing.reason() + "): run scripts/media-tools");
        }
        ffmpeg = ((Ffmpeg.Found.Usable) found).ffmpeg();
        Assumptions.assumeTrue(ffmpeg.ffprobe().isPresent(), "ffprobe is missing");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        listeners.forEach(Process::destroyForcibly);
    }

    private LiveCompositor compositor(LiveCompositor.Settings settings) {
        var now = Clock.systemUTC().instant();
        var auction = new LiveState.Auction(
                "Genesis #1",
                "#G1",
                "ACTIVE",
                Optional.of("2.5"),
                Optional.of("@ada"),
                3,
                "2.625",
                now.plusSeconds(600),
                Optional.empty(),
                List.of(),
                Optional.empty());
        var state = new LiveState(Optional.of(auction), Optional.empty());
        var live = new LiveCompositor(
                new SceneCompositor(AssetSource.NONE),
                settings,
                DefaultScenes.get(DefaultScenes.AUCTION),
                () -> state,
                Clock.systemUTC());
        open.add(live);
        return live;
    }

    private Encoder encoder(LiveCompositor live, List<Output> outputs) throws IOException {
        var e = Encoder.start(ffmpeg, EncodeSettings.hd720(), live, outputs, dir.resolve("work"), Clock.systemUTC());
        open.add(e);
        return e;
    }

    /** A one-publisher RTMP server writing what it receives to {@code out} for {@code seconds}. */
    private Process listen(int port, Path out, int seconds) throws IOException {
        var p = new ProcessBuilder(
                        ffmpeg.ffmpeg().toString(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-y",
                        "-listen",
                        "1",
                        "-timeout",
                        "60",
                        "-i",
                        "rtmp://127.0.0.1:" + port + "/live/test-key",
                        "-c",
                        "copy",
                        "-t",
                        Integer.toString(seconds),
                        out.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("listener-" + port + "-" + out.getFileName() + ".log")
                        .toFile())
                .start();
        listeners.add(p);
        return p;
    }

    private JsonNode probe(Path file) throws IOException, InterruptedException {
        var p = new ProcessBuilder(
                        ffmpeg.ffprobe().orElseThrow().toString(),
                        "-v",
                        "error",
                        "-show_streams",
                        "-show_format",
                        "-of",
                        "json",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return JSON.readTree(out);
    }

    private static JsonNode stream(JsonNode probe, String type) {
        for (JsonNode s : probe.path("streams")) {
            if (s.path("codec_type").asText().equals(type)) {
                return s;
            }
        }
        return JSON.missingNode();
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void the_stream_reaches_an_rtmp_server_as_h264_720p30_at_the_target_bitrate_with_audio() throws Exception {
        int port = freePort();
        Path received = dir.resolve("received.flv");
        var listener = listen(port, received, 10);
        var live = compositor(new LiveCompositor.Settings(1280, 720, 30));
        var encoder = encoder(
                live,
                List.of(new Output.Hls(), new Output.Rtmp(URI.create("rtmp://127.0.0.1:" + port + "/live/test-key"))));

        assertThat(listener.waitFor(90, TimeUnit.SECONDS))
                .as("10 s of stream arrive")
                .isTrue();
        var probe = probe(received);
        var video = stream(probe, "video");
        assertThat(video.path("codec_name").asText()).isEqualTo("h264");
        assertThat(video.path("width").asInt()).isEqualTo(1280);
        assertThat(video.path("height").asInt()).isEqualTo(720);
        assertThat(video.path("r_frame_rate").asText()).isEqualTo("30/1");
        assertThat(video.path("profile").asText()).isEqualTo("High");
        var audio = stream(probe, "audio");
        assertThat(audio.path("codec_name").asText()).as("audio is present").isEqualTo("aac");
        assertThat(audio.path("sample_rate").asText()).isEqualTo("48000");
        assertThat(audio.path("channels").asInt()).isEqualTo(2);
        double kbps = probe.path("format").path("bit_rate").asDouble() / 1000;
        double target = 4500 + 128;
        assertThat(kbps).as("bitrate of what arrived, against %s kbps", target).isBetween(target * 0.8, target * 1.2);

        var health = encoder.health();
        assertThat(health.state()).isEqualTo("RUNNING");
        assertThat(health.progress().orElseThrow().speed().orElse(0.0))
                .as("real time")
                .isGreaterThan(0.9);
        assertThat(Files.readString(encoder.hlsDir().resolve("index.m3u8"))).contains("#EXTINF");
    }

    @Test
    void a_dropped_ingest_is_reconnected_while_hls_and_the_preview_keep_running() throws Exception {
        int port = freePort();
        var first = listen(port, dir.resolve("first.flv"), 600);
        var live = compositor(new LiveCompositor.Settings(1280, 720, 30));
        var encoder = encoder(
                live,
                List.of(new Output.Hls(), new Output.Rtmp(URI.create("rtmp://127.0.0.1:" + port + "/live/test-key"))));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> encoder.health().pushers().getFirst().state().equals("RUNNING"));
        Path playlist = encoder.hlsDir().resolve("index.m3u8");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(playlist) && mediaSequence(playlist) >= 0);

        // the ingest goes away
        first.destroyForcibly();
        first.waitFor(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !encoder.health().pushers().getFirst().state().equals("RUNNING"));
        long framesThen = live.stats().rendered();
        int segmentThen = mediaSequence(playlist);

        // and comes back: the stream arrives again
        Path again = dir.resolve("again.flv");
        var second = listen(port, again, 4);
        assertThat(second.waitFor(90, TimeUnit.SECONDS))
                .as("the stream arrives at the new listener")
                .isTrue();
        var video = stream(probe(again), "video");
        assertThat(video.path("codec_name").asText()).isEqualTo("h264");
        assertThat(video.path("width").asInt()).isEqualTo(1280);

        var health = encoder.health();
        assertThat(health.pushers().getFirst().restarts()).isPositive();
        assertThat(health.restarts()).as("the encoder itself never stopped").isZero();
        assertThat(live.stats().rendered()).as("the preview kept rendering").isGreaterThan(framesThen);
        assertThat(mediaSequence(playlist)).as("HLS kept going").isGreaterThan(segmentThen);
    }

    /** The number of the newest segment in the playlist ({@code e1r1_12.ts} → 12), -1 before the first. */
    private static int mediaSequence(Path playlist) throws IOException {
        int newest = -1;
        for (String line : Files.readAllLines(playlist)) {
            if (line.endsWith(".ts")) {
                newest = Integer.parseInt(line.substring(line.lastIndexOf('_') + 1, line.length() - 3));
            }
        }
        return newest;
    }
}
