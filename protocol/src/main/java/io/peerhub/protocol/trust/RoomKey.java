package io.peerhub.protocol.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A room's key: 128 random bits in the link's fragment ({@code /r/<room id>#<key>}), which
 * browsers never send to a server. Everything else is derived from it with HKDF-SHA256:
 *
 * <ul>
 *   <li>the <b>admission proof</b>, sent in {@code join}: it lets a node check a join without
 *       any stored state, because the <b>room id</b> is a hash of it. A room id alone (in a log,
 *       a {@code Referer}) admits nobody: the proof is its preimage;
 *   <li>the <b>verification key</b>, which never leaves the peers: with it each side proves to
 *       the other, bound to the connection's DTLS fingerprints, that it holds the key. The server
 *       learns the admission proof, so the two must be separate derivations.
 * </ul>
 */
public final class RoomKey {

    public static final int KEY_BYTES = 16;
    public static final int KEY_LENGTH = 22;
    public static final int PROOF_BYTES = 32;
    public static final int PROOF_LENGTH = io.peerhub.protocol.Ids.PROOF_LENGTH;
    public static final int ROOM_ID_BYTES = 16;
    public static final int VERIFY_KEY_BYTES = 32;

    static final String SALT = "peerhub-room-v2";
    static final String ADMISSION_INFO = "admission";
    static final String VERIFY_INFO = "peer verification";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{" + KEY_LENGTH + "}");
    private static final Pattern PROOF = Pattern.compile("[A-Za-z0-9_-]{" + PROOF_LENGTH + "}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private RoomKey(byte[] key) {
        this.key = key;
    }

    public static RoomKey generate() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return new RoomKey(key);
    }

    /** The fragment of a room link; null when it is not a key (wrong length or alphabet). */
    public static RoomKey parse(String text) {
        if (text == null || !KEY.matcher(text).matches()) {
            return null;
        }
        byte[] bytes = Base64.getUrlDecoder().decode(text);
        // 22 base64url characters carry 132 bits: the last 4 must be zero in a canonical key.
        return B64.encodeToString(bytes).equals(text) ? new RoomKey(bytes) : null;
    }

    /** The room's whole link under {@code baseUrl}: {@code /r/<room id>#<key>}, the key in the fragment. */
    public String link(String baseUrl) {
        return baseUrl + "/r/" + roomId() + "#" + encoded();
    }

    /** Never the key: a room key must not reach a log by accident. */
    @Override
    public String toString() {
        return "RoomKey[" + roomId() + "]";
    }

    public String encoded() {
        return B64.encodeToString(key);
    }

    /** The proof a {@code join} carries (base64url, 43 characters). */
    public String admissionProof() {
        return B64.encodeToString(admission());
    }

    public String roomId() {
        return roomIdOf(admission());
    }

    /** The peers' secret for hello proofs; never sent anywhere. */
    public byte[] verifyKey() {
        return Hkdf.derive(key, SALT, VERIFY_INFO, VERIFY_KEY_BYTES);
    }

    private byte[] admission() {
        return Hkdf.derive(key, SALT, ADMISSION_INFO, PROOF_BYTES);
    }

    /**
     * The room a proof admits to, or null for text that is not a proof. A node checks a join by
     * comparing this with {@code join.room}: one hash, no state, the same on every node.
     */
    public static String roomIdForProof(String proof) {
        if (proof == null || !PROOF.matcher(proof).matches()) {
            return null;
        }
        byte[] bytes = Base64.getUrlDecoder().decode(proof);
        if (!B64.encodeToString(bytes).equals(proof)) {
            return null;
        }
        return roomIdOf(bytes);
    }

    private static String roomIdOf(byte[] admission) {
        return B64.encodeToString(Arrays.copyOf(sha256(admission), ROOM_ID_BYTES));
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
