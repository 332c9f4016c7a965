package dev.gavel.stream.render;

import dev.gavel.stream.scene.Scene;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The render thread: while anyone wants frames (the encoder, or a preview seen in the last few seconds) it
 * draws the current scene with the live state at {@code fps} into {@code TYPE_3BYTE_BGR} frames, whose
 * backing bytes are ffmpeg's {@code bgr24} as they are. A frame that would start more than one period late is
 * skipped rather than queued (counted). The newest frame is published; readers {@link #pin()} it while they
 * use it, so it is never drawn over under them (three buffers: the published one, a pinned one, the one being
 * drawn).
 *
 * <p>Content time comes from {@code clock} (the auction clock: a demo may run it faster); frame pacing from
 * {@link System#nanoTime()}. Thread-safe.
 */
public final class LiveCompositor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveCompositor.class);
    private static final Duration PREVIEW_KEEPS_RUNNING = Duration.ofSeconds(5);

    /** Output size and rate. */
    public record Settings(int width, int height, int fps) {
        public Settings {
            if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
                throw new IllegalArgumentException(
                        "frame size must be even and at least 16x16: " + width + "x" + height);
            }
            if (fps < 1 || fps > 60) {
                throw new IllegalArgumentException("fps must be 1 to 60: " + fps);
            }
        }

        public long periodNanos() {
            return 1_000_000_000L / fps;
        }
    }

    /** One published frame: its buffer, its number (1, 2, …) and when it was drawn. */
    public record Frame(BufferedImage image, long sequence, long renderedAtNanos) {
        public byte[] bgr() {
            return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        }
    }

    /**
     * Render statistics since start; {@code itemErrors} counts items that could not be drawn (each skipped in
     * its frame), {@code lastError} the last reason a frame or an item failed.
     */
    public record Stats(
            long rendered,
            long skipped,
            double renderMsP50,
            double renderMsP99,
            boolean running,
            long itemErrors,
            Optional<String> lastError) {}

    private final SceneCompositor compositor;
    private final Settings settings;
    private final Supplier<LiveState> state;
    private final Clock clock;
    private final Object lock = new Object();
    private final BufferedImage[] buffers = new BufferedImage[3];
    private final long[] renderNanos = new long[256];
    private final Visibility visibility = new Visibility();
    private final Thread thread;

    private final List<Consumer<Frame>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Scene scene;
    private volatile Optional<SceneCompositor.Switch> switching = Optional.empty();
    private volatile boolean closed;
    private volatile int demand; // holders such as the encoder
    private volatile long previewSeenNanos;
    private volatile boolean previewed;
    private volatile String lastError;

    private Frame latest; // under lock
    private BufferedImage pinned; // under lock
    private int pins; // under lock
    private long sequence;
    private long rendered;
    private long skipped;

    public LiveCompositor(
            SceneCompositor compositor, Settings settings, Scene scene, Supplier<LiveState> state, Clock clock) {
        this.compositor = compositor;
        this.settings = settings;
        this.scene = scene;
        this.state = state;
        this.clock = clock;
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new BufferedImage(settings.width(), settings.height(), BufferedImage.TYPE_3BYTE_BGR);
        }
        this.thread = Thread.ofPlatform().name("gavel-compositor").daemon().unstarted(this::run);
        thread.start();
    }

    public Settings settings() {
        return settings;
    }

    public Scene scene() {
        return scene;
    }

    public Visibility visibility() {
        return visibility;
    }

    /** Switches to {@code next} with its transition (or {@code transition} when given). */
    public void show(Scene next, Optional<Scene.Transition> transition) {
        var t = transition.or(next::transition).orElse(Scene.Transition.CUT);
        synchronized (lock) {
            switching = Optional.of(new SceneCompositor.Switch(scene, new Visibility(), clock.instant(), t));
            visibility.clear();
            scene = next;
        }
    }

    /**
     * Called on the render thread with every frame as it is published (the buffer is valid during the call
     * only). Must be quick and must not throw.
     */
    public void onFrame(Consumer<Frame> listener) {
        listeners.add(listener);
    }

    /** The number of the newest frame, 0 before the first. */
    public long latestSequence() {
        synchronized (lock) {
            return latest == null ? 0 : latest.sequence();
        }
    }

    /** Someone (the encoder) needs frames until {@link #release()}. */
    public void hold() {
        synchronized (lock) {
            demand++;
            lock.notifyAll();
        }
    }

    public void release() {
        synchronized (lock) {
            demand = Math.max(0, demand - 1);
        }
    }

    /** A preview is watching: frames keep coming for a few seconds after the last call. */
    public void previewing() {
        previewSeenNanos = System.nanoTime();
        previewed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private boolean wanted() {
        return demand > 0 || (previewed && System.nanoTime() - previewSeenNanos < PREVIEW_KEEPS_RUNNING.toNanos());
    }

    /** The newest frame, pinned: it is not drawn over until {@link #unpin()}. Empty before the first frame. */
    public Optional<Frame> pin() {
        synchronized (lock) {
            if (latest == null) {
                return Optional.empty();
            }
            if (pinned != null && pinned != latest.image()) {
                throw new IllegalStateException("one pin at a time");
            }
            pinned = latest.image();
            pins++;
            return Optional.of(latest);
        }
    }

    public void unpin() {
        synchronized (lock) {
            if (--pins <= 0) {
                pins = 0;
                pinned = null;
            }
        }
    }

    /**
     * A copy of the newest frame, drawing one now when the thread is idle (nobody wanted frames): what the
     * preview endpoints serve.
     */
    public BufferedImage snapshot() {
        previewing();
        synchronized (lock) {
            if (latest != null
                    && System.nanoTime() - latest.renderedAtNanos() < 2 * settings.periodNanos() + 50_000_000L) {
                return copy(latest.image());
            }
        }
        var image = new BufferedImage(settings.width(), settings.height(), BufferedImage.TYPE_3BYTE_BGR);
        compositor.renderInto(image, scene, state.get(), clock.instant(), visibility, switching);
        return image;
    }

    /** Waits until a frame after {@code sequence} is published (tests, the encoder's first frame). */
    public Optional<Frame> awaitAfter(long sequence, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (latest == null || latest.sequence() <= sequence) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return Optional.of(latest);
        }
    }

    public Stats stats() {
        synchronized (lock) {
            int n = (int) Math.min(rendered, renderNanos.length);
            long[] sorted = Arrays.copyOf(renderNanos, n);
            Arrays.sort(sorted);
            double p50 = n == 0 ? 0 : sorted[(int) Math.floor((n - 1) * 0.5)] / 1e6;
            double p99 = n == 0 ? 0 : sorted[(int) Math.floor((n - 1) * 0.99)] / 1e6;
            return new Stats(
                    rendered,
                    skipped,
                    p50,
                    p99,
                    wanted(),
                    compositor.itemErrors(),
                    Optional.ofNullable(lastError).or(compositor::lastItemError));
        }
    }

    private void run() {
        long period = settings.periodNanos();
        long next = System.nanoTime();
        while (!closed) {
            if (!wanted()) {
                synchronized (lock) {
                    try {
                        lock.wait(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                next = System.nanoTime();
                continue;
            }
            long now = System.nanoTime();
            if (now - next > period) {
                long missed = (now - next) / period;
                synchronized (lock) {
                    skipped += missed;
                }
                next += missed * period;
            }
            renderOne();
            next += period;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(sleep);
            }
        }
    }

    private void renderOne() {
        BufferedImage target;
        synchronized (lock) {
            target = null;
            for (BufferedImage b : buffers) {
                if ((latest == null || b != latest.image()) && b != pinned) {
                    target = b;
                    break;
                }
            }
        }
        long t0 = System.nanoTime();
        try {
            var sw = switching;
            Instant at = clock.instant();
            compositor.renderInto(target, scene, state.get(), at, visibility, sw);
            if (sw.isPresent() && sw.get().progress(at) >= 1) {
                synchronized (lock) {
                    if (switching == sw) {
                        switching = Optional.empty(); // unless show() began another switch meanwhile
                    }
                }
            }
            lastError = null;
        } catch (RuntimeException | OutOfMemoryError e) {
            // a bad frame is logged and the previous one stays up; the next frame tries again (the thread lives on)
            if (lastError == null) {
                LOG.error("the compositor failed to draw a frame", e);
            }
            lastError = String.valueOf(e);
            return;
        }
        long took = System.nanoTime() - t0;
        Frame frame;
        synchronized (lock) {
            renderNanos[(int) (rendered % renderNanos.length)] = took;
            rendered++;
            frame = new Frame(target, ++sequence, System.nanoTime());
            latest = frame;
            lock.notifyAll();
        }
        for (var l : listeners) {
            try {
                l.accept(frame);
            } catch (RuntimeException e) {
                LOG.warn("a frame listener failed: {}", e.toString());
            }
        }
    }

    private static BufferedImage copy(BufferedImage source) {
        var out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] from = ((DataBufferByte) source.getRaster().getDataBuffer()).getData();
        byte[] to = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        System.arraycopy(from, 0, to, 0, from.length);
        return out;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        thread.interrupt();
    }
}
