package io.peerhub.server.policy;

/** A policy file the server will not start with; the message names the file, the line and the problem. */
public final class PolicyFileException extends RuntimeException {

    public PolicyFileException(String message) {
        super(message);
    }
}
