package dev.gavel.bench;

import dev.gavel.sim.DemoArt;
import dev.gavel.stream.encode.EncodeSettings;
import dev.gavel.stream.encode.Encoder;
import dev.gavel.stream.encode.Ffmpeg;
import dev.gavel.stream.encode.Output;
import dev.gavel.stream.render.LiveCompositor;
import dev.gavel.stream.render.LiveState;
import dev.gavel.stream.render.SceneCompositor;
import dev.gavel.stream.render.Visibility;
import dev.gavel.stream.scene.DefaultScenes;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * The livestream's costs, each beside the raw limit measured in the same run:
 *
 * <ol>
 *   <li>drawing the shipped auction scene (artwork image, panel, countdown, ticker, caption) at 720p and
 *       1080p, ms per frame p50/p99, against copying a frame's bytes (what the cheapest frame costs);
 *   <li>ffmpeg's encode of raw frames as fast as it goes (the encoder's limit) at 720p;
 *   <li>the whole pipeline in real time at 720p30 — render thread, frame writer, audio bed, ffmpeg to HLS —
 *       for {@code seconds} (default 600): the CPU it takes as a share of one core (this JVM's and ffmpeg's
 *       CPU time over the wall time), frames skipped and repeated, the encoder's speed;
 *   <li>the same at 1080p30 for a minute.
 * </ol>
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.gavel.bench.StreamBench [seconds]}; needs ffmpeg.
 */
