package dev.gavel.stream.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gavel.stream.scene.DefaultScenes;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LiveCompositorTest {
    private static final Instant NOW = Instant.parse("2026-12-01T19:10:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    /** The current bid's line of the shipped scene's auction panel, at 1280x720. */
    private static BufferedImage amountRegion(BufferedImage frame) {
        return frame.getSubimage(660, 160, 560, 80);
    }

    private static boolean same(BufferedImage a, BufferedImage b) {
        return CompositorGoldenTest.Golden.differingPixels(a, b, 0) == 0;
    }

    @Test
    void an_accepted_bid_shows_by_the_second_frame_after_it() throws Exception {
        var state = new AtomicReference<>(CompositorGoldenTest.state("2.5"));
        var compositor = new SceneCompositor(AssetSource.NONE);
        var scene = DefaultScenes.get(DefaultScenes.AUCTION);
        var high = amountRegion(compositor.render(scene, CompositorGoldenTest.state("3.75"), NOW, 1280, 720));
        var low = amountRegion(compositor.render(scene, CompositorGoldenTest.state("2.5"), NOW, 1280, 720));
        assertThat(same(high, low)).as("the two amounts draw differently").isFalse();
        // what each frame's amount line looked like, by frame number, copied on the render thread
        var seen = new java.util.concurrent.ConcurrentHashMap<Long, BufferedImage>();
        try (var live =
                new LiveCompositor(compositor, new LiveCompositor.Settings(1280, 720, 30), scene, state::get, clock)) {
            live.onFrame(f -> seen.put(f.sequence(), copy(amountRegion(f.image()))));
            live.hold();
            live.awaitAfter(3, Duration.ofSeconds(10)).orElseThrow();
            for (int round = 0; round < 6; round++) {
                boolean up = round % 2 == 0;
                state.set(CompositorGoldenTest.state(up ? "3.75" : "2.5")); // the sequencer accepted a bid
                long at = live.latestSequence(); // frame at+1 may have begun before the change; at+2 cannot have
                live.awaitAfter(at + 2, Duration.ofSeconds(5)).orElseThrow();
                var second = seen.get(at + 2);
                assertThat(second).as("frame " + (at + 2) + " was drawn").isNotNull();
                assertThat(same(second, up ? high : low))
                        .as("round " + round + ": the new amount by the second frame after the bid")
                        .isTrue();
            }
            assertThat(live.stats().rendered()).isGreaterThan(10);
        }
    }

    private static BufferedImage copy(BufferedImage region) {
        var out = new BufferedImage(region.getWidth(), region.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.drawImage(region, 0, 0, null);
        g.dispose();
        return out;
    }

    @Test
    void nothing_is_drawn_while_nobody_wants_frames_and_a_snapshot_draws_one_anyway() throws Exception {
        try (var live = new LiveCompositor(
                new SceneCompositor(AssetSource.NONE),
                new LiveCompositor.Settings(320, 180, 30),
                DefaultScenes.get(DefaultScenes.STANDBY),
                () -> LiveState.EMPTY,
                clock)) {
            org.awaitility.Awaitility.await()
                    .during(Duration.ofMillis(300))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> live.stats().rendered() == 0);
            var snap = live.snapshot();
            assertThat(snap.getWidth()).isEqualTo(320);
            assertThat(snap.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
            // the snapshot counts as someone previewing: frames come for a while
            assertThat(live.awaitAfter(0, Duration.ofSeconds(5))).isPresent();
        }
    }

    @Test
    void a_pinned_frame_is_not_drawn_over() throws Exception {
        var state = new AtomicReference<>(CompositorGoldenTest.state("1"));
        try (var live = new LiveCompositor(
                new SceneCompositor(AssetSource.NONE),
                new LiveCompositor.Settings(640, 360, 60),
                DefaultScenes.get(DefaultScenes.AUCTION),
                state::get,
                clock)) {
            live.hold();
            live.awaitAfter(0, Duration.ofSeconds(10)).orElseThrow();
            var pinned = live.pin().orElseThrow();
            byte[] copy = pinned.bgr().clone();
            state.set(CompositorGoldenTest.state("99"));
            live.awaitAfter(pinned.sequence() + 5, Duration.ofSeconds(5)).orElseThrow();
            assertThat(pinned.bgr())
                    .as("five frames later the pinned buffer is untouched")
                    .isEqualTo(copy);
            live.unpin();
        }
    }
}
