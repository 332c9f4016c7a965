package dev.gavel.server.market;

import dev.gavel.market.listing.Currency;
import dev.gavel.market.price.Bars;
import dev.gavel.market.price.PriceBar;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A card's price history as a PNG, for people who would rather look than read: the closes as a line over a
 * faint band from each bar's low to its high, price labels in the currency (dollars for USD), date labels in
 * UTC, and the title; "no prices yet" when there are none. Drawn with Java2D into a {@link BufferedImage}
 * (no display needed) and encoded in memory; the same input gives the same bytes.
 *
 * <p>Text uses the logical {@code SansSerif} font, as the stream compositor does. On a machine with no fonts
 * at all the chart is drawn without its labels rather than not at all.
 */
public final class PriceChart {
    private static final Logger LOG = LoggerFactory.getLogger(PriceChart.class);

    public static final int DEFAULT_WIDTH = 800;
    public static final int DEFAULT_HEIGHT = 400;
    public static final int MIN_WIDTH = 200;
    public static final int MAX_WIDTH = 2000;
    public static final int MIN_HEIGHT = 100;
    public static final int MAX_HEIGHT = 1200;

    static final Color BACKGROUND = Color.WHITE;
    private static final Color LINE = new Color(0x1f, 0x5f, 0xc8);
    private static final Color BAND = new Color(0x1f, 0x5f, 0xc8, 0x2c);
    private static final Color AXIS = new Color(0x55, 0x55, 0x55);
    private static final Color GRID = new Color(0xe6, 0xe6, 0xe6);
    private static final Color TEXT = new Color(0x22, 0x22, 0x22);
    private static final Color MUTED = new Color(0x88, 0x88, 0x88);

    /** The spacings the date ticks may have, finest first; each falls on UTC boundaries. */
    private static final List<TimeStep> TIME_STEPS = List.of(
            new TimeStep(ChronoUnit.HOURS, 1, "MMM d HH:mm"),
            new TimeStep(ChronoUnit.HOURS, 2, "MMM d HH:mm"),
            new TimeStep(ChronoUnit.HOURS, 3, "MMM d HH:mm"),
            new TimeStep(ChronoUnit.HOURS, 6, "MMM d HH:mm"),
            new TimeStep(ChronoUnit.HOURS, 12, "MMM d HH:mm"),
            new TimeStep(ChronoUnit.DAYS, 1, "MMM d"),
            new TimeStep(ChronoUnit.DAYS, 2, "MMM d"),
            new TimeStep(ChronoUnit.WEEKS, 1, "MMM d"),
            new TimeStep(ChronoUnit.WEEKS, 2, "MMM d"),
            new TimeStep(ChronoUnit.MONTHS, 1, "MMM yyyy"),
            new TimeStep(ChronoUnit.MONTHS, 2, "MMM yyyy"),
            new TimeStep(ChronoUnit.MONTHS, 3, "MMM yyyy"),
            new TimeStep(ChronoUnit.MONTHS, 6, "MMM yyyy"),
            new TimeStep(ChronoUnit.YEARS, 1, "yyyy"));

