package io.peerhub.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Change my display name; the room receives {@code peer-updated}. The name is trimmed on construction. */
public record Rename(String name) implements ClientMessage {

    public static final String TYPE = "rename";

    public Rename {
        name = DisplayName.normalize(name);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void checkValid() {
        DisplayName.check(name, TYPE);
    }

    @Override
    public void writeFields(ObjectNode out) {
        out.put("name", name);
    }

    static Rename read(JsonFields in) {
        return new Rename(in.requiredString("name"));
    }
}
