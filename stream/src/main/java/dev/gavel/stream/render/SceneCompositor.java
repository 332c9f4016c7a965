package dev.gavel.stream.render;

import dev.gavel.stream.render.Geometry.Placement;
import dev.gavel.stream.render.Geometry.Rect;
import dev.gavel.stream.scene.Bindings;
import dev.gavel.stream.scene.Item;
import dev.gavel.stream.scene.Scene;
import dev.gavel.stream.scene.Source;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Draws a scene with Java2D: the canvas color, then the visible items in {@code z} order (stable), each placed
 * by {@link Geometry}, rotated, clipped to its bounds when asked, at its opacity times its show/hide
 * transition. Images are decoded by the {@link AssetSource} and scaled here once per size (a small LRU
 * cache); a missing image is a placeholder, never an error. Widgets (auction panel, countdown, bid ticker,
 * host caption) draw the live state into their bounds box.
 *
 * <p>Not thread-safe: one render thread uses it (the render methods are synchronized for the occasional
 * frame rendered on demand elsewhere).
 */
public final class SceneCompositor {
    private static final int SCALED_CACHE = 64;
    /** The largest scaled copy of an image kept: four 4K frames. */
    private static final long MAX_SCALED_PIXELS = 4L * 3840 * 2160;

    private static final Duration EXTENSION_FLASH = Duration.ofSeconds(2);

