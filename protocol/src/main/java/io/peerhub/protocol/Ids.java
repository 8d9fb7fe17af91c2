package io.peerhub.protocol;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Identifier formats and generation. Every id the server makes is random bits from
 * {@link SecureRandom}, base64url without padding: a resume token reclaims a peer, so it may not
 * be guessable. Room ids are not made here: they are derived from a room key
 * ({@link io.peerhub.protocol.trust.RoomKey}), which only the people in the room hold.
 */
public final class Ids {

    public static final int PEER_ID_BYTES = 16;
    /** 256 bits: the token is a bearer secret that reclaims a peer id. */
    public static final int RESUME_TOKEN_BYTES = 32;

    /** A room id is the first 128 bits of a hash, base64url: exactly 22 characters, never a name. */
    public static final int ROOM_ID_LENGTH = 22;
    /** A join's admission proof: 256 bits, base64url (docs/protocol.md "The room key"). */
    public static final int PROOF_LENGTH = 43;
    public static final int PEER_ID_LENGTH = 22;
    public static final int RESUME_TOKEN_LENGTH = 43;

    private static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9_-]{" + ROOM_ID_LENGTH + "}");
    private static final Pattern PEER_ID = Pattern.compile("[A-Za-z0-9_-]{" + PEER_ID_LENGTH + "}");
    private static final Pattern RESUME_TOKEN = Pattern.compile("[A-Za-z0-9_-]{" + RESUME_TOKEN_LENGTH + "}");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    public static String newPeerId() {
        return random(PEER_ID_BYTES);
    }

    public static String newResumeToken() {
        return random(RESUME_TOKEN_BYTES);
    }

    /** 22 characters of {@code A-Z a-z 0-9 _ -}, the shape of a derived room id. */
    public static boolean isRoomId(String s) {
        return s != null && ROOM_ID.matcher(s).matches();
    }

    public static boolean isPeerId(String s) {
        return s != null && PEER_ID.matcher(s).matches();
    }

    public static boolean isResumeToken(String s) {
        return s != null && RESUME_TOKEN.matcher(s).matches();
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return BASE64URL.encodeToString(b);
    }
}
