package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * Something I sent was refused (wire type {@code error}). {@code ref} is the type of the message
 * that caused it, or null.
 */
public record ErrorMessage(ErrorCode code, String message, String ref) implements ServerMessage {

    public static final String TYPE = "error";

    public ErrorMessage {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("code", code.wire());
        out.put("message", message);
        if (ref != null) {
            out.put("ref", ref);
        }
    }

    static ErrorMessage read(JsonFields in) {
        return new ErrorMessage(
                in.requiredEnum("code", ErrorCode::fromWire, "a known error code"),
                in.requiredString("message"),
                in.optionalString("ref"));
    }
}
