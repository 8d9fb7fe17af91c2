package io.peerhub.protocol.trust;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What a {@code hello} proves and signs: this room, from this peer to that one, over this very
 * connection (both DTLS fingerprints, as each side reads them from its local and remote SDP),
 * with this device key. A signaling server that terminates each side's connection itself (a man
 * in the middle) hands each side its own fingerprint, so a proof made on one leg never checks on
 * the other; a proof cannot be reflected back either, because sender and receiver are in order.
 *
 * <p>Layout: the ASCII tag {@code peerhub-hello-v2}, a zero byte, then six fields each as a
 * 2-byte big-endian length and its bytes: room id, sender peer id, receiver peer id, sender
 * fingerprint, receiver fingerprint (UTF-8), sender device key (32 raw bytes).
 */
public final class HelloBinding {

    static final String TAG = "peerhub-hello-v2";

    private HelloBinding() {}

    public static byte[] bytes(String roomId, String fromPeer, String toPeer,
                               String fromFingerprint, String toFingerprint, byte[] fromDeviceKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RoomKey.utf8(TAG));
        out.write(0);
        for (byte[] field : new byte[][] {RoomKey.utf8(roomId), RoomKey.utf8(fromPeer), RoomKey.utf8(toPeer),
                RoomKey.utf8(fromFingerprint), RoomKey.utf8(toFingerprint), fromDeviceKey}) {
            if (field.length > 0xFFFF) {
                throw new IllegalArgumentException("binding field too long");
            }
            out.write(field.length >>> 8);
            out.write(field.length & 0xFF);
            out.writeBytes(field);
        }
        return out.toByteArray();
    }

    /** The hello's {@code proof}: HMAC-SHA256 of the binding under the room's verification key. */
    public static byte[] proof(byte[] verifyKey, byte[] binding) {
        return Hkdf.hmac(verifyKey, binding);
    }

    /** Compares in constant time: a proof is a secret-dependent value. */
    public static boolean proofMatches(byte[] verifyKey, byte[] binding, byte[] proof) {
        return java.security.MessageDigest.isEqual(proof(verifyKey, binding), proof);
    }

    /**
     * The DTLS fingerprint(s) an SDP announces, normalised so both implementations agree: each
     * {@code a=fingerprint:} value as lower-case algorithm, one space, upper-case hex; distinct
     * values sorted and joined with commas. Null when the SDP has none.
     */
    public static String fingerprint(String sdp) {
        if (sdp == null) {
            return null;
        }
        TreeSet<String> found = new TreeSet<>();
        for (String line : sdp.split("\r?\n")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("a=fingerprint:")) {
                continue;
            }
            String[] parts = trimmed.substring("a=fingerprint:".length()).strip().split("\\s+");
            if (parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
                found.add(parts[0].toLowerCase(Locale.ROOT) + " " + parts[1].toUpperCase(Locale.ROOT));
            }
        }
        return found.isEmpty() ? null : String.join(",", found);
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
