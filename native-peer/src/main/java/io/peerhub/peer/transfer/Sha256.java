package io.peerhub.peer.transfer;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The files' hash on both sides: SHA-256, which every JVM has (its absence is a broken JVM, not an error). */
public final class Sha256 {

    private Sha256() {}

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
