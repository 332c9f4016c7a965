package dev.gavel.server.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gavel.market.listing.Currency;
import dev.gavel.market.price.Bars;
import dev.gavel.market.price.Bars.Observation;
import dev.gavel.market.price.PriceBar;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PriceChartTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final long SEED = 0xC4A7_2026L;

    /** Thirty days of hourly bars around $12, a few observations an hour, with a gap of two days. */
    private static List<PriceBar> month() {
        var random = new SplittableRandom(SEED);
        var observations = new ArrayList<Observation>();
        long price = 1200;
        for (int hour = 0; hour < 30 * 24; hour++) {
            if (hour >= 10 * 24 && hour < 12 * 24) {
                continue;
            }
            for (int i = random.nextInt(0, 4); i > 0; i--) {
                price = Math.max(50, price + random.nextLong(-40, 41));
                observations.add(new Observation(T0.plusSeconds(hour * 3600L + random.nextInt(3600)), price));
            }
        }
        return Bars.of(observations, Duration.ofHours(1));
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        var image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).as("a PNG ImageIO can read").isNotNull();
        return image;
    }

    private static boolean lineColoured(int rgb) {
        int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
        return b - r > 100 && b - g > 40;
    }

    /** Whether a pixel of the line's colour is within a pixel of (x, y). */
    private static boolean lineNear(BufferedImage image, double x, double y) {
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                int px = (int) Math.floor(x) + dx, py = (int) Math.floor(y) + dy;
                if (px >= 0
                        && py >= 0
                        && px < image.getWidth()
                        && py < image.getHeight()
                        && lineColoured(image.getRGB(px, py))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long nonBackground(BufferedImage image, int x0, int y0, int x1, int y1) {
        long n = 0;
        for (int x = x0; x < x1; x++) {
            for (int y = y0; y < y1; y++) {
                if ((image.getRGB(x, y) & 0xffffff) != (PriceChart.BACKGROUND.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void the_default_chart_is_an_800_by_400_png() throws IOException {
        var image = decode(PriceChart.png(month(), "Charizard ex 199/165 · Near Mint", Currency.USD));
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(400);
    }

    @Test
    void the_line_passes_through_every_close() throws IOException {
        var bars = month();
        for (int[] size : new int[][] {{800, 400}, {200, 100}, {2000, 1200}, {640, 900}}) {
            var image = decode(PriceChart.png(bars, "Charizard", Currency.USD, size[0], size[1]));
            assertThat(image.getWidth()).isEqualTo(size[0]);
            assertThat(image.getHeight()).isEqualTo(size[1]);
            var plot = PriceChart.plot(bars, size[0], size[1]);
            for (PriceBar b : bars) {
                assertThat(lineNear(image, plot.x(b.start()), plot.y(b.close())))
                        .as("%dx%d: the line at %s, %d", size[0], size[1], b.start(), b.close())
                        .isTrue();
            }
        }
    }

    @Test
    void labels_are_drawn_left_of_and_below_the_plot() throws IOException {
        var bars = month();
        var image = decode(PriceChart.png(bars, "Charizard", Currency.USD));
        var plot = PriceChart.plot(bars, 800, 400);
        assertThat(nonBackground(image, 0, (int) plot.top(), (int) plot.left() - 2, (int) plot.bottom()))
                .as("price labels")
                .isPositive();
        assertThat(nonBackground(image, (int) plot.left(), (int) plot.bottom() + 2, (int) plot.right(), 400))
                .as("ticks and date labels")
                .isPositive();
        assertThat(nonBackground(image, 0, 0, 800, (int) plot.top() - 2))
                .as("title")
                .isPositive();
    }

    @Test
    void an_empty_history_still_renders() throws IOException {
        var image = decode(PriceChart.png(List.of(), "Nobody sold this yet", Currency.USD));
        assertThat(image.getWidth()).isEqualTo(800);
        assertThat(image.getHeight()).isEqualTo(400);
        var plot = PriceChart.plot(List.of(), 800, 400);
        assertThat(nonBackground(image, 0, 0, 800, 400)).as("axes at least").isPositive();
        int lineColoured = 0;
        for (int x = 0; x < 800; x++) {
            for (int y = 0; y < 400; y++) {
                lineColoured += lineColoured(image.getRGB(x, y)) ? 1 : 0;
            }
        }
        assertThat(lineColoured).as("no line").isZero();
        assertThat(plot.left()).isLessThan(plot.right());
    }

    @Test
    void one_bar_a_flat_price_and_coins_render() throws IOException {
        var one = List.of(PriceBar.of(T0, 1250));
        var image = decode(PriceChart.png(one, "One sale", Currency.USD, 300, 150));
        var plot = PriceChart.plot(one, 300, 150);
        assertThat(lineNear(image, plot.x(T0), plot.y(1250)))
                .as("a dot for a single price")
                .isTrue();

        var flat = List.of(PriceBar.of(T0, 500), PriceBar.of(T0.plusSeconds(86_400), 500));
        var flatImage = decode(PriceChart.png(flat, "Flat", Currency.EUR));
        var flatPlot = PriceChart.plot(flat, 800, 400);
        assertThat(flatPlot.low()).isLessThan(500);
        assertThat(flatPlot.high()).isGreaterThan(500);
        assertThat(lineNear(flatImage, flatPlot.x(T0.plusSeconds(43_200)), flatPlot.y(500)))
                .isTrue();

        var zero = List.of(PriceBar.of(T0, 0), PriceBar.of(T0.plusSeconds(3600), 0));
        decode(PriceChart.png(zero, "Free", Currency.COINS));
    }

    @Test
    void a_year_of_daily_bars_renders() throws IOException {
        var random = new SplittableRandom(SEED);
        var observations = new ArrayList<Observation>();
        for (int day = 0; day < 365; day++) {
            observations.add(new Observation(T0.plusSeconds(day * 86_400L), random.nextLong(100_000, 2_000_000)));
        }
        var bars = Bars.of(observations, Duration.ofDays(1));
        var image = decode(PriceChart.png(bars, "A year", Currency.USD, 1600, 600));
        var plot = PriceChart.plot(bars, 1600, 600);
        assertThat(lineNear(
                        image,
                        plot.x(bars.get(200).start()),
                        plot.y(bars.get(200).close())))
                .isTrue();
    }

    @Test
    void the_same_history_gives_the_same_bytes() {
        var bars = month();
        assertThat(PriceChart.png(bars, "Charizard", Currency.USD))
                .isEqualTo(PriceChart.png(List.copyOf(bars), "Charizard", Currency.USD));
        assertThat(PriceChart.png(List.of(), "x", Currency.USD))
                .isEqualTo(PriceChart.png(List.of(), "x", Currency.USD));
    }

    @Test
    void a_size_out_of_bounds_is_refused() {
        assertThatThrownBy(() -> PriceChart.png(List.of(), "x", Currency.USD, 199, 400))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("200 to 2000");
        assertThatThrownBy(() -> PriceChart.png(List.of(), "x", Currency.USD, 800, 1201))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PriceChart.png(List.of(), "x", Currency.USD, 2001, 99))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void date_ticks_fall_on_utc_hours_days_mondays_and_months() {
        Instant from = Instant.parse("2026-03-01T10:20:00Z");
        assertThat(PriceChart.TimeStep.fitting(from, from.plus(Duration.ofHours(5)), 6)
                        .ticks(from, from.plus(Duration.ofHours(5))))
                .extracting(Instant::toString)
                .containsExactly(
                        "2026-03-01T11:00:00Z",
                        "2026-03-01T12:00:00Z",
                        "2026-03-01T13:00:00Z",
                        "2026-03-01T14:00:00Z",
                        "2026-03-01T15:00:00Z");
        Instant month = from.plus(Duration.ofDays(30));
        assertThat(PriceChart.TimeStep.fitting(from, month, 6).ticks(from, month))
                .extracting(Instant::toString)
                .containsExactly(
                        "2026-03-02T00:00:00Z", // a Monday
                        "2026-03-09T00:00:00Z",
                        "2026-03-16T00:00:00Z",
                        "2026-03-23T00:00:00Z",
                        "2026-03-30T00:00:00Z");
        Instant year = from.plus(Duration.ofDays(365));
        var ticks = PriceChart.TimeStep.fitting(from, year, 6).ticks(from, year);
        assertThat(ticks)
                .extracting(Instant::toString)
                .containsExactly(
                        "2026-05-01T00:00:00Z", // every other month from January
                        "2026-07-01T00:00:00Z",
                        "2026-09-01T00:00:00Z",
                        "2026-11-01T00:00:00Z",
                        "2027-01-01T00:00:00Z",
                        "2027-03-01T00:00:00Z");
        assertThat(PriceChart.TimeStep.fitting(from, year, 6).format().format(ticks.get(0)))
                .isEqualTo("May 2026");
    }

    @Test
    void price_steps_are_one_two_or_five_times_a_power_of_ten() {
        assertThat(PriceChart.niceStep(0.3)).isEqualTo(1);
        assertThat(PriceChart.niceStep(1)).isEqualTo(1);
        assertThat(PriceChart.niceStep(1.5)).isEqualTo(2);
        assertThat(PriceChart.niceStep(3)).isEqualTo(5);
        assertThat(PriceChart.niceStep(7)).isEqualTo(10);
        assertThat(PriceChart.niceStep(120)).isEqualTo(200);
        assertThat(PriceChart.niceStep(2_000)).isEqualTo(2_000);
        assertThat(PriceChart.niceStep(2_001)).isEqualTo(5_000);
    }
}