    private final AssetSource assets;
    private final Map<ScaledKey, BufferedImage> scaled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ScaledKey, BufferedImage> eldest) {
            return size() > SCALED_CACHE;
        }
    };
    private final Map<Source.Font, Font> fonts = new LinkedHashMap<>();
    private final Map<Font, FontMetrics> metrics = new LinkedHashMap<>();
    private final BufferedImage measuring = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    private volatile long itemErrors;
    private volatile String lastItemError;

    public SceneCompositor(AssetSource assets) {
        this.assets = assets;
    }

    /** A new frame of {@code width × height} ({@code TYPE_3BYTE_BGR}) with the scene drawn on it. */
    public synchronized BufferedImage render(Scene scene, LiveState state, Instant now, int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        renderInto(image, scene, state, now, new Visibility(), Optional.empty());
        return image;
    }

    /** Items that could not be drawn since start (each skipped in its frame), and the last reason. */
    public long itemErrors() {
        return itemErrors;
    }

    public Optional<String> lastItemError() {
        return Optional.ofNullable(lastItemError);
    }

    /** A scene switch in progress: the previous scene fades out under the new one over {@code transition}. */
    public record Switch(Scene from, Visibility fromVisibility, Instant at, Scene.Transition transition) {
        double progress(Instant now) {
            if (transition.ms() <= 0 || transition.kind() == Scene.Transition.Kind.CUT) {
                return 1;
            }
            return Math.min(1, Math.max(0, Duration.between(at, now).toMillis() / (double) transition.ms()));
        }
    }

    /** Draws the scene onto {@code target} (any size: the canvas is scaled to it). */
    public synchronized void renderInto(
            BufferedImage target,
            Scene scene,
            LiveState state,
            Instant now,
            Visibility visibility,
            Optional<Switch> switching) {
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.scale(
                    target.getWidth() / (double) scene.canvas().width(),
                    target.getHeight() / (double) scene.canvas().height());
            double p = switching.map(s -> s.progress(now)).orElse(1.0);
            if (p < 1) {
                var from = switching.get();
                drawScene(g, from.from(), state, now, from.fromVisibility(), 1);
            }
            drawScene(g, scene, state, now, visibility, p);
        } finally {
            g.dispose();
        }
    }

    private void drawScene(Graphics2D g, Scene scene, LiveState state, Instant now, Visibility vis, double alpha) {
        var canvas = scene.canvas();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) alpha));
        g.setColor(awt(canvas.background()));
        g.fill(new Rectangle2D.Double(0, 0, canvas.width(), canvas.height()));
        var ordered = new ArrayList<>(scene.items());
        ordered.sort(Comparator.comparingInt(Item::z)); // List.sort is stable
        for (Item item : ordered) {
            var v = vis.of(item, now);
            if (v.amount() <= 0) {
                continue;
            }
            Source source = scene.sources().get(item.source());
            if (source == null) {
                continue;
            }
            var parent = Geometry.contentBox(canvas, scene.layout(), item.parent());
            try {
                drawItem(g, scene, item, source, parent, state, now, v, alpha);
            } catch (RuntimeException e) {
                // one item that cannot be drawn must not take the frame with it
                itemErrors++;
                lastItemError = item.id() + ": " + e;
            }
        }
    }

    private void drawItem(
            Graphics2D g,
            Scene scene,
            Item item,
            Source source,
            Rect parent,
            LiveState state,
            Instant now,
            Visibility.State v,
            double sceneAlpha) {
        var saved = g.getTransform();
        var savedClip = g.getClip();
        try {
            double opacity = item.opacity() * sceneAlpha;
            var transition = v.showing() ? item.show() : item.hide();
            boolean sliding =
                    transition.map(t -> t.kind() == Scene.Transition.Kind.SLIDE).orElse(false) && v.progress() < 1;
            if (!sliding) {
                opacity *= v.amount();
            }
            g.setComposite(
                    AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) Math.max(0, Math.min(1, opacity))));
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation(item.scaleFilter()));
            switch (source) {
                case Source.Image img -> drawImage(g, item, img, parent, state, sliding, v, scene);
                case Source.Text text -> {
                    String s = Bindings.fill(text.template(), name -> state.value(name, now));
                    Font font = font(text.font());
                    var size = textSize(s, font);
                    var placement = Geometry.place(parent, item, size[0], size[1]);
                    prepare(g, item, placement, sliding, v, scene);
                    drawText(
                            g,
                            s,
                            font,
                            placement.drawn(),
                            size,
                            awt(text.color()),
                            text.shadow().map(SceneCompositor::awt));
                }
                case Source.Fill fill -> {
                    var placement = Geometry.place(parent, item, 1, 1);
                    prepare(g, item, placement, sliding, v, scene);
                    g.setColor(awt(fill.color()));
                    if (item.rotation() == 0) {
                        // square to the pixels: no antialiasing needed, and a plain fill is far cheaper
                        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
                        g.fill(rect(placement.drawn()));
                        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                    } else {
                        g.fill(rect(placement.drawn()));
                    }
                }
                case Source.AuctionPanel panel -> {
                    var placement = Geometry.place(parent, item, 1, 1);
                    prepare(g, item, placement, sliding, v, scene);
                    drawPanel(g, placement.box(), panel, state);
                }
                case Source.Countdown countdown -> {
                    var placement = Geometry.place(parent, item, 1, 1);
                    prepare(g, item, placement, sliding, v, scene);
                    drawCountdown(g, placement.box(), countdown, state, now);
                }
                case Source.BidTicker ticker -> {
                    var placement = Geometry.place(parent, item, 1, 1);
                    prepare(g, item, placement, sliding, v, scene);
                    drawTicker(g, placement.box(), ticker, state);
                }
                case Source.HostCaption host -> {
                    var placement = Geometry.place(parent, item, 1, 1);
                    prepare(g, item, placement, sliding, v, scene);
                    drawCaption(g, placement.box(), host, state);
                }
            }
        } finally {
            g.setTransform(saved);
            g.setClip(savedClip);
        }
    }

    /** Slide, rotation and clip for an item about to be drawn at {@code placement}. */
    private static void prepare(
            Graphics2D g, Item item, Placement placement, boolean sliding, Visibility.State v, Scene scene) {
        var box = placement.box();
        if (sliding) {
            // in from (or out to) the canvas edge nearest the item
            var canvas = scene.canvas();
            double left = box.x() + box.w();
            double right = canvas.width() - box.x();
            double top = box.y() + box.h();
            double bottom = canvas.height() - box.y();
            double min = Math.min(Math.min(left, right), Math.min(top, bottom));
            double off = 1 - v.amount();
            if (min == left) {
                g.translate(-left * off, 0);
            } else if (min == right) {
                g.translate(right * off, 0);
            } else if (min == top) {
                g.translate(0, -top * off);
            } else {
                g.translate(0, bottom * off);
            }
        }
        if (item.rotation() != 0) {
            g.rotate(Math.toRadians(item.rotation()), box.cx(), box.cy());
        }
        if (item.cropToBounds()) {
            g.clip(rect(box));
        }
    }

    private void drawImage(
            Graphics2D g,
            Item item,
            Source.Image img,
            Rect parent,
            LiveState state,
            boolean sliding,
            Visibility.State v,
            Scene scene) {
        boolean live = img.asset().equals(Source.Image.LIVE_ARTWORK);
        Optional<String> assetId =
                live ? state.auction().flatMap(LiveState.Auction::artwork) : Optional.of(img.asset());
        Optional<BufferedImage> found;
        try {
            found = assetId.flatMap(assets::image);
        } catch (RuntimeException e) {
            found = Optional.empty(); // an unreadable asset is drawn like a missing one
        }
        if (found.isEmpty() && live) {
            // the artwork has no image: a card with its name
            var placement = Geometry.place(parent, item, 4, 3);
            prepare(g, item, placement, sliding, v, scene);
            var box = placement.drawn();
            g.setColor(new Color(0x1b, 0x26, 0x33));
            g.fill(new RoundRectangle2D.Double(box.x(), box.y(), box.w(), box.h(), 24, 24));
            g.setColor(new Color(0x9f, 0xb3, 0xc8));
            String name = state.auction().map(LiveState.Auction::name).orElse("No auction live");
            drawCentered(g, name, fit(name, box.w() * 0.85, box.h() * 0.1, true), box);
            return;
        }
        if (found.isEmpty()) {
            var size = item.bounds().type() == Item.BoundsType.NONE ? new double[] {320, 180} : new double[] {16, 9};
            var placement = Geometry.place(parent, item, size[0], size[1]);
            prepare(g, item, placement, sliding, v, scene);
            drawPlaceholder(g, placement.box().w() > 0 ? placement.box() : placement.drawn(), img.asset());
            return;
        }
        var image = found.get();
        var crop = item.crop();
        int cw = Math.max(1, image.getWidth() - crop.left() - crop.right());
        int ch = Math.max(1, image.getHeight() - crop.top() - crop.bottom());
        var placement = Geometry.place(parent, item, cw, ch);
        prepare(g, item, placement, sliding, v, scene);
        var drawn = placement.drawn();
        var scale = g.getTransform();
        // device pixels per canvas pixel along each axis (rotation included)
        double sx = Math.hypot(scale.getScaleX(), scale.getShearY());
        double sy = Math.hypot(scale.getShearX(), scale.getScaleY());
        int pw = (int) Math.max(1, Math.round(drawn.w() * sx));
        int ph = (int) Math.max(1, Math.round(drawn.h() * sy));
        if ((long) pw * ph > MAX_SCALED_PIXELS) {
            // drawn far larger than any frame (a thin banner covering a box): draw from the original instead
            // of caching a scaled copy that would not fit in memory
            var at = new AffineTransform();
            at.translate(drawn.x(), drawn.y());
            at.scale(drawn.w() / cw, drawn.h() / ch);
            g.drawImage(
                    image.getSubimage(
                            Math.min(crop.left(), image.getWidth() - 1),
                            Math.min(crop.top(), image.getHeight() - 1),
                            cw,
                            ch),
                    at,
                    null);
            return;
        }
        BufferedImage ready = scaledImage(image, crop, cw, ch, pw, ph, item.scaleFilter());
        int kind = scale.getType()
                & ~(AffineTransform.TYPE_TRANSLATION
                        | AffineTransform.TYPE_UNIFORM_SCALE
                        | AffineTransform.TYPE_GENERAL_SCALE);
        if (kind == AffineTransform.TYPE_IDENTITY) {
            // no rotation: the scaled image is already device pixels, so blit it at a whole device position
            // (a transformed drawImage takes Java2D's slow general path: several ms for an artwork)
            var corner = scale.transform(new Point2D.Double(drawn.x(), drawn.y()), null);
            g.setTransform(new AffineTransform());
            g.drawImage(ready, (int) Math.round(corner.getX()), (int) Math.round(corner.getY()), null);
            g.setTransform(scale);
            return;
        }
        var at = new AffineTransform();
        at.translate(drawn.x(), drawn.y());
        at.scale(drawn.w() / pw, drawn.h() / ph);
        g.drawImage(ready, at, null);
    }

    private record ScaledKey(BufferedImage image, Item.Crop crop, int w, int h, Item.ScaleFilter filter) {}

    /** The cropped image at {@code w × h} device pixels, scaled once (in steps of halves when shrinking a lot). */
    private BufferedImage scaledImage(
            BufferedImage image, Item.Crop crop, int cw, int ch, int w, int h, Item.ScaleFilter filter) {
        var key = new ScaledKey(image, crop, w, h, filter);
        var hit = scaled.get(key);
        if (hit != null) {
            return hit;
        }
        BufferedImage current = image.getSubimage(
                Math.min(crop.left(), image.getWidth() - 1), Math.min(crop.top(), image.getHeight() - 1), cw, ch);
        int curW = cw;
        int curH = ch;
        do {
            int nextW = filter != Item.ScaleFilter.NEAREST && curW / 2 >= w ? curW / 2 : w;
            int nextH = filter != Item.ScaleFilter.NEAREST && curH / 2 >= h ? curH / 2 : h;
            // opaque images in the frame's own layout blit as a copy; others blend from premultiplied ARGB
            var next = new BufferedImage(
                    nextW,
                    nextH,
                    image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_3BYTE_BGR);
            var ig = next.createGraphics();
            ig.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation(filter));
            ig.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            ig.drawImage(current, 0, 0, nextW, nextH, null);
            ig.dispose();
            current = next;
            curW = nextW;
            curH = nextH;
        } while (curW != w || curH != h);
        scaled.put(key, current);
        return current;
    }

    private void drawPlaceholder(Graphics2D g, Rect box, String asset) {
        var r = rect(box);
        g.setColor(new Color(0x55, 0x55, 0x55));
        g.fill(r);
        g.setColor(new Color(0x77, 0x77, 0x77));
        double cell = Math.max(8, Math.min(box.w(), box.h()) / 8);
        var clip = g.getClip();
        g.clip(r);
        for (double y = box.y(); y < box.y() + box.h(); y += cell) {
            for (double x = box.x() + (((int) ((y - box.y()) / cell)) % 2) * cell;
                    x < box.x() + box.w();
                    x += 2 * cell) {
                g.fill(new Rectangle2D.Double(x, y, cell, cell));
            }
        }
        g.setColor(Color.WHITE);
        String label = "missing image " + (asset.length() > 12 ? asset.substring(0, 12) + "…" : asset);
        drawCentered(g, label, fit(label, box.w() * 0.9, Math.max(8, box.h() / 8), true), box);
        g.setClip(clip);
    }

    private void drawPanel(Graphics2D g, Rect box, Source.AuctionPanel panel, LiveState state) {
        plate(g, box);
        double pad = box.h() * 0.08;
        double x = box.x() + pad * 1.5;
        double y = box.y() + pad;
        if (state.auction().isEmpty()) {
            drawCentered(g, "No auction live", font(sized(box.h() * 0.16, true)), box);
            return;
        }
        var a = state.auction().get();
        double w = box.w() - pad * 3;
        String amount = a.currentBid().map(b -> b + " ETH").orElse("no bids yet");
        String by = a.topBidder().map(b -> "by " + b).orElse("be the first");
        String more =
                a.bidCount() + (a.bidCount() == 1 ? " bid" : " bids") + " · next at least " + a.minNextBid() + " ETH";
        g.setColor(new Color(0xcc, 0xcc, 0xcc));
        y = line(g, "CURRENT BID", fit("CURRENT BID", w, box.h() * 0.11, true), x, y);
        g.setColor(awt(panel.accent()));
        y = line(g, amount, fit(amount, w, box.h() * 0.30, true), x, y);
        g.setColor(Color.WHITE);
        y = line(g, by, fit(by, w, box.h() * 0.11, false), x, y + pad * 0.3);
        g.setColor(new Color(0xcc, 0xcc, 0xcc));
        line(g, more, fit(more, w, box.h() * 0.11, false), x, y);
    }

    private void drawCountdown(Graphics2D g, Rect box, Source.Countdown c, LiveState state, Instant now) {
        plate(g, box);
        if (state.auction().isEmpty()) {
            return;
        }
        var a = state.auction().get();
        boolean active = a.status().equals("ACTIVE");
        boolean flashing = a.lastExtendedAt()
                .map(t -> !now.isBefore(t) && Duration.between(t, now).compareTo(EXTENSION_FLASH) < 0)
                .orElse(false);
        if (flashing && (Duration.between(a.lastExtendedAt().get(), now).toMillis() / 250) % 2 == 0) {
            g.setColor(awt(c.warnColor()).darker());
            g.fill(new RoundRectangle2D.Double(box.x(), box.y(), box.w(), box.h(), box.h() * 0.2, box.h() * 0.2));
        }
        long left = Duration.between(now, a.endsAt()).toSeconds();
        boolean warn = active && left < c.warnSeconds();
        String text =
                switch (a.status()) {
                    case "ACTIVE" -> LiveState.timeLeft(a, now);
                    case "PENDING" -> "SOON";
                    case "PAUSED" -> "PAUSED";
                    case "PROCESSING" -> "CLOSING";
                    case "CANCELLED" -> "CANCELLED";
                    default -> "ENDED";
                };
        g.setColor(warn ? awt(c.warnColor()) : awt(c.color()));
        Font f = fit(text, box.w() * 0.86, box.h() * (flashing ? 0.55 : 0.7), true);
        drawCentered(g, text, f, flashing ? new Rect(box.x(), box.y(), box.w(), box.h() * 0.8) : box);
        if (flashing) {
            g.setColor(Color.WHITE);
            drawCentered(
                    g,
                    "EXTENDED",
                    font(sized(box.h() * 0.14, true)),
                    new Rect(box.x(), box.y() + box.h() * 0.68, box.w(), box.h() * 0.3));
        }
    }

    private void drawTicker(Graphics2D g, Rect box, Source.BidTicker t, LiveState state) {
        plate(g, box);
        double rowH = box.h() / (t.count() + 1.3);
        Font head = font(sized(rowH * 0.5, true));
        Font row = font(sized(rowH * 0.5, false));
        double x = box.x() + rowH * 0.4;
        double right = box.x() + box.w() - rowH * 0.4;
        g.setColor(new Color(0xcc, 0xcc, 0xcc));
        double y = line(g, "LATEST BIDS", head, x, box.y() + rowH * 0.3);
        List<LiveState.TickerBid> bids =
                state.auction().map(LiveState.Auction::recentBids).orElse(List.of());
        for (int i = 0; i < Math.min(t.count(), bids.size()); i++) {
            var b = bids.get(i);
            g.setColor(b.accepted() ? Color.WHITE : new Color(0x88, 0x88, 0x88));
            var fm = metrics(row);
            double base = y + rowH * 0.15 + fm.getAscent();
            String amount = b.amount() + " ETH";
            g.setFont(row);
            g.drawString(ellipsized(b.bidder(), fm, right - x - fm.stringWidth(amount) - rowH * 0.4), (float) x, (float)
                    base);
            g.drawString(amount, (float) (right - fm.stringWidth(amount)), (float) base);
            y += rowH;
        }
    }

    private void drawCaption(Graphics2D g, Rect box, Source.HostCaption host, LiveState state) {
        var caption = state.hostCaption().filter(s -> !s.isBlank());
        if (caption.isEmpty()) {
            return;
        }
        plate(g, box);
        Font f = font(host.font());
        var fm = metrics(f);
        double pad = Math.min(box.h() * 0.12, 24);
        var lines = wrap(caption.get(), fm, box.w() - 2 * pad);
        g.setColor(Color.WHITE);
        g.setFont(f);
        double y = box.y() + pad + fm.getAscent();
        for (String l : lines) {
            if (y > box.y() + box.h() - pad / 2) {
                break;
            }
            g.drawString(l, (float) (box.x() + pad), (float) y);
            y += fm.getHeight();
        }
    }

    // --- text

    private double[] textSize(String s, Font font) {
        var fm = metrics(font);
        var lines = s.split("\n", -1);
        double w = 0;
        for (String l : lines) {
            w = Math.max(w, fm.getStringBounds(l, null).getWidth());
        }
        return new double[] {Math.max(1, w), Math.max(1, fm.getHeight() * lines.length)};
    }

    private void drawText(
            Graphics2D g, String s, Font font, Rect drawn, double[] natural, Color color, Optional<Color> shadow) {
        var fm = metrics(font);
        var saved = g.getTransform();
        g.translate(drawn.x(), drawn.y());
        g.scale(drawn.w() / natural[0], drawn.h() / natural[1]);
        g.setFont(font);
        var lines = s.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            float base = (float) (i * fm.getHeight() + fm.getAscent());
            if (shadow.isPresent()) {
                g.setColor(shadow.get());
                float off = Math.max(1, font.getSize() / 18f);
                g.drawString(lines[i], off, base + off);
            }
            g.setColor(color);
            g.drawString(lines[i], 0, base);
        }
        g.setTransform(saved);
    }

    /** Draws one line at {@code y} (its top); returns the top of the next line. */
    private double line(Graphics2D g, String s, Font f, double x, double y) {
        var fm = metrics(f);
        g.setFont(f);
        g.drawString(s, (float) x, (float) (y + fm.getAscent()));
        return y + fm.getHeight();
    }

    private void drawCentered(Graphics2D g, String s, Font f, Rect box) {
        var fm = metrics(f);
        g.setFont(f);
        double w = fm.getStringBounds(s, null).getWidth();
        double baseline = box.cy() + (fm.getAscent() - fm.getDescent()) / 2.0;
        g.drawString(s, (float) (box.cx() - w / 2), (float) baseline);
    }

    /** {@code s}, cut with an ellipsis to fit {@code width}. */
    private static String ellipsized(String s, FontMetrics fm, double width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        for (int n = s.length() - 1; n > 0; n--) {
            String cut = s.substring(0, n) + "…";
            if (fm.stringWidth(cut) <= width) {
                return cut;
            }
        }
        return "…";
    }

    private static List<String> wrap(String text, FontMetrics fm, double width) {
        var out = new ArrayList<String>();
        var line = new StringBuilder();
        for (String word : text.split("\\s+")) {
            String next = line.isEmpty() ? word : line + " " + word;
            if (fm.stringWidth(next) > width && !line.isEmpty()) {
                out.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(next);
            }
        }
        if (!line.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }

    /** The largest font (up to {@code maxH} tall) in which {@code s} fits {@code maxW}. */
    private Font fit(String s, double maxW, double maxH, boolean bold) {
        Font f = font(sized(maxH, bold));
        double w = metrics(f).getStringBounds(s, null).getWidth();
        if (w > maxW) {
            f = font(sized(maxH * maxW / w, bold));
        }
        return f;
    }

    private static Source.Font sized(double px, boolean bold) {
        return new Source.Font("SansSerif", (int) Math.max(6, Math.round(px)), bold);
    }

    private Font font(Source.Font f) {
        return fonts.computeIfAbsent(f, k -> new Font(k.family(), k.bold() ? Font.BOLD : Font.PLAIN, k.size()));
    }

    private FontMetrics metrics(Font f) {
        return metrics.computeIfAbsent(f, k -> {
            var g = measuring.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            var fm = g.getFontMetrics(k);
            g.dispose();
            return fm;
        });
    }

    // --- shapes

    /** The dark rounded plate widgets sit on. */
    private static void plate(Graphics2D g, Rect box) {
        g.setColor(new Color(0, 0, 0, 0xb0));
        double r = Math.min(box.h(), box.w()) * 0.12;
        g.fill(new RoundRectangle2D.Double(box.x(), box.y(), box.w(), box.h(), r, r));
        g.setColor(new Color(255, 255, 255, 0x30));
        g.setStroke(new BasicStroke(1.5f));
        g.draw(new RoundRectangle2D.Double(box.x(), box.y(), box.w(), box.h(), r, r));
    }

    private static Shape rect(Rect r) {
        return new Rectangle2D.Double(r.x(), r.y(), r.w(), r.h());
    }

    private static Color awt(dev.gavel.stream.scene.Color c) {
        return new Color(c.argb(), true);
    }

    private static Object interpolation(Item.ScaleFilter f) {
        return switch (f) {
            case NEAREST -> RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR;
            case BICUBIC -> RenderingHints.VALUE_INTERPOLATION_BICUBIC;
            case BILINEAR -> RenderingHints.VALUE_INTERPOLATION_BILINEAR;
        };
    }
}
