package dev.gavel.market.auth;

import dev.gavel.core.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts credentials at rest with AES-256-GCM under a key derived from {@code GAVEL_SECRET_KEY}. A
 * sealed value is {@code version(1) ‖ nonce(12) ‖ ciphertext+tag}; the credential's id fields go in as
 * associated data, so a ciphertext copied onto another row does not open. Thread-safe.
 */
public final class CredentialCipher {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private CredentialCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A cipher keyed by SHA-256 of "gavel-credentials:" + the secret key, so other uses of it stay apart. */
    public static CredentialCipher fromSecretKey(Secret secretKey) {
        if (secretKey.isEmpty()) {
            throw new IllegalArgumentException("the secret key is empty");
        }
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update("gavel-credentials:".getBytes(StandardCharsets.UTF_8));
            return new CredentialCipher(digest.digest(secretKey.reveal().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Seals {@code secret}, bound to {@code context} (e.g. "m26/acct-1/SESSION_TICKET"). */
    public byte[] seal(Secret secret, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.reveal().getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
                    .put(VERSION)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * Opens a sealed value; fails with {@link IllegalArgumentException} when it was sealed under another
     * key or context, or was altered.
     */
    public Secret open(byte[] sealed, String context) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalArgumentException("not a sealed credential");
        }
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
            return Secret.of(new String(plain, StandardCharsets.UTF_8));
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException(
                    "the credential does not open with this key (was GAVEL_SECRET_KEY changed?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }
}
