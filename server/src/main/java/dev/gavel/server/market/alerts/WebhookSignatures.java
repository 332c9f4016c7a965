package dev.gavel.server.market.alerts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs alert webhooks so a receiver can tell them from forgeries and replays. Each user has a signing secret of
 * their own, derived from Gavel's key (so nothing is stored, and one user's secret tells nothing of another's);
 * {@code GET /api/alerts/webhook-secret} shows it to them.
 *
 * <p>Every webhook carries {@code X-Gavel-Timestamp} (Unix seconds) and {@code X-Gavel-Signature: sha256=<hex>},
 * the HMAC-SHA256, keyed with the secret's text as UTF-8, of {@code "<timestamp>.<body>"}. A receiver recomputes
 * it over the raw body, compares in constant time, and refuses timestamps more than a few minutes old ({@link
 * #verify} does all three). Thread-safe.
 */
public final class WebhookSignatures {
    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] key;

    /** {@code key}: 32 bytes for this purpose alone, such as {@code Keys.derive(secret, "alert-webhook-v1")}. */
    public WebhookSignatures(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a webhook signing key needs at least 32 bytes");
        }
        this.key = key.clone();
    }

    /** The user's signing secret: 64 hex digits. */
    public String secretFor(UUID owner) {
        return HEX.formatHex(hmac(key, "alert-webhook-secret:" + owner));
    }

    /** The {@code X-Gavel-Signature} value for {@code body} sent at {@code timestamp} (Unix seconds). */
    public String sign(UUID owner, long timestamp, String body) {
        return signature(secretFor(owner), timestamp, body);
    }

    static String signature(String secret, long timestamp, String body) {
        return "sha256=" + HEX.formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), timestamp + "." + body));
    }

    /**
     * What a receiver does with the secret, the two headers and the raw body: true when the signature matches and
     * the timestamp is within {@code toleranceSeconds} of {@code nowSeconds}.
     */
    public static boolean verify(
            String secret,
            String timestampHeader,
            String body,
            String signatureHeader,
            long nowSeconds,
            long toleranceSeconds) {
        if (timestampHeader == null || signatureHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
            return false;
        }
        return MessageDigest.isEqual(
                signature(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
                signatureHeader.strip().getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JVM", e);
        }
    }
}
