package dev.gavel.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Objects;
import org.web3j.crypto.Sign;

/**
 * {@code personal_sign} signatures (EIP-191 version {@code 0x45}): the wallet signs keccak256 of
 * {@code "\x19Ethereum Signed Message:\n"}, the message's length in bytes (UTF-8) in decimal, and the message. The
 * signature is 65 bytes, {@code r ‖ s ‖ v}, sent as {@code 0x} and 130 hex digits; {@code v} is 27 or 28 (most
 * wallets) or 0 or 1 (some hardware wallets and libraries).
 *
 * <p>A high {@code s} (the other of the two equivalent signatures) is accepted, as {@code ecrecover} does: both name
 * the same signer, and replay is prevented by the single-use nonce, not by the signature's bytes. Thread-safe
 * (stateless).
 */
public final class Eip191 {
    /** Bytes in a signature: r (32), s (32), v (1). */
    public static final int SIGNATURE_BYTES = 65;

    private static final BigInteger CURVE_ORDER = Sign.CURVE_PARAMS.getN();

    private Eip191() {}

    /** The 32-byte digest a wallet signs for {@code message}. */
    public static byte[] hash(String message) {
        return Sign.getEthereumMessageHash(message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Recovers who signed {@code message} with {@code signature}. Never throws for a bad signature: any text gets
     * an answer.
     */
    public static SignatureCheck recover(String message, String signature) {
        Objects.requireNonNull(message, "message");
        if (signature == null || signature.isEmpty()) {
            return new SignatureCheck.Malformed("no signature given");
        }
        if (!signature.startsWith("0x")) {
            return new SignatureCheck.Malformed("a signature starts with 0x");
        }
        for (int i = 2; i < signature.length(); i++) {
            if (!SiweSyntax.isHex(signature.charAt(i))) {
                return new SignatureCheck.Malformed(
                        SiweSyntax.describe(signature.charAt(i)) + " at position " + (i + 1) + " is not a hex digit");
            }
        }
        int digits = signature.length() - 2;
        if (digits % 2 != 0) {
            return new SignatureCheck.Malformed(
                    "an odd number of hex digits (" + digits + "): every byte is two digits");
        }
        if (digits != 2 * SIGNATURE_BYTES) {
            return new SignatureCheck.Malformed(
                    "a signature is 65 bytes (130 hex digits), this one is " + digits / 2 + " bytes");
        }
        byte[] bytes = decode(signature);
        int v = bytes[64] & 0xff;
        int recoveryId =
                switch (v) {
                    case 27, 28 -> v - 27;
                    case 0, 1 -> v;
                    default -> -1;
                };
        if (recoveryId < 0) {
            return new SignatureCheck.Malformed("v (the last byte) must be 27 or 28, or 0 or 1; this one is " + v);
        }
        byte[] r = Arrays.copyOfRange(bytes, 0, 32);
        byte[] s = Arrays.copyOfRange(bytes, 32, 64);
        if (!inCurveOrder(r)) {
            return new SignatureCheck.Malformed("r (the first 32 bytes) is zero or not below the curve order");
        }
        if (!inCurveOrder(s)) {
            return new SignatureCheck.Malformed("s (bytes 33 to 64) is zero or not below the curve order");
        }
        try {
            BigInteger publicKey = Sign.signedPrefixedMessageToKey(
                    message.getBytes(StandardCharsets.UTF_8), new Sign.SignatureData((byte) (27 + recoveryId), r, s));
            return new SignatureCheck.Recovered(Wallets.fromPublicKey(publicKey));
        } catch (SignatureException | IllegalArgumentException e) {
            // r is not the x of a curve point (IllegalArgumentException from point decoding), or no key fits
            return new SignatureCheck.Malformed("no public key can be recovered from this signature");
        }
    }

    private static boolean inCurveOrder(byte[] unsigned) {
        var value = new BigInteger(1, unsigned);
        return value.signum() > 0 && value.compareTo(CURVE_ORDER) < 0;
    }

    private static byte[] decode(String hex) {
        byte[] out = new byte[(hex.length() - 2) / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte)
                    ((Character.digit(hex.charAt(2 + 2 * i), 16) << 4) | Character.digit(hex.charAt(3 + 2 * i), 16));
        }
        return out;
    }
}
