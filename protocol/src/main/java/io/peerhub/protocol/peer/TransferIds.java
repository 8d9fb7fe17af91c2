package io.peerhub.protocol.peer;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Transfer ids and device ids: 22 characters base64url, 128 random bits. A transfer id is also a
 * bearer secret: only the receiver learns it, so only it can resume the transfer.
 */
public final class TransferIds {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TransferIds() {}

    public static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static boolean isValid(String s) {
        return s != null && FORMAT.matcher(s).matches();
    }

    static String check(String id, String field) {
        if (!isValid(id)) {
            throw new PeerProtocolException(field + " must be 22 characters of base64url");
        }
        return id;
    }
}
