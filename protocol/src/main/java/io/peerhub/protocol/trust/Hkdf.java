package io.peerhub.protocol.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869). Java 17 has HMAC but no HKDF; browsers have HKDF in WebCrypto. It is
 * two HMAC loops, checked against the RFC's own test vectors, so no library is pulled in for it.
 */
public final class Hkdf {

    private static final int HASH_BYTES = 32;

    private Hkdf() {}

    public static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length <= 0 || length > 255 * HASH_BYTES) {
            throw new IllegalArgumentException("HKDF length out of range: " + length);
        }
        byte[] prk = hmac(salt.length == 0 ? new byte[HASH_BYTES] : salt, ikm);
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int at = 0;
        for (int i = 1; at < length; i++) {
            byte[] input = new byte[block.length + info.length + 1];
            System.arraycopy(block, 0, input, 0, block.length);
            System.arraycopy(info, 0, input, block.length, info.length);
            input[input.length - 1] = (byte) i;
            block = hmac(prk, input);
            int n = Math.min(block.length, length - at);
            System.arraycopy(block, 0, out, at, n);
            at += n;
        }
        return out;
    }

    public static byte[] derive(byte[] ikm, String salt, String info, int length) {
        return derive(ikm, salt.getBytes(StandardCharsets.UTF_8), info.getBytes(StandardCharsets.UTF_8), length);
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
