package dev.gavel.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * The demo's artworks: an abstract picture drawn from the artwork's name (the same name, the same picture),
 * as a PNG to upload as an asset, so the demo stream shows art rather than a placeholder.
 */
public final class DemoArt {
    private DemoArt() {}

    public static byte[] png(String name, int size) {
        var random = new Random(name.hashCode());
        var img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        float hue = random.nextFloat();
        g.setPaint(new GradientPaint(
                0,
                0,
                Color.getHSBColor(hue, 0.7f, 0.35f),
                size,
                size,
                Color.getHSBColor((hue + 0.35f) % 1, 0.8f, 0.9f)));
        g.fillRect(0, 0, size, size);
        for (int i = 0; i < 14; i++) {
            float h = (hue + random.nextFloat() * 0.5f) % 1;
            g.setColor(
                    new Color(Color.HSBtoRGB(h, 0.6f + random.nextFloat() * 0.4f, 0.9f) & 0xffffff | 0x80000000, true));
            double r = size * (0.05 + random.nextDouble() * 0.25);
            double x = random.nextDouble() * size;
            double y = random.nextDouble() * size;
            if (random.nextBoolean()) {
                g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            } else {
                g.setStroke(new BasicStroke((float) (size * 0.012)));
                g.draw(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            }
        }
        g.setColor(new Color(255, 255, 255, 230));
        g.setFont(new Font("SansSerif", Font.BOLD, size / 16));
        g.drawString(name, size / 20, size - size / 20);
        g.dispose();
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
