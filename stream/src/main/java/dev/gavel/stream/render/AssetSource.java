package dev.gavel.stream.render;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * Where the compositor gets decoded images by asset id (the server's asset store). Empty for an asset that
 * does not exist (never uploaded, or deleted): the compositor draws a placeholder. Must be thread-safe and
 * quick (decode once, cache).
 */
@FunctionalInterface
public interface AssetSource {
    Optional<BufferedImage> image(String assetId);

    AssetSource NONE = id -> Optional.empty();
}
