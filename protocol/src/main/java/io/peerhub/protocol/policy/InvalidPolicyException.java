package io.peerhub.protocol.policy;

/** A policy that breaks a rule of docs/protocol.md, "Hub policy"; {@link #field()} is the field at fault ("" for the whole). */
public final class InvalidPolicyException extends RuntimeException {

    private final String field;

    public InvalidPolicyException(String field, String problem) {
        super(field.isEmpty() ? problem : field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
