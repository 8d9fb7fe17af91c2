package io.peerhub.protocol.peer;

/** A manifest that breaks a rule: the offer is refused with {@code bad-manifest}. */
public class InvalidManifestException extends RuntimeException {

    public InvalidManifestException(String message) {
        super(message);
    }
}
