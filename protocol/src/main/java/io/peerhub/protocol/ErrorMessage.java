package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Something I sent was refused (wire type {@code error}). {@code wireCode} is the code as sent:
 * a client keeps a code it does not know (a newer server's), so the error still arrives.
 * {@code ref} is the type of the message that caused it, or null.
 */
public record ErrorMessage(String wireCode, String message, String ref) implements ServerMessage {

    public static final String TYPE = "error";

    public ErrorMessage {
        Objects.requireNonNull(wireCode, "wireCode");
        Objects.requireNonNull(message, "message");
    }

    public ErrorMessage(ErrorCode code, String message, String ref) {
        this(code.wire(), message, ref);
    }

    /** The code, or null when it is not one of this version's ({@link #wireCode} says which). */
    public ErrorCode code() {
        return ErrorCode.fromWire(wireCode).orElse(null);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("code", wireCode);
        out.put("message", message);
        if (ref != null) {
            out.put("ref", ref);
        }
    }

    static ErrorMessage read(JsonFields in) {
        String code = in.requiredString("code");
        if (code.isEmpty()) {
            throw in.invalid("code", "an error code");
        }
        return new ErrorMessage(code, in.requiredString("message"), in.optionalString("ref"));
    }
}
