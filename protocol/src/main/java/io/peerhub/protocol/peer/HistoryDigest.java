package io.peerhub.protocol.peer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The digest of one day of history in a {@link HistoryRequest}: the first 128 bits of SHA-256 over
 * the day's entries in history order, each as {@code lp(device id) lp(message id)} (2-byte
 * big-endian length, UTF-8), base64url. Two peers with the same entries get the same digest
 * whatever order they received them in.
 */
public final class HistoryDigest {

    public static final String EMPTY = of(List.of());
    static final int LENGTH = 22;

    private HistoryDigest() {}

    /** {@code entries} in {@link ChatEntry#ORDER}. */
    public static String of(List<ChatEntry> entries) {
        return ofIds(entries.stream().map(e -> new String[] {e.device(), e.id()}).toList());
    }

    /** The same from (device id, message id) pairs, in history order. */
    public static String ofIds(List<String[]> ids) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        for (String[] pair : ids) {
            for (String field : pair) {
                byte[] b = field.getBytes(StandardCharsets.UTF_8);
                sha.update((byte) (b.length >>> 8));
                sha.update((byte) b.length);
                sha.update(b);
            }
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha.digest(), 16));
    }
}
