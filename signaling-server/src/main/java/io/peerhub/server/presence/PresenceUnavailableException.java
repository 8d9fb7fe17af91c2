package io.peerhub.server.presence;

/** The presence store could not answer (Redis down or too slow); the node carries on with what it knows. */
public final class PresenceUnavailableException extends RuntimeException {

    public PresenceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
