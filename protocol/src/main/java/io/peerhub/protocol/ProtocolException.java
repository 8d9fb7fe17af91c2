package io.peerhub.protocol;

import java.util.Objects;

/**
 * A message was refused. Carries the error code to send back and, when the refused message's type
 * is known, that type as {@code ref}. Messages never echo client input: they are safe to log.
 */
public final class ProtocolException extends RuntimeException {

    private final ErrorCode code;
    private final String ref;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ProtocolException(ErrorCode code, String message, String ref) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.ref = ref;
    }

    public ErrorCode code() {
        return code;
    }

    /** The {@code type} of the message that caused the error, or null when it is unknown. */
    public String ref() {
        return ref;
    }

    /** The same error attributed to a message of the given type. */
    public ProtocolException withRef(String ref) {
        return new ProtocolException(code, getMessage(), ref);
    }

    /** The error as the server sends it. */
    public ErrorMessage toMessage() {
        return new ErrorMessage(code, getMessage(), ref);
    }
}
