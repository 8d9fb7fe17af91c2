package io.peerhub.protocol.peer;

/** A peer message that is not valid JSON, has an unknown type or bad fields; the receiver drops it. */
public class PeerProtocolException extends RuntimeException {

    public PeerProtocolException(String message) {
        super(message);
    }
}