    static {
        // a server draws charts, never windows: say so before anything here starts AWT
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private static final boolean TEXT_WORKS = textWorks();

    private PriceChart() {}

    /** The chart at the default size, {@value #DEFAULT_WIDTH}×{@value #DEFAULT_HEIGHT}. */
    public static byte[] png(List<PriceBar> bars, String title, Currency currency) {
        return png(bars, title, currency, DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    /**
     * The chart of {@code bars} (in time order) as PNG bytes, {@code width} × {@code height} pixels; throws
     * {@link IllegalArgumentException} when the size is outside {@value #MIN_WIDTH}..{@value #MAX_WIDTH} ×
     * {@value #MIN_HEIGHT}..{@value #MAX_HEIGHT}.
     */
    public static byte[] png(List<PriceBar> bars, String title, Currency currency, int width, int height) {
        var out = new ByteArrayOutputStream(32 * 1024);
        var writer = ImageIO.getImageWritersByFormatName("png").next();
        try (var ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(new IIOImage(render(bars, title, currency, width, height), null, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a chart in memory", e); // no file nor socket involved
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** The chart as an image; see {@link #png(List, String, Currency, int, int)}. */
    private static BufferedImage render(List<PriceBar> bars, String title, Currency currency, int width, int height) {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(currency, "currency");
        Plot plot = plot(bars, width, height);
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            new Painter(g, plot, currency).paint(bars, title);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Where things go: the plot area in pixels and the times and prices it spans. Package-private so that
     * tests can tell where the line must be.
     */
    record Plot(
            int width,
            int height,
            int fontSize,
            double left,
            double top,
            double right,
            double bottom,
            Instant from,
            Instant to,
            long low,
            long high) {
        double x(Instant t) {
            double span = Duration.between(from, to).toMillis();
            return left + (right - left) * Duration.between(from, t).toMillis() / span;
        }

        double y(long amount) {
            return bottom - (bottom - top) * (amount - low) / (double) (high - low);
        }
    }

    static Plot plot(List<PriceBar> bars, int width, int height) {
        if (width < MIN_WIDTH || width > MAX_WIDTH || height < MIN_HEIGHT || height > MAX_HEIGHT) {
            throw new IllegalArgumentException("a chart is " + MIN_WIDTH + " to " + MAX_WIDTH + " pixels wide and "
                    + MIN_HEIGHT + " to " + MAX_HEIGHT + " high, not " + width + "×" + height);
        }
        int fontSize = Math.max(10, Math.min(15, height / 28));
        double top = fontSize * 2.6;
        double bottom = height - fontSize * 2.4;
        double left = fontSize * 6.5;
        double right = width - fontSize * 1.5;
        if (bars.isEmpty()) {
            return new Plot(width, height, fontSize, left, top, right, bottom, Instant.EPOCH, Instant.EPOCH, 0, 1);
        }
        Instant from = bars.get(0).start();
        Instant to = bars.get(bars.size() - 1).start();
        if (!to.isAfter(from)) {
            from = from.minus(Duration.ofHours(12));
            to = to.plus(Duration.ofHours(12));
        }
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        for (PriceBar bar : bars) {
            low = Math.min(low, bar.low());
            high = Math.max(high, bar.high());
        }
        // a little air above and below; a flat price gets a band of ±10 % (at least 1 unit) to sit in
        long pad = high > low ? Math.max(1, (high - low) / 12) : Math.max(1, high / 10);
        return new Plot(
                width, height, fontSize, left, top, right, bottom, from, to, Math.max(0, low - pad), high + pad);
    }

    /** Draws one chart. */
    private static final class Painter {
        private final Graphics2D g;
        private final Plot p;
        private final Currency currency;
        private final Font plain;
        private final Font bold;

        Painter(Graphics2D g, Plot p, Currency currency) {
            this.g = g;
            this.p = p;
            this.currency = currency;
            this.plain = new Font(Font.SANS_SERIF, Font.PLAIN, p.fontSize());
            this.bold = new Font(Font.SANS_SERIF, Font.BOLD, Math.round(p.fontSize() * 1.2f));
        }

        void paint(List<PriceBar> bars, String title) {
            double titleWidth = (p.right() - p.left()) * (bars.isEmpty() ? 1 : 0.7);
            text(title, bold, TEXT, p.left(), p.fontSize() * 1.7, Align.LEFT, titleWidth);
            if (bars.isEmpty()) {
                frame();
                text(
                        "no prices yet",
                        plain,
                        MUTED,
                        (p.left() + p.right()) / 2,
                        (p.top() + p.bottom()) / 2,
                        Align.CENTRE,
                        p.right() - p.left());
                return;
            }
            priceAxis();
            timeAxis();
            frame();
            band(bars);
            line(bars);
            text(
                    "last " + money(bars.get(bars.size() - 1).close(), 0),
                    plain,
                    TEXT,
                    p.right(),
                    p.fontSize() * 1.7,
                    Align.RIGHT,
                    (p.right() - p.left()) * 0.28);
        }

        private void frame() {
            g.setColor(AXIS);
            g.setStroke(new BasicStroke(1f));
            g.draw(new Line2D.Double(p.left(), p.top(), p.left(), p.bottom()));
            g.draw(new Line2D.Double(p.left(), p.bottom(), p.right(), p.bottom()));
        }

        private void priceAxis() {
            long step = niceStep((p.high() - p.low()) / 5.0);
            long unit = BigDecimal.TEN.pow(currency.scale()).longValueExact();
            int decimals = step % unit == 0 ? 0 : currency.scale();
            for (long v = Math.ceilDiv(p.low(), step) * step; v <= p.high(); v += step) {
                double y = p.y(v);
                g.setColor(GRID);
                g.setStroke(new BasicStroke(1f));
                g.draw(new Line2D.Double(p.left() + 1, y, p.right(), y));
                text(
                        money(v, decimals),
                        plain,
                        TEXT,
                        p.left() - p.fontSize() * 0.5,
                        y + p.fontSize() * 0.35,
                        Align.RIGHT,
                        p.left());
            }
        }

        private void timeAxis() {
            int room = (int) Math.max(2, (p.right() - p.left()) / (p.fontSize() * 8));
            TimeStep step = TimeStep.fitting(p.from(), p.to(), room);
            for (Instant t : step.ticks(p.from(), p.to())) {
                double x = p.x(t);
                g.setColor(AXIS);
                g.setStroke(new BasicStroke(1f));
                g.draw(new Line2D.Double(x, p.bottom(), x, p.bottom() + p.fontSize() * 0.4));
                text(
                        step.format().format(t),
                        plain,
                        TEXT,
                        x,
                        p.bottom() + p.fontSize() * 1.5,
                        Align.CENTRE,
                        p.fontSize() * 8);
            }
            // in the corner under the price labels, where no date label reaches
            text(
                    "UTC",
                    plain,
                    MUTED,
                    p.fontSize() * 0.3,
                    p.bottom() + p.fontSize() * 1.5,
                    Align.LEFT,
                    p.fontSize() * 4);
        }

        private void band(List<PriceBar> bars) {
            if (bars.stream().noneMatch(b -> b.high() > b.low())) {
                return;
            }
            var band = new Path2D.Double();
            for (int i = 0; i < bars.size(); i++) {
                PriceBar b = bars.get(i);
                if (i == 0) {
                    band.moveTo(p.x(b.start()), p.y(b.high()));
                } else {
                    band.lineTo(p.x(b.start()), p.y(b.high()));
                }
            }
            for (int i = bars.size() - 1; i >= 0; i--) {
                PriceBar b = bars.get(i);
                band.lineTo(p.x(b.start()), p.y(b.low()));
            }
            band.closePath();
            g.setColor(BAND);
            g.fill(band);
        }

        private void line(List<PriceBar> bars) {
            g.setColor(LINE);
            float w = Math.max(1.5f, p.fontSize() / 6f);
            g.setStroke(new BasicStroke(w, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            if (bars.size() == 1) {
                PriceBar b = bars.get(0);
                double r = w * 2;
                g.fill(new Ellipse2D.Double(p.x(b.start()) - r, p.y(b.close()) - r, 2 * r, 2 * r));
                return;
            }
            var line = new Path2D.Double();
            line.moveTo(p.x(bars.get(0).start()), p.y(bars.get(0).close()));
            for (PriceBar b : bars.subList(1, bars.size())) {
                line.lineTo(p.x(b.start()), p.y(b.close()));
            }
            g.draw(line);
        }

        /** {@code amount} in the currency's smallest unit, shown with {@code decimals} decimals. */
        private String money(long amount, int decimals) {
            var number = NumberFormat.getNumberInstance(Locale.US);
            number.setMinimumFractionDigits(decimals);
            number.setMaximumFractionDigits(Math.max(decimals, currency.scale()));
            String n = number.format(BigDecimal.valueOf(amount, currency.scale()));
            return switch (currency) {
                case USD -> "$" + n;
                case EUR -> "€" + n;
                case COINS -> n;
            };
        }

        private enum Align {
            LEFT,
            CENTRE,
            RIGHT
        }

        /** Draws {@code s} with its baseline at {@code y}, cut with an ellipsis to {@code maxWidth}. */
        private void text(String s, Font font, Color colour, double x, double y, Align align, double maxWidth) {
            if (!TEXT_WORKS || s.isEmpty()) {
                return;
            }
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            String shown = s;
            if (fm.stringWidth(shown) > maxWidth) {
                while (!shown.isEmpty() && fm.stringWidth(shown + "…") > maxWidth) {
                    shown = shown.substring(0, shown.length() - 1);
                }
                shown = shown + "…";
            }
            int w = fm.stringWidth(shown);
            double at =
                    switch (align) {
                        case LEFT -> x;
                        case CENTRE -> x - w / 2.0;
                        case RIGHT -> x - w;
                    };
            at = Math.max(0, Math.min(at, p.width() - w - 1.0)); // a label at an edge stays whole
            g.setColor(colour);
            g.drawString(shown, (float) at, (float) y);
        }
    }

    /** Date ticks {@code n} {@code unit}s apart, aligned in UTC (weeks start on Mondays), labelled with a pattern. */
    record TimeStep(ChronoUnit unit, int n, DateTimeFormatter format) {
        TimeStep(ChronoUnit unit, int n, String pattern) {
            this(unit, n, DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withZone(ZoneOffset.UTC));
        }

        /** The finest step that puts at most about {@code room} ticks in {@code [from, to]}. */
        static TimeStep fitting(Instant from, Instant to, int room) {
            return TIME_STEPS.stream()
                    .filter(s -> s.count(from, to) <= room)
                    .findFirst()
                    .orElse(TIME_STEPS.get(TIME_STEPS.size() - 1));
        }

        /** The ticks in {@code [from, to]}. */
        List<Instant> ticks(Instant from, Instant to) {
            var ticks = new ArrayList<Instant>();
            for (Instant t = first(from); !t.isAfter(to); t = next(t)) {
                ticks.add(t);
            }
            return ticks;
        }

        /** About how many ticks fall in {@code [from, to]}. */
        private long count(Instant from, Instant to) {
            return Duration.between(from, to).toSeconds()
                    / unit.getDuration().multipliedBy(n).toSeconds();
        }

        /** The first tick at or after {@code from}. */
        private Instant first(Instant from) {
            if (unit == ChronoUnit.HOURS) {
                Instant t = Bars.floor(from, Duration.ofHours(n));
                return t.isBefore(from) ? next(t) : t;
            }
            var at = from.atZone(ZoneOffset.UTC);
            var t = at.truncatedTo(ChronoUnit.DAYS);
            if (unit == ChronoUnit.MONTHS || unit == ChronoUnit.YEARS) {
                t = t.withDayOfMonth(1);
            }
            if (t.isBefore(at)) {
                t = unit == ChronoUnit.MONTHS || unit == ChronoUnit.YEARS ? t.plusMonths(1) : t.plusDays(1);
            }
            while (!aligned(t.toLocalDate())) {
                t = unit == ChronoUnit.MONTHS || unit == ChronoUnit.YEARS ? t.plusMonths(1) : t.plusDays(1);
            }
            return t.toInstant();
        }

        private Instant next(Instant t) {
            return t.atZone(ZoneOffset.UTC).plus(n, unit).toInstant();
        }

        private boolean aligned(LocalDate d) {
            return switch (unit) {
                case DAYS -> Math.floorMod(d.toEpochDay(), n) == 0;
                case WEEKS -> Math.floorMod(d.toEpochDay() - MONDAY, 7L * n) == 0; // 1970-01-05 was a Monday
                case MONTHS -> (d.getMonthValue() - 1) % n == 0;
                case YEARS -> d.getMonthValue() == 1;
                default -> true;
            };
        }

        private static final long MONDAY = 4;
    }

    /** The nice step (1, 2 or 5 × 10ⁿ, at least 1) nearest above {@code raw}. */
    static long niceStep(double raw) {
        long magnitude = 1;
        while (magnitude * 10 <= raw) {
            magnitude *= 10;
        }
        for (long m : new long[] {1, 2, 5}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** Whether this JVM can lay out text at all; a machine without any font cannot, and draws no labels. */
    private static boolean textWorks() {
        var probe = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.getFontMetrics().stringWidth("$0.00 Mar 1");
            g.drawString("$0", 0, 6);
            return true;
        } catch (RuntimeException | Error e) { // no fonts: an Error or a linkage failure from the font manager
            if (e instanceof VirtualMachineError && !(e instanceof InternalError)) {
                throw e;
            }
            LOG.warn("no usable font ({}); price charts are drawn without labels", e.toString());
            return false;
        } finally {
            g.dispose();
        }
    }
}
