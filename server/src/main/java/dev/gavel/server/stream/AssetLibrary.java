package dev.gavel.server.stream;

import dev.gavel.store.stream.StreamStore;
import dev.gavel.stream.render.AssetSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploaded images (PNG, JPEG, WebP, GIF): checked (the format by its leading bytes, the size, the dimensions
 * before decoding, then a full decode), stored under {@code GAVEL_HOME/assets/<sha256>.<ext>} with a row in
 * PostgreSQL, and handed to the compositor decoded (a cache bounded by pixels). A deleted asset is gone for
 * the compositor at once: scenes that use it draw a placeholder. Thread-safe.
 */
public final class AssetLibrary implements AssetSource {
    private static final Logger LOG = LoggerFactory.getLogger(AssetLibrary.class);
    public static final long MAX_BYTES = 10L * 1024 * 1024;
    public static final int MAX_SIDE = 8192;
    public static final long MAX_PIXELS = 40_000_000L;
    private static final long CACHE_PIXELS = 64_000_000L;
    /** Decoded images are kept at most this large a side: enough for a full 1080p or 1440p frame. */
    static final int DECODED_SIDE = 2560;
    /** An asset found missing is not looked up again (a database query) for this long. */
    private static final long MISS_NANOS = 5_000_000_000L;

    /** What an upload came to. */
    public sealed interface Upload {
        record Stored(StreamStore.Asset asset, boolean fresh) implements Upload {}

        record Refused(int status, String code, String reason) implements Upload {}
    }

    private final StreamStore store;
    private final Path dir;
    private final Clock clock;
    private final Map<String, BufferedImage> decoded = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Long> misses = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<String> deleted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long cachedPixels;

    public AssetLibrary(StreamStore store, Path dir, Clock clock) throws IOException {
        this.store = store;
        this.dir = dir;
        this.clock = clock;
        Files.createDirectories(dir);
        ImageIO.scanForPlugins(); // WebP comes from a plugin on the classpath
        ImageIO.setUseCache(false);
    }

