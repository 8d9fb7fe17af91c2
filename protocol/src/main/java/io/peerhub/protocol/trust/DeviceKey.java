package io.peerhub.protocol.trust;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * A device's identity: an Ed25519 key pair (browsers keep theirs non-extractable in IndexedDB,
 * the Java peer in its {@code --identity} file). On the wire the public key is its 32 raw bytes,
 * base64url; the <b>device id</b> people compare and configure ({@code --accept-from}, "Trust this
 * device") is the first 128 bits of its SHA-256, base64url (22 characters).
 */
public final class DeviceKey {

    public static final int PUBLIC_KEY_BYTES = 32;
    public static final int PUBLIC_KEY_LENGTH = 43;
    public static final int SIGNATURE_BYTES = 64;
    public static final int SIGNATURE_LENGTH = 86;
    public static final int DEVICE_ID_BYTES = 16;

    /** The DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519; the raw key follows it. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private DeviceKey() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    public static byte[] raw(PublicKey key) {
        byte[] der = key.getEncoded();
        return Arrays.copyOfRange(der, der.length - PUBLIC_KEY_BYTES, der.length);
    }

    public static PublicKey fromRaw(byte[] raw) {
        if (raw.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(HelloBinding.concat(X509_PREFIX, raw)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with this device key", e);
        }
    }

    /** False for a bad key, a bad signature or a signature over other data; never throws. */
    public static boolean verify(byte[] rawPublicKey, byte[] data, byte[] signature) {
        if (rawPublicKey == null || rawPublicKey.length != PUBLIC_KEY_BYTES
                || signature == null || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(fromRaw(rawPublicKey));
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String deviceId(byte[] rawPublicKey) {
        return B64.encodeToString(Arrays.copyOf(RoomKey.sha256(rawPublicKey), DEVICE_ID_BYTES));
    }
}
