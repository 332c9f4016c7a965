package dev.gavel.server.auth;

import dev.gavel.core.Secret;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Keys derived from {@code GAVEL_SECRET_KEY} with HKDF-SHA256, one per purpose, so the token signing key
 * and (later) the encryption-at-rest key are never the same bytes.
 */
public final class Keys {
    private Keys() {}

    public static byte[] derive(Secret secret, String purpose) {
        var hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(
                secret.reveal().getBytes(StandardCharsets.UTF_8),
                "gavel".getBytes(StandardCharsets.UTF_8),
                purpose.getBytes(StandardCharsets.UTF_8)));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }
}
