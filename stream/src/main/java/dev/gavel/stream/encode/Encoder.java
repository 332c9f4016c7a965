package dev.gavel.stream.encode;

import dev.gavel.stream.render.LiveCompositor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live encode (STREAM.md): one ffmpeg reads the compositor's frames as raw {@code bgr24} on its stdin, at
 * the frame rate (the newest frame each tick; the same one again when none is newer, counted as a duplicate,
 * so audio and video keep the same clock), and the audio bed from a named pipe (silence until the host
 * speaks), and writes H.264 + AAC through {@code tee} to HLS, recordings, and one loopback MPEG-TS per RTMP
 * output. Each RTMP output has its own {@code -c copy} pusher, restarted on its own, so an ingest that fails
 * never stops the preview, HLS or recordings. Every process is supervised ({@link Supervised}).
 *
 * <p>Thread-safe; {@link #close()} stops everything.
 */
public final class Encoder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Encoder.class);
    static final int SAMPLE_RATE = 48_000;
    private static final int AUDIO_CHUNK_MS = 20;

    /** How the encode and each output are doing. */
    public record Health(
            String state,
            int restarts,
            Optional<Instant> liveSince,
            Optional<String> lastError,
            Optional<Progress> progress,
            long framesWritten,
            long framesRepeated,
            List<PusherHealth> pushers,
            List<String> outputs) {}

    /** One RTMP pusher: which ingest (without its key), state, restarts, last error. */
    public record PusherHealth(
            String ingest, String state, int restarts, Optional<String> lastError, Optional<Progress> progress) {}

    private final Ffmpeg ffmpeg;
    private final EncodeSettings settings;
    private final LiveCompositor frames;
    private final List<Output> outputs;
    private final Path hlsDir;
    private final Path audioPipe;
    private final Supervised encoder;
    private final List<Pusher> pushers = new ArrayList<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong repeated = new AtomicLong();
    private final ConcurrentLinkedQueue<short[]> speech = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private record Pusher(Output.Rtmp output, int port, Supervised process) {}

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private final AtomicInteger runs = new AtomicInteger();
    private final int instance = INSTANCES.incrementAndGet();

    /**
     * Starts encoding {@code frames} to {@code outputs}. {@code workDir} holds the audio pipe and the HLS
     * segments ({@code workDir/hls/index.m3u8}).
     */
    public static Encoder start(
            Ffmpeg ffmpeg,
            EncodeSettings settings,
            LiveCompositor frames,
            List<Output> outputs,
            Path workDir,
            Clock clock)
            throws IOException {
        if (frames.settings().width() != settings.width() || frames.settings().height() != settings.height()) {
            throw new IllegalArgumentException("the compositor renders "
                    + frames.settings().width() + "x" + frames.settings().height() + ", the encode is "
                    + settings.width() + "x" + settings.height());
        }
        return new Encoder(ffmpeg, settings, frames, outputs, workDir, clock);
    }

    private Encoder(
            Ffmpeg ffmpeg,
            EncodeSettings settings,
            LiveCompositor frames,
            List<Output> outputs,
            Path workDir,
            Clock clock)
            throws IOException {
        this.ffmpeg = ffmpeg;
        this.settings = settings;
        this.frames = frames;
        this.outputs = List.copyOf(outputs);
        Files.createDirectories(workDir);
        this.hlsDir = workDir.resolve("hls");
        Files.createDirectories(hlsDir);
        this.audioPipe = workDir.resolve("audio-" + ProcessHandle.current().pid() + ".pcm");
        makeFifo(audioPipe);
        for (Output o : this.outputs) {
            if (o instanceof Output.Rtmp rtmp) {
                int port = freeUdpPort();
                pushers.add(new Pusher(
                        rtmp,
                        port,
                        new Supervised("pusher-" + pushers.size(), pusher(rtmp, port), clock, p -> {}, Output::mask)));
            }
        }
        frames.hold();
        this.encoder = new Supervised("encoder", new Run(), clock, p -> {}, Output::mask);
        LOG.info(
                "encoding {}x{}@{} {} kbps to {}",
                settings.width(),
                settings.height(),
                settings.fps(),
                settings.videoKbps(),
                describe(this.outputs));
    }

    /** Removes what an earlier encode left in the HLS folder (a playlist pointing at old segments). */
    private void clearHls() {
        try (var files = Files.list(hlsDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(".ts") || n.endsWith(".m3u8") || n.endsWith(".tmp")) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            LOG.warn("could not clear {}: {}", hlsDir, e.getMessage());
        }
    }

    /** Where HLS is written. */
    public Path hlsDir() {
        return hlsDir;
    }

    /** Mixes host speech (48 kHz stereo, interleaved s16) into the audio bed, after what is queued. */
    public void play(short[] stereo) {
        speech.add(stereo.clone());
    }

    public Health health() {
        var h = encoder.health();
        var ps = pushers.stream()
                .map(p -> {
                    var ph = p.process().health();
                    return new PusherHealth(
                            p.output().safe(), ph.state().name(), ph.restarts(), ph.lastError(), ph.progress());
                })
                .toList();
        return new Health(
                h.state().name(),
                h.restarts(),
                h.runningSince(),
                h.lastError(),
                h.progress(),
                written.get(),
                repeated.get(),
                ps,
                describe(outputs));
    }

    private static List<String> describe(List<Output> outputs) {
        return outputs.stream()
                .map(o -> switch (o) {
                    case Output.Rtmp r -> r.safe();
                    case Output.File f -> "file:" + f.path();
                    case Output.Hls h -> "hls";
                })
                .toList();
    }

    /** The encoder's command and, per run, the threads feeding its two inputs. */
    private final class Run implements Supervised.Run {
        private volatile Thread video;
        private volatile Thread audio;

        @Override
        public List<String> command() {
            var c = new ArrayList<String>(
                    List.of(ffmpeg.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-nostats"));
            c.addAll(List.of("-thread_queue_size", "64", "-f", "rawvideo", "-pix_fmt", "bgr24"));
            c.addAll(List.of(
                    "-video_size",
                    settings.width() + "x" + settings.height(),
                    "-framerate",
                    Integer.toString(settings.fps())));
            c.addAll(List.of("-i", "pipe:0"));
            c.addAll(List.of(
                    "-thread_queue_size", "256", "-f", "s16le", "-ar", Integer.toString(SAMPLE_RATE), "-ac", "2"));
            c.addAll(List.of("-i", audioPipe.toString()));
            c.addAll(List.of("-map", "0:v:0", "-map", "1:a:0"));
            c.addAll(settings.codecArgs());
            c.addAll(List.of("-progress", "pipe:1", "-stats_period", "1", "-f", "tee", tee()));
            return c;
        }

        private String tee() {
            var slaves = new ArrayList<String>();
            for (Output o : outputs) {
                switch (o) {
                    // segments named by encoder and run, so a player never gets an old run's segment by that name
                    case Output.Hls h ->
                        slaves.add("[f=hls:hls_time=2:hls_list_size=6:hls_flags=delete_segments+independent_segments"
                                + ":hls_segment_filename="
                                + hlsDir.resolve("e" + instance + "r" + runs.incrementAndGet() + "_%d.ts")
                                + ":onfail=ignore]" + hlsDir.resolve("index.m3u8"));
                    case Output.File f -> slaves.add("[f=" + f.muxer() + ":onfail=ignore]" + f.path());
                    case Output.Rtmp r -> {}
                }
            }
            for (Pusher p : pushers) {
                slaves.add("[f=mpegts:onfail=ignore]udp://127.0.0.1:" + p.port() + "?pkt_size=1316");
            }
            if (slaves.isEmpty()) {
                slaves.add("[f=null]-");
            }
            return String.join("|", slaves);
        }

        @Override
        public void started(Process process) {
            video = Thread.ofPlatform()
                    .name("gavel-encoder-video")
                    .daemon()
                    .start(() -> feedVideo(process.getOutputStream()));
            audio = Thread.ofPlatform().name("gavel-encoder-audio").daemon().start(Encoder.this::feedAudio);
        }

        @Override
        public void ended() {
            for (Thread t : new Thread[] {video, audio}) {
                if (t != null) {
                    t.interrupt();
                }
            }
        }
    }

    private void feedVideo(OutputStream stdin) {
        long period = 1_000_000_000L / settings.fps();
        long next = System.nanoTime();
        long lastSequence = -1;
        try (stdin) {
            while (!closed && !Thread.currentThread().isInterrupted()) {
                // when the newest frame was sent already, wait up to half a period for the next one: this keeps
                // the writer in step with the renderer instead of drifting into sending frames twice
                frames.awaitAfter(lastSequence, Duration.ofNanos(period / 2));
                var frame = frames.pin();
                if (frame.isEmpty()) {
                    frames.awaitAfter(0, Duration.ofSeconds(1));
                    continue;
                }
                try {
                    stdin.write(frame.get().bgr());
                } finally {
                    frames.unpin();
                }
                written.incrementAndGet();
                if (frame.get().sequence() == lastSequence) {
                    repeated.incrementAndGet();
                }
                lastSequence = frame.get().sequence();
                next += period;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    LockSupport.parkNanos(sleep);
                } else if (-sleep > period) {
                    next = System.nanoTime(); // far behind (ffmpeg was slow): start the clock again
                }
            }
        } catch (IOException e) {
            // ffmpeg went away: the supervisor starts it again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes the audio bed in real time: silence, or host speech when queued. The pipe is opened read-write,
     * which on Linux never blocks (a write-only open waits for a reader, and would hang if ffmpeg died before
     * opening it); when ffmpeg is gone the write blocks once the pipe is full and the interrupt of {@code
     * ended()} ends it (a {@link FileChannel} is interruptible).
     */
    private void feedAudio() {
        int samplesPerChunk = SAMPLE_RATE * AUDIO_CHUNK_MS / 1000;
        var chunk = ByteBuffer.allocate(samplesPerChunk * 4).order(ByteOrder.LITTLE_ENDIAN);
        long period = AUDIO_CHUNK_MS * 1_000_000L;
        try (var out = FileChannel.open(audioPipe, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long next = System.nanoTime();
            short[] playing = null;
            int at = 0;
            while (!closed && !Thread.currentThread().isInterrupted()) {
                chunk.clear();
                for (int i = 0; i < samplesPerChunk * 2; i++) {
                    if (playing != null && at >= playing.length) {
                        playing = null;
                    }
                    if (playing == null) {
                        playing = speech.poll();
                        at = 0;
                    }
                    chunk.putShort(playing == null ? 0 : playing[at++]);
                }
                chunk.flip();
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                next += period;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    LockSupport.parkNanos(sleep);
                } else if (-sleep > 10 * period) {
                    next = System.nanoTime();
                }
            }
        } catch (IOException e) {
            // ffmpeg went away, or we were interrupted (ClosedByInterruptException)
        }
    }

    private Supervised.Run pusher(Output.Rtmp rtmp, int port) {
        return () -> {
            var c = new ArrayList<String>(
                    List.of(ffmpeg.ffmpeg().toString(), "-hide_banner", "-loglevel", "warning", "-nostats"));
            c.addAll(List.of("-analyzeduration", "2000000", "-probesize", "2000000"));
            c.addAll(List.of("-i", "udp://127.0.0.1:" + port + "?fifo_size=100000&overrun_nonfatal=1&timeout=5000000"));
            c.addAll(List.of("-map", "0", "-c", "copy", "-bsf:a", "aac_adtstoasc"));
            c.addAll(List.of("-progress", "pipe:1", "-stats_period", "1", "-rw_timeout", "5000000"));
            c.addAll(List.of(
                    "-f", "flv", "-flvflags", "no_duration_filesize", rtmp.url().toString()));
            return c;
        };
    }

    private static void makeFifo(Path path) throws IOException {
        Files.deleteIfExists(path);
        try {
            var p = new ProcessBuilder("mkfifo", path.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("mkfifo " + path + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted making " + path);
        }
    }

    private static int freeUdpPort() throws IOException {
        try (var s = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        closed = true;
        pushers.forEach(p -> p.process().close());
        encoder.close();
        frames.release();
        clearHls(); // a stopped stream serves no stale playlist
        try {
            Files.deleteIfExists(audioPipe);
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", audioPipe, e.getMessage());
        }
        LOG.info("encoding stopped");
    }
}
