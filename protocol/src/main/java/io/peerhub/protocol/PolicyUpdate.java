package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.policy.HubPolicy;

/**
 * The hub's policy changed (wire type {@code policy}): it holds from now on for everyone in a room
 * of this node. {@code policy} null: the hub has none any more.
 */
public record PolicyUpdate(HubPolicy policy) implements ServerMessage {

    public static final String TYPE = "policy";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void writeFields(ObjectNode out) {
        if (policy == null) {
            out.putNull("policy");
        } else {
            policy.writeTo(out.putObject("policy"));
        }
    }

    static PolicyUpdate read(JsonFields in) {
        if (!in.has("policy")) {
            throw in.invalid("policy", "a policy or null");
        }
        return new PolicyUpdate(in.optionalPolicy("policy"));
    }
}