public final class StreamBench {
    private StreamBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        var found = Ffmpeg.find(Optional.empty());
        if (!(found instanceof Ffmpeg.Found.Usable usable)) {
            System.err.println("StreamBench needs ffmpeg: " + ((Ffmpeg.Found.Missing) found).reason());
            System.exit(2);
            return;
        }
        var ffmpeg = usable.ffmpeg();
        System.out.printf(
                "machine: %d cores, %s, %s; %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                Runtime.version(),
                ffmpeg.version());
        var art = ImageIO.read(new ByteArrayInputStream(DemoArt.png("Genesis #1 — Dawn", 720)));
        var compositor = new SceneCompositor(id -> Optional.of(art));

        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}}) {
            renderCost(compositor, size[0], size[1]);
        }
        encoderLimit(ffmpeg, compositor);
        pipeline(ffmpeg, compositor, EncodeSettings.hd720(), seconds);
        pipeline(ffmpeg, compositor, EncodeSettings.hd1080(), Math.min(seconds, 60));
    }

    static LiveState state(Instant now) {
        var bids = new ArrayList<LiveState.TickerBid>();
        for (int i = 0; i < 5; i++) {
            bids.add(new LiveState.TickerBid("@bidder_" + i, "2." + (9 - i), i != 2));
        }
        var auction = new LiveState.Auction(
                "Genesis #1 — Dawn",
                "#GENESIS1",
                "ACTIVE",
                Optional.of("2.9"),
                Optional.of("@bidder_0"),
                17,
                "3.045",
                now.plusSeconds(3600),
                Optional.empty(),
                bids,
                Optional.of("art"));
        return new LiveState(
                Optional.of(auction), Optional.of("@bidder_1 you were outbid on #GENESIS1: 2.9 ETH leads now."));
    }

    private static void renderCost(SceneCompositor compositor, int w, int h) {
        var scene = DefaultScenes.get(DefaultScenes.AUCTION);
        var frame = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        var copy = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        var vis = new Visibility();
        Instant t0 = Instant.now();
        int warm = 300;
        int n = 1000;
        for (int i = 0; i < warm; i++) {
            compositor.renderInto(frame, scene, state(t0), t0.plusMillis(33L * i), vis, Optional.empty());
        }
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            // each frame a second later: the countdown changes as it does live
            compositor.renderInto(frame, scene, state(t0), t0.plusMillis(33L * (warm + i)), vis, Optional.empty());
            times[i] = System.nanoTime() - s;
        }
        byte[] from = ((DataBufferByte) frame.getRaster().getDataBuffer()).getData();
        byte[] to = ((DataBufferByte) copy.getRaster().getDataBuffer()).getData();
        long[] raw = new long[n];
        for (int i = 0; i < n + warm; i++) {
            long s = System.nanoTime();
            System.arraycopy(from, 0, to, 0, from.length);
            if (i >= warm) {
                raw[i - warm] = System.nanoTime() - s;
            }
        }
        Arrays.sort(times);
        Arrays.sort(raw);
        double p50 = times[n / 2] / 1e6;
        double p99 = times[(int) (n * 0.99)] / 1e6;
        double rawP50 = raw[n / 2] / 1e6;
        System.out.printf(
                "render %dx%d: p50 %.2f ms, p99 %.2f ms per frame; raw frame copy p50 %.3f ms; ratio p50/raw %.0f×%n",
                w, h, p50, p99, rawP50, p50 / rawP50);
    }

    /** ffmpeg fed raw 720p frames as fast as it takes them, to nowhere: the encoder's own limit. */
    private static void encoderLimit(Ffmpeg ffmpeg, SceneCompositor compositor) throws Exception {
        var s = EncodeSettings.hd720();
        var frame = compositor.render(
                DefaultScenes.get(DefaultScenes.AUCTION), state(Instant.now()), Instant.now(), s.width(), s.height());
        byte[] bytes = ((DataBufferByte) frame.getRaster().getDataBuffer()).getData();
        var command = new ArrayList<>(List.of(
                ffmpeg.ffmpeg().toString(),
                "-hide_banner",
                "-loglevel",
                "error",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "bgr24",
                "-video_size",
                s.width() + "x" + s.height(),
                "-framerate",
                "30",
                "-i",
                "pipe:0",
                "-an"));
        command.addAll(List.of(
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-tune",
                "zerolatency",
                "-pix_fmt",
                "yuv420p",
                "-b:v",
                "4500k",
                "-maxrate",
                "4500k",
                "-bufsize",
                "4500k",
                "-g",
                "60",
                "-f",
                "null",
                "-"));
        var p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long frames = 0;
        long start = System.nanoTime();
        try (var in = p.getOutputStream()) {
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                in.write(bytes);
                frames++;
            }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        double fps = frames / ((System.nanoTime() - start) / 1e9);
        System.out.printf(
                "encoder limit 1280x720 (x264 veryfast, unpaced): %.0f fps = %.1f× real time at 30 fps%n",
                fps, fps / 30);
    }

    private static void pipeline(Ffmpeg ffmpeg, SceneCompositor compositor, EncodeSettings s, int seconds)
            throws Exception {
        var clock = Clock.systemUTC();
        Instant started = clock.instant();
        var live = new LiveCompositor(
                compositor,
                new LiveCompositor.Settings(s.width(), s.height(), s.fps()),
                DefaultScenes.get(DefaultScenes.AUCTION),
                () -> state(started),
                clock);
        var dir = Files.createTempDirectory("gavel-stream-bench");
        var encoder = Encoder.start(ffmpeg, s, live, List.of(new Output.Hls()), dir, clock);
        try {
            // a warm-up of 15 s, then the measured run
            Thread.sleep(15_000);
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long jvm0 = os.getProcessCpuTime();
            long child0 = childCpuNanos();
            var stats0 = live.stats();
            var h0 = encoder.health();
            long wall0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long wall = System.nanoTime() - wall0;
            long jvm = os.getProcessCpuTime() - jvm0;
            long child = childCpuNanos() - child0;
            var stats = live.stats();
            var h = encoder.health();
            System.out.printf(
                    "pipeline %dx%d@%d real time, %d s: CPU %.2f of one core (JVM %.2f, ffmpeg %.2f); frames rendered %d, skipped %d, "
                            + "repeated to the encoder %d; render p50 %.2f ms p99 %.2f ms; encoder fps %.2f speed %s%n",
                    s.width(),
                    s.height(),
                    s.fps(),
                    seconds,
                    (jvm + child) / (double) wall,
                    jvm / (double) wall,
                    child / (double) wall,
                    stats.rendered() - stats0.rendered(),
                    stats.skipped() - stats0.skipped(),
                    h.framesRepeated() - h0.framesRepeated(),
                    stats.renderMsP50(),
                    stats.renderMsP99(),
                    h.progress().map(p -> p.fps()).orElse(0.0),
                    h.progress().flatMap(p -> p.speed()).map(Object::toString).orElse("?"));
        } finally {
            encoder.close();
            live.close();
        }
    }

    /** CPU time of this process's ffmpeg children so far. */
    private static long childCpuNanos() {
        return ProcessHandle.current()
                .descendants()
                .map(ph -> ph.info().totalCpuDuration().orElse(Duration.ZERO).toNanos())
                .reduce(0L, Long::sum);
    }
}