    /** Checks and stores an upload; the same bytes again are the same asset. */
    public Upload store(byte[] bytes, Optional<String> name) {
        if (bytes.length == 0) {
            return new Upload.Refused(400, "empty_file", "the file is empty");
        }
        if (bytes.length > MAX_BYTES) {
            return new Upload.Refused(
                    413,
                    "file_too_large",
                    "the file has " + bytes.length + " bytes; at most " + MAX_BYTES + " are taken");
        }
        var type = typeOf(bytes);
        if (type.isEmpty()) {
            return new Upload.Refused(
                    400, "unsupported_format", "not a PNG, JPEG, WebP or GIF image (judged by the file's first bytes)");
        }
        int width;
        int height;
        BufferedImage image;
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return new Upload.Refused(
                        415,
                        "unsupported_format",
                        "no decoder for this " + type.get().mime() + " file");
            }
            var reader = readers.next();
            try {
                reader.setInput(in, true, true);
                width = reader.getWidth(0);
                height = reader.getHeight(0);
                if (width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
                    return new Upload.Refused(
                            400,
                            "image_too_large",
                            "the image is " + width + "x" + height + "; at most " + MAX_SIDE + " px a side and "
                                    + MAX_PIXELS / 1_000_000 + " megapixels are taken");
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return new Upload.Refused(
                    400,
                    "unreadable_image",
                    "the " + type.get().mime() + " image cannot be decoded: " + e.getMessage());
        }
        String id = sha256(bytes);
        Path file = dir.resolve(id + "." + type.get().ext());
        try {
            if (!Files.exists(file)) {
                Path tmp = Files.createTempFile(dir, "upload", ".part");
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.error("could not store asset {}", id, e);
            return new Upload.Refused(500, "storage_failed", "the file could not be stored");
        }
        var asset = new StreamStore.Asset(
                id, type.get().mime(), width, height, bytes.length, name, clock.instant(), Optional.empty());
        boolean fresh = store.putAsset(asset);
        deleted.remove(id);
        misses.remove(id);
        remember(id, fitted(image));
        return new Upload.Stored(store.asset(id).orElse(asset), fresh);
    }

    /** Whether an asset was uploaded and not deleted. */
    public boolean exists(String id) {
        return store.asset(id).filter(a -> a.deletedAt().isEmpty()).isPresent();
    }

    /** The stored file of an asset that was not deleted. */
    public Optional<Path> file(String id) {
        return store.asset(id)
                .filter(a -> a.deletedAt().isEmpty())
                .map(a ->
                        dir.resolve(a.id() + "." + Type.ofMime(a.contentType()).ext()))
                .filter(Files::exists);
    }

    /** Deletes an asset: its row is marked, its file removed, and the compositor draws a placeholder for it. */
    public boolean delete(String id) {
        var a = store.asset(id);
        if (a.isEmpty() || !store.deleteAsset(id, clock.instant())) {
            return false;
        }
        deleted.add(id); // a decode in flight must not put it back
        synchronized (decoded) {
            var img = decoded.remove(id);
            if (img != null) {
                cachedPixels -= (long) img.getWidth() * img.getHeight();
            }
        }
        try {
            Files.deleteIfExists(
                    dir.resolve(id + "." + Type.ofMime(a.get().contentType()).ext()));
        } catch (IOException e) {
            LOG.warn("asset {}: its file could not be removed: {}", id, e.getMessage());
        }
        return true;
    }

    /**
     * The decoded image, from the cache or the file. Called from the render thread: a miss is remembered for a
     * few seconds so a scene with a deleted asset does not query the database every frame.
     */
    @Override
    public Optional<BufferedImage> image(String id) {
        synchronized (decoded) {
            var hit = decoded.get(id);
            if (hit != null) {
                return Optional.of(hit);
            }
        }
        if (!id.matches("[0-9a-f]{64}") || deleted.contains(id)) {
            return Optional.empty();
        }
        Long missedAt = misses.get(id);
        if (missedAt != null && System.nanoTime() - missedAt < MISS_NANOS) {
            return Optional.empty();
        }
        var path = file(id);
        if (path.isEmpty()) {
            misses.put(id, System.nanoTime());
            return Optional.empty();
        }
        try {
            var img = ImageIO.read(path.get().toFile());
            if (img == null) {
                misses.put(id, System.nanoTime());
                return Optional.empty();
            }
            var fitted = fitted(img);
            remember(id, fitted);
            return Optional.of(fitted);
        } catch (IOException e) {
            misses.put(id, System.nanoTime());
            LOG.warn("asset {} could not be decoded: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    /** The image no larger than {@link #DECODED_SIDE} a side (an 8192 px upload need not be kept whole). */
    static BufferedImage fitted(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (w <= DECODED_SIDE && h <= DECODED_SIDE) {
            return img;
        }
        double s = Math.min(DECODED_SIDE / (double) w, DECODED_SIDE / (double) h);
        int nw = Math.max(1, (int) Math.round(w * s));
        int nh = Math.max(1, (int) Math.round(h * s));
        var out = new BufferedImage(
                nw, nh, img.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(
                java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(java.awt.RenderingHints.KEY_RENDERING, java.awt.RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, nw, nh, null);
        g.dispose();
        return out;
    }

    private void remember(String id, BufferedImage img) {
        synchronized (decoded) {
            if (deleted.contains(id)) {
                return;
            }
            if (decoded.put(id, img) == null) {
                cachedPixels += (long) img.getWidth() * img.getHeight();
            }
            var it = decoded.entrySet().iterator();
            while (cachedPixels > CACHE_PIXELS && it.hasNext()) {
                var e = it.next();
                if (e.getKey().equals(id)) {
                    continue;
                }
                cachedPixels -= (long) e.getValue().getWidth() * e.getValue().getHeight();
                it.remove();
            }
        }
    }

    /** The formats taken, by their leading bytes. */
    enum Type {
        PNG("image/png", "png"),
        JPEG("image/jpeg", "jpg"),
        WEBP("image/webp", "webp"),
        GIF("image/gif", "gif");

        private final String mime;
        private final String ext;

        Type(String mime, String ext) {
            this.mime = mime;
            this.ext = ext;
        }

        String mime() {
            return mime;
        }

        String ext() {
            return ext;
        }

        static Type ofMime(String mime) {
            for (Type t : values()) {
                if (t.mime.equals(mime)) {
                    return t;
                }
            }
            throw new IllegalArgumentException(mime);
        }
    }

    static Optional<Type> typeOf(byte[] b) {
        if (starts(b, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
            return Optional.of(Type.PNG);
        }
        if (starts(b, 0xff, 0xd8, 0xff)) {
            return Optional.of(Type.JPEG);
        }
        if (starts(b, 'G', 'I', 'F', '8') && b.length > 5 && (b[4] == '7' || b[4] == '9') && b[5] == 'a') {
            return Optional.of(Type.GIF);
        }
        if (starts(b, 'R', 'I', 'F', 'F')
                && b.length >= 12
                && b[8] == 'W'
                && b[9] == 'E'
                && b[10] == 'B'
                && b[11] == 'P') {
            return Optional.of(Type.WEBP);
        }
        return Optional.empty();
    }

    private static boolean starts(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
